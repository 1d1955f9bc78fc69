"""A confirmed document is signed exactly once: concurrent and repeated completions give the same file; a crash
between signing and saving leaves no signed file or the whole one, and the 用印记录 matches what was delivered."""
import hashlib
import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from stamping_support import DOCUMENT, placed, principal  # noqa: F401

from backend.extensions import db
from backend.models import StampLog, StampRequest
from backend.services import stamp_log

pytestmark = pytest.mark.usefixtures("eseal_app")


@pytest.fixture
def eseal_settings(tmp_path):
    if os.environ.get("ESEAL_TEST_DATABASE_URL"):
        return {}
    # the in-memory SQLite is one connection shared by every thread: a file gives each its own, as a server has
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'once.db'}"}


def verified(eseal):
    """A document confirmed in the licence app, ready to sign: its request id."""
    uploaded = eseal.upload_document(DOCUMENT)
    confirmed = eseal.confirm_stamp(uploaded["id"], [placed(eseal.seals["公章"]), placed(eseal.seals["合同专用章"],
                                                                                          page=2)])
    credit_code = eseal.seals["公章"]["credit_code"]
    eseal.return_to_stamp(eseal.verify_in_licence_app(confirmed["jump_url"], credit_code), uploaded["id"])
    return uploaded["id"]


def twin(app, client):
    other = app.test_client()
    for cookie in client._cookies.values():
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return other


def signed_files(app, request_id):
    return sorted(name for name in os.listdir(app.config["ESEAL_STAMP_DIR"])
                  if name.startswith(request_id) and name.endswith(".signed.pdf"))


def logs(app):
    with app.app_context():
        return db.session.scalars(select(StampLog).order_by(StampLog.id)).all()


def test_concurrent_completions_sign_once_and_answer_the_same_file(principal, eseal_app):
    request_id = verified(principal)
    clients = [principal.browser.client, twin(eseal_app, principal.browser.client)]
    barrier, answers = threading.Barrier(2), [None, None]

    def complete(index):
        barrier.wait()
        reply = clients[index].post(f"/api/stamp-requests/{request_id}/complete", json={})
        answers[index] = (reply.status_code, reply.get_json())

    threads = [threading.Thread(target=complete, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [status for status, _ in answers] == [200, 200], answers
    assert answers[0][1]["sha256_after"] == answers[1][1]["sha256_after"]
    assert len(logs(eseal_app)) == 2 and len(signed_files(eseal_app, request_id)) == 1
    assert hashlib.sha256(principal.download_stamped(request_id)).hexdigest() == answers[0][1]["sha256_after"]


def test_a_crash_between_signing_and_saving_delivers_nothing_and_the_next_completion_signs(principal, eseal_app,
                                                                                           monkeypatch):
    request_id = verified(principal)
    append = stamp_log.append
    calls = {"n": 0}

    def dying(*args, **kwargs):  # the process "dies" after the signed file is written, before the commit
        calls["n"] += 1
        if calls["n"] == 1:
            raise SystemExit("killed")
        return append(*args, **kwargs)

    monkeypatch.setattr(stamp_log, "append", dying)
    with pytest.raises(SystemExit):
        principal.browser.client.post(f"/api/stamp-requests/{request_id}/complete", json={})
    assert principal.browser.request("GET", f"/api/stamp-requests/{request_id}/file").status == 404
    assert logs(eseal_app) == [] and signed_files(eseal_app, request_id) == []
    assert principal.calls.get(f"/api/stamp-requests/{request_id}")["status"] == "verified"
    done = principal.complete_stamp(request_id)
    delivered = principal.download_stamped(request_id)
    assert hashlib.sha256(delivered).hexdigest() == done["sha256_after"]
    assert {row.sha256_after for row in logs(eseal_app)} == {done["sha256_after"]}
    assert len(signed_files(eseal_app, request_id)) == 1


def test_a_signing_claim_left_by_a_dead_process_is_taken_over(principal, eseal_app, eseal_clock):
    request_id = verified(principal)
    with eseal_app.app_context():  # as a completion that died mid-signing leaves it
        db.session.execute(update(StampRequest).where(StampRequest.id == request_id)
                           .values(status="signing", signing_started_at=eseal_clock.now))
        db.session.commit()
    eseal_clock.advance(121)
    done = principal.complete_stamp(request_id)
    assert done["status"] == "signed" and len(logs(eseal_app)) == 2


def test_a_signed_file_is_kept_for_its_days_then_deleted_while_its_log_stays(principal, eseal_app, eseal_clock):
    request_id = verified(principal)
    principal.complete_stamp(request_id)
    runner = eseal_app.test_cli_runner()
    eseal_clock.advance(timedelta(days=6).total_seconds())
    assert "已盖章文件 0 份" in runner.invoke(args=["purge"]).output
    assert principal.download_stamped(request_id).startswith(b"%PDF-")
    eseal_clock.advance(timedelta(days=1, seconds=1).total_seconds())
    assert "已盖章文件 1 份" in runner.invoke(args=["purge"]).output
    principal.login(principal.person)  # a week on: the login session has ended too
    reply = principal.browser.request("GET", f"/api/stamp-requests/{request_id}/file")
    assert reply.status == 404 and reply.json()["message"] == "已盖章文件不存在或已超过保存期限"
    assert principal.calls.get(f"/api/stamp-requests/{request_id}")["file_url"] is None
    assert len(logs(eseal_app)) == 2 and signed_files(eseal_app, request_id) == []


def test_an_upload_never_stamped_is_removed_once_expired(principal, eseal_app, eseal_clock):
    uploaded = principal.upload_document(DOCUMENT)
    eseal_clock.advance(timedelta(hours=24, seconds=1).total_seconds())
    assert "上传文件 1 份" in eseal_app.test_cli_runner().invoke(args=["purge"]).output
    assert principal.browser.request("GET", f"/api/stamp-requests/{uploaded['id']}").status == 404
    assert not [n for n in os.listdir(eseal_app.config["ESEAL_STAMP_DIR"]) if n.startswith(uploaded["id"])]

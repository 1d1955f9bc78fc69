"""下载印章 end to end: one verified jump gives one set of receipts, exactly once; refusals write nothing."""
import pytest

from backend.testing.client import (assert_error, callback, elicense_csrf, login, page_text, start_download,
                                   verify_licence)
from backend.testing.state import download_row, enterprise_by_phone, filed_seal_count, snapshot
from backend.testing.tokens import result_token

PHONE = "13800000002"  # 林晓红: licence downloaded and synced, password 135790


@pytest.fixture
def principal(app, demo):
    client = app.test_client()
    login(client, PHONE)
    return client, enterprise_by_phone(app, PHONE)[0]


def complete(client, download_id):
    return client.post(f"/api/downloads/{download_id}/complete", json={})


def test_verified_jump_puts_every_filed_seal_in_the_wallet_once(app, principal):
    client, ent = principal
    started = start_download(client, ent)
    back = client.get(verify_licence(client, started["jump_url"]))
    assert back.status_code == 303
    assert back.headers["Location"] == f"/h5/#/eseal/result?download={started['id']}"
    assert back.headers["Referrer-Policy"] == "no-referrer"

    done = complete(client, started["id"])
    assert done.status_code == 200, done.get_json()
    filed = filed_seal_count(app, ent)
    assert filed > 0 and len(done.get_json()["receipts"]) == filed
    after = snapshot(app)
    assert after["receipts"] == filed and after["download_events"] == filed and after["spent_tokens"] == 1
    assert after["downloads"] == [(started["id"], "completed")]
    assert len(client.get(f"/api/enterprises/{ent}/wallet").get_json()["items"]) == filed


def test_completing_again_answers_the_same_receipts_and_adds_nothing(app, principal):
    client, ent = principal
    started = start_download(client, ent)
    client.get(verify_licence(client, started["jump_url"]))
    first = complete(client, started["id"])
    before = snapshot(app)
    again = complete(client, started["id"])
    assert again.status_code == 200
    assert again.get_json()["receipts"] == first.get_json()["receipts"]
    assert snapshot(app) == before


def test_the_callback_marks_the_download_verified_on_the_server_and_no_token_rides_in_the_cookie(app, principal):
    client, ent = principal
    started = start_download(client, ent)
    client.get(verify_licence(client, started["jump_url"]))
    with client.session_transaction() as cookie:
        assert set(cookie["download"]) == {"id", "state"}  # the binding only: no result token to replay
    assert download_row(app, started["id"])["status"] == "verified"
    assert complete(client, started["id"]).status_code == 200
    assert download_row(app, started["id"])["status"] == "completed"
    with client.session_transaction() as cookie:
        assert "download" not in cookie and cookie.get("_user_id")  # still logged in
    assert complete(client, started["id"]).status_code == 200  # asking again still answers the receipts


def test_callback_replayed_after_success_is_refused_with_a_page(app, principal):
    client, ent = principal
    started = start_download(client, ent)
    url = verify_licence(client, started["jump_url"])
    client.get(url)
    complete(client, started["id"])
    before = snapshot(app)
    replay = client.get(url)
    assert replay.status_code == 400
    assert "该跳转凭证已使用" in page_text(replay)
    assert snapshot(app) == before


def test_cancelled_result_returns_to_the_download_page_and_downloads_nothing(app, clock, principal):
    client, ent = principal
    started = start_download(client, ent)
    client.get(started["jump_url"])
    csrf = elicense_csrf(client.get("/elicense/"))
    before = snapshot(app)
    cancelled = client.post("/elicense/cancel", data={"csrf": csrf})
    assert cancelled.status_code == 303
    back = client.get(cancelled.headers["Location"].removeprefix("http://localhost"))
    assert back.status_code == 303
    assert back.headers["Location"] == f"/h5/#/eseal/download?ent={ent}&cancelled=1"
    assert_error(complete(client, started["id"]), 400, "not_verified", "尚未完成电子营业执照身份验证，请重新发起下载")
    assert_cancelled_and_nothing_received(app, before, started["id"])


def assert_cancelled_and_nothing_received(app, before, download_id):
    """A cancelled jump ends its download session (its result spent); no receipt, no 下载 event."""
    after = snapshot(app)
    assert (after["receipts"], after["download_events"]) == (before["receipts"], before["download_events"])
    assert after["spent_tokens"] == before["spent_tokens"] + 1
    assert dict(after["downloads"])[download_id] == "cancelled"


def test_hand_made_cancelled_result_cannot_be_completed(app, clock, principal):
    client, ent = principal
    started = start_download(client, ent)
    before = snapshot(app)
    back = callback(client, result_token(app, clock, started["id"], outcome="cancelled"))
    assert back.headers["Location"] == f"/h5/#/eseal/download?ent={ent}&cancelled=1"
    refused = complete(client, started["id"])
    assert (refused.status_code, refused.get_json()["error"]) == (400, "not_verified")
    assert_cancelled_and_nothing_received(app, before, started["id"])


def test_complete_without_a_verified_callback_is_refused_and_writes_nothing(app, principal):
    client, ent = principal
    started = start_download(client, ent)
    before = snapshot(app)
    assert_error(complete(client, started["id"]), 400, "not_verified", "尚未完成电子营业执照身份验证，请重新发起下载")
    assert snapshot(app) == before


def test_complete_of_another_users_download_is_not_found(app, clock, principal):
    client, ent = principal
    started = start_download(client, ent)
    client.get(verify_licence(client, started["jump_url"]))
    other = app.test_client()
    login(other, "13800000001")
    before = snapshot(app)
    assert_error(complete(other, started["id"]), 404, "download_not_found", "未找到该下载记录")
    assert_error(complete(other, "no-such-download"), 404, "download_not_found")
    assert snapshot(app) == before


def test_download_older_than_the_jump_ttl_cannot_complete_even_with_a_fresh_result(app, clock, principal):
    client, ent = principal
    started = start_download(client, ent)
    before = snapshot(app)
    clock.advance(app.config["ESEAL_JUMP_TTL_SECONDS"] + 1)
    callback(client, result_token(app, clock, started["id"]))  # freshly signed, otherwise valid
    refused = complete(client, started["id"])
    assert refused.status_code == 400
    assert refused.get_json()["error"] in {"download_session_expired", "not_verified"}
    assert "请重新发起下载" in refused.get_json()["message"]
    assert snapshot(app) == before

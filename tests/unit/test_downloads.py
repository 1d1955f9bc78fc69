"""下载印章 in the domain: only filed seals, exactly once per session, single-use result tokens."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.models import DownloadSession, Receipt, SealEvent, SpentToken
from backend.services import downloads, jump_tokens, seals
from backend.services.errors import Conflict, NotFound
from backend.services.jump_service import JumpRefused, JumpService
from tests.factories import NOW, enterprise, id_number, verify
from tests.unit.test_jump_tokens import new_ring

LICENCE_RING = new_ring()


@pytest.fixture
def jumps():
    return JumpService(key_ring=new_ring(), licence_keys=LICENCE_RING.public_keys(), client_id="eseal-h5",
                       licence_issuer="elicense", callback_url="https://a.example/api/elicense/callback",
                       licence_url="https://b.example/elicense", ttl_seconds=300, subject_key=b"k" * 32)


def result(jumps, session, download, outcome="verified", **changes):
    """The licence app's answer for this download, signed with its ring."""
    credit = session.get(downloads.Enterprise, download.enterprise_id).credit_code
    args = dict(issuer="elicense", audience="eseal-h5", subject=jumps.subject(download.user_id), credit_code=credit,
                outcome=outcome, nonce=download.nonce, state=download.state, now=NOW, ttl_seconds=300)
    return jump_tokens.issue_result(LICENCE_RING, **{**args, **changes})


def bound(download):
    return {"id": download.id, "state": download.state}


def verified(session, jumps, principal, enterprise_id):
    download = downloads.start(session, principal, enterprise_id, "v1", NOW, 300)
    return downloads.accept_result(session, jumps, result(jumps, session, download), bound(download), principal, NOW)


@pytest.fixture
def principal(session, applicant):
    verify(applicant, "张三", id_number(1))
    session.commit()
    return applicant


def count(session, model, **where):
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.scalar(query)


def test_download_refused_before_filing(session, principal):
    unfiled = enterprise(session, principal, principal="张三", serial=1)
    with pytest.raises(Conflict) as refused:
        downloads.start(session, principal, unfiled.id, "v1", NOW, 300)
    assert refused.value.message == "印章备案未完成，请等待实物印章备案完成后再开始下载。"


def test_download_refused_for_someone_who_is_not_the_principal(session, principal):
    other = enterprise(session, principal, principal="李四", serial=2, filed=True)
    with pytest.raises(NotFound):
        downloads.start(session, principal, other.id, "v1", NOW, 300)


def test_completion_receives_each_filed_seal_once_with_a_download_event(session, principal, jumps):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = verified(session, jumps, principal, filed.id)
    _, received = downloads.complete(session, download.id, principal, bound(download), NOW)
    _, again = downloads.complete(session, download.id, principal, bound(download), NOW)
    seal_ids = sorted(s.id for s in seals.seals_of(session, filed))
    assert sorted(r.seal_id for r in received) == seal_ids
    assert [r.id for r in again] == [r.id for r in received]
    assert count(session, Receipt) == len(seal_ids)
    assert count(session, SealEvent, kind="download") == len(seal_ids)


def test_expired_download_session_is_refused_and_adds_nothing(session, principal, jumps):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = verified(session, jumps, principal, filed.id)
    with pytest.raises(downloads.DownloadRefused) as refused:
        downloads.complete(session, download.id, principal, bound(download), NOW + timedelta(seconds=301))
    assert refused.value.code == "download_session_expired"
    assert count(session, Receipt) == 0 and session.get(DownloadSession, download.id).status == "verified"


def test_a_result_is_believed_once_and_marks_the_download_verified(session, principal, jumps):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = downloads.start(session, principal, filed.id, "v1", NOW, 300)
    token = result(jumps, session, download)
    assert downloads.accept_result(session, jumps, token, bound(download), principal, NOW).status == "verified"
    with pytest.raises(downloads.DownloadRefused) as refused:
        downloads.accept_result(session, jumps, token, bound(download), principal, NOW)
    assert refused.value.code == "token_replayed"
    assert count(session, SpentToken) == 1


@pytest.mark.parametrize(("changes", "code"), [
    ({"purpose": "stamp", "binding": "0" * 64}, "token_purpose"),
    ({"state": "another-state"}, "state_mismatch"),
    ({"nonce": "another-nonce"}, "token_claims"),
    ({"subject": "someone-else"}, "token_claims"),
    ({"credit_code": "91440101MA5CYK1A0X"}, "token_claims"),
])
def test_a_result_for_another_purpose_or_download_is_refused_and_writes_nothing(session, principal, jumps,
                                                                                 changes, code):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = downloads.start(session, principal, filed.id, "v1", NOW, 300)
    with pytest.raises(JumpRefused) as refused:
        downloads.accept_result(session, jumps, result(jumps, session, download, **changes), bound(download),
                                principal, NOW)
    assert refused.value.code == code
    assert count(session, SpentToken) == 0 and session.get(DownloadSession, download.id).status == "started"


def test_completion_needs_the_server_side_verification_not_a_token(session, principal, jumps):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = downloads.start(session, principal, filed.id, "v1", NOW, 300)
    with pytest.raises(downloads.DownloadRefused) as refused:
        downloads.complete(session, download.id, principal, bound(download), NOW)
    assert refused.value.code == "not_verified" and count(session, Receipt) == 0


def test_result_token_id_is_spent_once(session):
    downloads.spend_token(session, "jti-1", NOW + timedelta(minutes=5), NOW)
    session.commit()
    with pytest.raises(downloads.DownloadRefused) as refused:
        downloads.spend_token(session, "jti-1", NOW + timedelta(minutes=5), NOW)
    assert refused.value.code == "token_replayed"

"""下载印章 in the domain: only filed seals, exactly once per session, single-use result tokens."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.models import Receipt, SealEvent
from backend.services import downloads, seals
from backend.services.errors import Conflict, NotFound
from tests.factories import NOW, enterprise, id_number, verify


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


def test_completion_receives_each_filed_seal_once_with_a_download_event(session, principal):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = downloads.start(session, principal, filed.id, "v1", NOW, 300)
    received = downloads.complete(session, download, principal, NOW)
    again = downloads.complete(session, download, principal, NOW)
    seal_ids = sorted(s.id for s in seals.seals_of(session, filed))
    assert sorted(r.seal_id for r in received) == seal_ids
    assert [r.id for r in again] == [r.id for r in received]
    assert count(session, Receipt) == len(seal_ids)
    assert count(session, SealEvent, kind="download") == len(seal_ids)


def test_expired_download_session_is_refused_and_adds_nothing(session, principal):
    filed = enterprise(session, principal, principal="张三", serial=1, filed=True)
    download = downloads.start(session, principal, filed.id, "v1", NOW, 300)
    with pytest.raises(downloads.DownloadRefused):
        downloads.complete(session, download, principal, NOW + timedelta(seconds=301))
    assert count(session, Receipt) == 0


def test_result_token_id_is_spent_once(session):
    downloads.spend_token(session, "jti-1", NOW + timedelta(minutes=5), NOW)
    session.commit()
    with pytest.raises(downloads.DownloadRefused) as refused:
        downloads.spend_token(session, "jti-1", NOW + timedelta(minutes=5), NOW)
    assert refused.value.code == "token_replayed"

"""印章: 申请 → 刻制完成 → 备案完成, with an event per step and the gift SMS at the end."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.models import Seal, SealEvent
from backend.services import seals, sms
from backend.services.errors import Conflict, NotFound
from tests.factories import NOW, enterprise

PRINCIPAL_PHONE = "13900000001"
APPLICANT_PHONE = "13700000000"


@pytest.fixture
def company(session, applicant):
    return enterprise(session, applicant, phone=PRINCIPAL_PHONE, seals_=("official", "finance", "contract"))


def carve_and_file(session, seal, now=NOW):
    seals.mark_carved(session, seal.id, now)
    return seals.mark_filed(session, seal.id, now + timedelta(hours=1))


def events_of(session, seal):
    return session.scalars(select(SealEvent).where(SealEvent.seal_id == seal.id).order_by(SealEvent.id)).all()


def test_carving_marks_the_seal_carved_at_the_given_time(session, company):
    seal = seals.seals_of(session, company)[0]
    seals.mark_carved(session, seal.id, NOW)
    assert (seal.status, seal.carved_at, seal.code) == ("carved", NOW, None)


def test_filing_before_carving_is_refused(session, company):
    seal = seals.seals_of(session, company)[0]
    with pytest.raises(Conflict):
        seals.mark_filed(session, seal.id, NOW)
    assert (seal.status, seal.code, seal.filed_at) == ("pending", None, None)


def test_carving_twice_is_refused(session, company):
    seal = seals.seals_of(session, company)[0]
    seals.mark_carved(session, seal.id, NOW)
    with pytest.raises(Conflict):
        seals.mark_carved(session, seal.id, NOW)


def test_filing_twice_is_refused_and_keeps_the_code(session, company):
    seal = carve_and_file(session, seals.seals_of(session, company)[0])
    code = seal.code
    with pytest.raises(Conflict):
        seals.mark_filed(session, seal.id, NOW + timedelta(days=1))
    assert seal.code == code


def test_carving_a_filed_seal_is_refused(session, company):
    seal = carve_and_file(session, seals.seals_of(session, company)[0])
    with pytest.raises(Conflict):
        seals.mark_carved(session, seal.id, NOW)
    assert seal.status == "filed"


@pytest.mark.parametrize("action", [seals.mark_carved, seals.mark_filed])
def test_unknown_seal_is_not_found(session, action):
    with pytest.raises(NotFound):
        action(session, 12345, NOW)


def test_filing_gives_the_seal_a_13_digit_code_and_the_filing_time(session, company):
    seal = carve_and_file(session, seals.seals_of(session, company)[0])
    assert len(seal.code) == 13 and seal.code.isdigit()
    assert (seal.status, seal.filed_at) == ("filed", NOW + timedelta(hours=1))


def test_filed_codes_are_unique_across_enterprises(session, applicant, company):
    other = enterprise(session, applicant, name="广州市第二测试有限公司", serial=2, phone="13900000002",
                       seals_=("official", "invoice"))
    filed = [carve_and_file(session, s) for s in seals.seals_of(session, company) + seals.seals_of(session, other)]
    codes = [s.code for s in filed]
    assert len(set(codes)) == len(codes) == 5


def test_filing_changes_the_seal_version(session, company):
    seal = seals.seals_of(session, company)[0]
    before = seal.version
    carve_and_file(session, seal)
    assert seal.version != before


def test_each_step_records_one_event_in_order(session, company):
    seal = carve_and_file(session, seals.seals_of(session, company)[0])
    events = events_of(session, seal)
    assert [e.kind for e in events] == ["apply", "carve", "file"]
    assert [e.created_at for e in events[1:]] == [NOW, NOW + timedelta(hours=1)]
    assert seal.code in events[2].detail
    assert {e.enterprise_id for e in events} == {company.id}


def test_refused_step_records_no_event(session, company):
    seal = seals.seals_of(session, company)[0]
    with pytest.raises(Conflict):
        seals.mark_filed(session, seal.id, NOW)
    assert [e.kind for e in events_of(session, seal)] == ["apply"]


def test_gift_sms_waits_until_the_last_seal_is_filed(session, company):
    *first, last = seals.seals_of(session, company)
    for seal in first:
        carve_and_file(session, seal)
    assert sms.outbox(session, PRINCIPAL_PHONE) == []
    seals.mark_carved(session, last.id, NOW)
    assert sms.outbox(session, PRINCIPAL_PHONE) == []
    seals.mark_filed(session, last.id, NOW)
    messages = sms.outbox(session, PRINCIPAL_PHONE)
    assert [m.kind for m in messages] == ["gift_ready"]
    assert company.name in messages[0].content and "证照卡包" in messages[0].content


def test_gift_sms_is_sent_once(session, company):
    for seal in seals.seals_of(session, company):
        carve_and_file(session, seal)
    last = seals.seals_of(session, company)[-1]
    with pytest.raises(Conflict):
        seals.mark_filed(session, last.id, NOW)
    assert len(sms.outbox(session, PRINCIPAL_PHONE)) == 1


def test_gift_sms_goes_to_the_principal_not_the_applicant(session, company):
    for seal in seals.seals_of(session, company):
        carve_and_file(session, seal)
    assert sms.outbox(session, APPLICANT_PHONE) == []
    assert len(sms.outbox(session, PRINCIPAL_PHONE)) == 1


def test_gift_sms_names_the_principal_role_of_a_partnership(session, applicant):
    partnership = enterprise(session, applicant, type_="partnership", seals_=("official",), phone=PRINCIPAL_PHONE)
    carve_and_file(session, seals.seals_of(session, partnership)[0])
    assert "执行事务合伙人" in sms.outbox(session, PRINCIPAL_PHONE)[0].content


def test_filing_every_seal_of_one_enterprise_does_not_notify_another(session, applicant, company):
    other = enterprise(session, applicant, name="广州市第二测试有限公司", serial=2, phone="13900000002")
    for seal in seals.seals_of(session, company):
        carve_and_file(session, seal)
    assert sms.outbox(session, "13900000002") == []
    assert not seals.all_filed(seals.seals_of(session, other))
    assert seals.all_filed(seals.seals_of(session, company))


def test_an_enterprise_without_seals_is_not_all_filed(session, applicant):
    bare = enterprise(session, applicant, free_eseal=False)
    assert not seals.all_filed(seals.seals_of(session, bare))


def test_filed_status_is_stored(session, company):
    seal = carve_and_file(session, seals.seals_of(session, company)[0])
    session.expire_all()
    stored = session.scalar(select(Seal).where(Seal.id == seal.id))
    assert (stored.status, stored.code) == ("filed", seal.code)


def test_filing_past_the_last_serial_of_the_region_is_refused_and_writes_nothing(session, company):
    last = Seal(id=seals.MAX_SERIAL, enterprise_id=company.id, type="invoice", status="pending")
    beyond = Seal(id=seals.MAX_SERIAL + 1, enterprise_id=company.id, type="personal", status="pending")
    session.add_all([last, beyond])
    session.commit()
    assert carve_and_file(session, last).code == "4401009999999"  # the last 13-digit code
    seals.mark_carved(session, beyond.id, NOW)
    before = len(events_of(session, beyond))
    with pytest.raises(Conflict) as refused:
        seals.mark_filed(session, beyond.id, NOW + timedelta(hours=1))
    assert refused.value.message == "本地区印章编码已用尽，暂不能备案，请联系公安机关分配编码"
    session.rollback()
    session.refresh(beyond)
    assert (beyond.status, beyond.code, len(events_of(session, beyond))) == ("carved", None, before)

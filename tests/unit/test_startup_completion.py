"""开办企业: completing a start-up registers the enterprise and issues the gift package."""
import pytest
from sqlalchemy import func, select

from backend.models import Enterprise, GiftItem, SealEvent, User
from backend.services import seals, startups
from backend.services.errors import Conflict, Invalid, NotFound
from backend.services.identifiers import credit_code_problem, id_number_digest
from tests.factories import KEY, NOW, credit_code, id_number, startup_data


def submit(session, applicant, **kwargs):
    return startups.submit(session, applicant, startup_data(**kwargs), NOW, KEY)


def gift_kinds(session, enterprise):
    return set(session.scalars(select(GiftItem.kind).where(GiftItem.enterprise_id == enterprise.id)))


def test_completion_with_free_eseal_issues_licence_eseal_and_einvoice(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant, free_eseal=True).id, NOW)
    assert gift_kinds(session, enterprise) == {"licence", "eseal", "einvoice"}


def test_completion_with_free_eseal_creates_one_pending_seal_per_carved_type(session, applicant):
    application = submit(session, applicant, seals_=("official", "finance", "invoice", "contract", "personal"))
    enterprise = startups.complete(session, application.id, NOW)
    created = seals.seals_of(session, enterprise)
    assert sorted(s.type for s in created) == sorted(["official", "finance", "invoice", "contract", "personal"])
    assert {s.status for s in created} == {"pending"}
    assert all(s.code is None for s in created)


def test_a_seal_type_listed_twice_is_carved_once(session, applicant):
    application = submit(session, applicant, seals_=("finance", "finance", "official"))
    enterprise = startups.complete(session, application.id, NOW)
    assert sorted(s.type for s in seals.seals_of(session, enterprise)) == ["finance", "official"]


def test_official_seal_is_included_even_when_not_listed(session, applicant):
    application = submit(session, applicant, seals_=("finance",))
    assert "official" in application.seal_types
    enterprise = startups.complete(session, application.id, NOW)
    assert sorted(s.type for s in seals.seals_of(session, enterprise)) == ["finance", "official"]


def test_official_seal_alone_when_no_seal_type_is_listed(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant, seals_=()).id, NOW)
    assert [s.type for s in seals.seals_of(session, enterprise)] == ["official"]


def test_every_new_seal_has_one_apply_event(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant, seals_=("official", "contract")).id, NOW)
    for seal in seals.seals_of(session, enterprise):
        events = session.scalars(select(SealEvent).where(SealEvent.seal_id == seal.id)).all()
        assert [e.kind for e in events] == ["apply"]
        assert events[0].enterprise_id == enterprise.id
        assert seals.seal_name(seal) in events[0].detail


def test_completion_without_free_eseal_issues_no_seal_and_no_eseal_gift(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant, free_eseal=False).id, NOW)
    assert gift_kinds(session, enterprise) == {"licence", "einvoice"}
    assert seals.seals_of(session, enterprise) == []
    assert session.scalar(select(func.count()).select_from(SealEvent)) == 0


def test_completed_enterprise_carries_the_application_and_its_principal(session, applicant):
    application = submit(session, applicant, name="广州市甲乙科技有限公司", type_="partnership", principal="李四",
                         serial=5, phone="13900000005")
    enterprise = startups.complete(session, application.id, NOW)
    assert (enterprise.name, enterprise.type, enterprise.principal_name, enterprise.principal_phone) == (
        "广州市甲乙科技有限公司", "partnership", "李四", "13900000005")
    assert enterprise.principal_id_digest == id_number_digest(id_number(5), KEY)
    assert enterprise.principal_role == "执行事务合伙人"
    assert (application.status, application.enterprise_id, application.completed_at) == (
        "completed", enterprise.id, NOW)


def test_completing_twice_is_a_conflict(session, applicant):
    application = submit(session, applicant)
    startups.complete(session, application.id, NOW)
    with pytest.raises(Conflict):
        startups.complete(session, application.id, NOW)
    assert session.scalar(select(func.count()).select_from(Enterprise)) == 1


def test_completing_an_unknown_application_is_not_found(session):
    with pytest.raises(NotFound):
        startups.complete(session, 999, NOW)


def test_generated_credit_code_is_valid(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant).id, NOW)
    assert credit_code_problem(enterprise.credit_code) is None


def test_operator_credit_code_is_used_when_valid(session, applicant):
    enterprise = startups.complete(session, submit(session, applicant).id, NOW, credit_code="9144030071526726XG")
    assert enterprise.credit_code == "9144030071526726XG"


def test_operator_credit_code_with_wrong_check_character_is_refused(session, applicant):
    application = submit(session, applicant)
    with pytest.raises(Invalid) as refused:
        startups.complete(session, application.id, NOW, credit_code="9144030071526726XH")
    assert "credit_code" in refused.value.fields
    assert application.status == "submitted"
    assert session.scalar(select(func.count()).select_from(Enterprise)) == 0


def test_operator_credit_code_already_used_is_a_conflict(session, applicant):
    code = credit_code(1)
    startups.complete(session, submit(session, applicant).id, NOW, credit_code=code)
    second = submit(session, applicant, name="广州市另一家有限公司")
    with pytest.raises(Conflict):
        startups.complete(session, second.id, NOW, credit_code=code)
    assert session.get(type(second), second.id).status == "submitted"


def test_applications_of_a_user_list_only_their_own(session, applicant):
    other = User(phone="13700000001")
    session.add(other)
    session.commit()
    mine = submit(session, applicant)
    submit(session, other)
    assert [a.id for a in startups.applications_of(session, applicant)] == [mine.id]
    with pytest.raises(NotFound):
        startups.application_of(session, other, mine.id)


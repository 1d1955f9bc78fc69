"""实名认证 and what a verified user may see: only the enterprises whose principal they are."""
from datetime import timedelta

import pytest

from backend.models import User
from backend.services import enterprises, realname
from backend.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import KEY, NOW, enterprise, id_number, verify


def new_user(session, phone):
    user = User(phone=phone)
    session.add(user)
    session.commit()
    return user


def verified_by_face(session, user, name, number, now=NOW):
    check = realname.start_check(session, user, name, number, now, KEY)
    return realname.complete_face_step(session, user, check.id, now)


def test_name_and_id_then_face_step_verify_the_user(session, applicant):
    check = realname.start_check(session, applicant, "张三", id_number(1), NOW, KEY)
    assert not applicant.is_verified
    assert realname.pending_check(session, applicant, NOW).id == check.id
    realname.complete_face_step(session, applicant, check.id, NOW)
    assert applicant.is_verified
    assert (applicant.real_name, applicant.id_masked) == ("张三", id_number(1)[:4] + "*" * 10 + id_number(1)[-4:])
    assert id_number(1) not in (applicant.id_digest, check.id_digest)


def test_face_step_on_someone_elses_check_is_not_found(session, applicant):
    other = new_user(session, "13700000001")
    check = realname.start_check(session, applicant, "张三", id_number(1), NOW, KEY)
    with pytest.raises(NotFound):
        realname.complete_face_step(session, other, check.id, NOW)
    assert not other.is_verified


def test_face_step_after_ten_minutes_is_refused(session, applicant):
    check = realname.start_check(session, applicant, "张三", id_number(1), NOW, KEY)
    with pytest.raises(Invalid):
        realname.complete_face_step(session, applicant, check.id, NOW + timedelta(minutes=10, seconds=1))
    assert not applicant.is_verified


def test_same_id_number_cannot_verify_a_second_account(session, applicant):
    verified_by_face(session, applicant, "张三", id_number(1))
    other = new_user(session, "13700000001")
    with pytest.raises(Conflict):
        verified_by_face(session, other, "张三", id_number(1))
    assert not other.is_verified


def test_verified_user_cannot_start_another_check(session, applicant):
    verified_by_face(session, applicant, "张三", id_number(1))
    with pytest.raises(Conflict):
        realname.start_check(session, applicant, "李四", id_number(2), NOW, KEY)


def test_unverified_user_sees_no_enterprise(session, applicant):
    enterprise(session, applicant)
    with pytest.raises(Forbidden):
        enterprises.enterprises_of(session, applicant)


def test_principal_sees_the_enterprise_the_applicant_does_not(session, applicant):
    created = enterprise(session, applicant, principal="张三", serial=1)
    verify(applicant, "李四", id_number(2))
    principal = new_user(session, "13900000001")
    verify(principal, "张三", id_number(1))
    session.commit()
    assert enterprises.enterprises_of(session, applicant) == []
    assert [e.id for e in enterprises.enterprises_of(session, principal)] == [created.id]
    assert enterprises.enterprise_of(session, principal, created.id).id == created.id
    with pytest.raises(NotFound):
        enterprises.enterprise_of(session, applicant, created.id)


def test_same_id_number_under_another_name_is_not_the_principal(session, applicant):
    created = enterprise(session, applicant, principal="张三", serial=1)
    verify(applicant, "张四", id_number(1))
    session.commit()
    with pytest.raises(NotFound):
        enterprises.enterprise_of(session, applicant, created.id)


def test_gift_package_counts_the_seals(session, applicant):
    created = enterprise(session, applicant, seals_=("official", "finance", "invoice"))
    bare = enterprise(session, applicant, name="广州市无章有限公司", serial=2, free_eseal=False)
    packages = enterprises.gift_packages(session, [created, bare])
    assert sorted((kind, count) for kind, _, count in packages[created.id]) == [
        ("einvoice", None), ("eseal", 3), ("licence", None)]
    assert sorted(kind for kind, _, _ in packages[bare.id]) == ["einvoice", "licence"]

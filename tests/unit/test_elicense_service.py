"""App B's licences: principal rule, passwords, data sync and the lock after five wrong passwords."""
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend.elicense import service
from backend.elicense.models import ElicenseHolder, LicenceHolding
from backend.elicense.passwords import check_password, hash_password
from backend.extensions import db
from backend.models import User
from backend.services.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from backend.services.identifiers import id_number_digest
from tests import factories
from tests.factories import KEY, NOW, id_number

PASSWORD = "246810"


@pytest.fixture
def enterprise(session, applicant):
    return factories.enterprise(session, applicant)  # principal 张三, id_number(1)


@pytest.fixture
def holder(session):
    return service.find_or_create_holder(session, "张三", id_number_digest(id_number(1), KEY), NOW)


def download(session, holder, enterprise, sync_seconds=0, now=NOW):
    return service.download_licence(session, holder, enterprise.credit_code, PASSWORD, PASSWORD, now, sync_seconds)


def test_licences_listed_only_for_the_principal(session, enterprise):
    digest = id_number_digest(id_number(1), KEY)
    assert [e.credit_code for e in service.licences_for_principal(session, "张三", digest)] == [enterprise.credit_code]
    assert service.licences_for_principal(session, "李四", digest) == []
    assert service.licences_for_principal(session, "张三", id_number_digest(id_number(2), KEY)) == []


def test_holder_from_realname_keeps_only_a_digest(session):
    holder = service.holder_from_realname(session, "张三", id_number(1).lower(), KEY, NOW)
    assert holder.id_digest == id_number_digest(id_number(1), KEY)
    assert service.holder_from_realname(session, "张三", id_number(1), KEY, NOW).id == holder.id


def test_holder_from_realname_refuses_a_bad_id_number(session):
    with pytest.raises(Invalid) as refused:
        service.holder_from_realname(session, "张三", "440106198803021230", KEY, NOW)
    assert "id_number" in refused.value.fields


def test_download_refused_to_someone_not_principal(session, enterprise):
    other = service.find_or_create_holder(session, "李四", id_number_digest(id_number(2), KEY), NOW)
    with pytest.raises(Forbidden) as refused:
        download(session, other, enterprise)
    assert "法定代表人" in refused.value.message
    assert session.scalars(select(LicenceHolding)).all() == []


def test_download_of_an_unknown_enterprise_is_not_found(session, holder):
    with pytest.raises(NotFound):
        service.download_licence(session, holder, factories.credit_code(99), PASSWORD, PASSWORD, NOW, 0)


@pytest.mark.parametrize("password", ["12345", "1234567", "12345a", "１２３４５６", "123456\n", ""])
def test_password_must_be_six_digits(session, holder, enterprise, password):
    with pytest.raises(Invalid) as refused:
        service.download_licence(session, holder, enterprise.credit_code, password, password, NOW, 0)
    assert refused.value.message == "执照密码应为6位数字"


def test_both_password_entries_must_match(session, holder, enterprise):
    with pytest.raises(Invalid) as refused:
        service.download_licence(session, holder, enterprise.credit_code, PASSWORD, "246811", NOW, 0)
    assert refused.value.message == "两次输入的密码不一致"
    assert refused.value.fields == {"password2": "两次输入的密码不一致"}


def test_download_stores_a_salted_hash_never_the_password(session, holder, enterprise):
    holding = download(session, holder, enterprise, sync_seconds=30)
    assert PASSWORD not in holding.password_hash
    assert holding.password_hash.startswith("scrypt$16384$8$1$")
    assert holding.password_hash != hash_password(PASSWORD)  # a fresh salt each time
    assert check_password(PASSWORD, holding.password_hash)
    assert not check_password("246811", holding.password_hash)
    assert holding.sync_until == NOW + timedelta(seconds=30)
    assert holding.enterprise_name == enterprise.name


def test_malformed_hash_never_matches():
    assert not check_password(PASSWORD, "plain")
    assert not check_password(PASSWORD, "scrypt$16384$8$1$!!$!!")


def test_second_download_is_refused(session, holder, enterprise):
    download(session, holder, enterprise)
    with pytest.raises(Conflict) as refused:
        download(session, holder, enterprise)
    assert refused.value.message == "该执照已下载，无需重复下载"


def test_right_password_during_sync_is_refused_and_not_counted(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise, sync_seconds=60)
    with pytest.raises(Conflict) as refused:
        service.verify_password(session, throttles, holding, PASSWORD, NOW + timedelta(seconds=59))
    assert (refused.value.code, refused.value.status) == ("licence_syncing", 409)
    assert refused.value.message == "数据同步中，请5分钟后再试"
    assert service.failed_attempts(session, throttles, holding, NOW) == 0
    assert service.verify_password(session, throttles, holding, PASSWORD, NOW + timedelta(seconds=60)) is holding


def test_wrong_password_says_how_many_attempts_remain(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise)
    with pytest.raises(Invalid) as refused:
        service.verify_password(session, throttles, holding, "000000", NOW)
    assert (refused.value.status, refused.value.message) == (422, "执照密码错误，还可尝试4次")
    assert service.failed_attempts(session, throttles, holding, NOW) == 1


def test_success_resets_the_count(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise)
    for _ in range(3):
        with pytest.raises(Invalid):
            service.verify_password(session, throttles, holding, "000000", NOW)
    assert service.failed_attempts(session, throttles, holding, NOW) == 3
    service.verify_password(session, throttles, holding, PASSWORD, NOW)
    assert service.failed_attempts(session, throttles, holding, NOW) == 0


def fail_five_times(session, holding, now, throttles):
    for remaining in (4, 3, 2, 1):
        with pytest.raises(Invalid, match=f"还可尝试{remaining}次"):
            service.verify_password(session, throttles, holding, "000000", now)
    with pytest.raises(TooMany) as locked:
        service.verify_password(session, throttles, holding, "000000", now)
    return locked.value


def test_five_wrong_passwords_lock_for_thirty_minutes(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise)
    locked = fail_five_times(session, holding, NOW, throttles)
    assert locked.message == "密码错误次数过多，执照已锁定，请30分钟后再试"
    assert service.locked_until(session, throttles, holding, NOW) == NOW + timedelta(minutes=30)
    with pytest.raises(TooMany):  # the right password too, and it is not counted
        service.verify_password(session, throttles, holding, PASSWORD, NOW + timedelta(minutes=29, seconds=59))
    assert service.locked_until(session, throttles, holding, NOW + timedelta(minutes=29, seconds=59)) == NOW + timedelta(minutes=30)


def test_lock_runs_out_after_thirty_minutes(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise)
    fail_five_times(session, holding, NOW, throttles)
    later = NOW + timedelta(minutes=30)
    assert service.verify_password(session, throttles, holding, PASSWORD, later) is holding
    assert service.failed_attempts(session, throttles, holding, later) == 0
    assert service.locked_until(session, throttles, holding, later) is None


def test_after_the_lock_runs_out_a_wrong_password_starts_a_new_count(session, holder, enterprise, throttles):
    holding = download(session, holder, enterprise)
    fail_five_times(session, holding, NOW, throttles)
    with pytest.raises(Invalid, match="还可尝试4次"):
        service.verify_password(session, throttles, holding, "000000", NOW + timedelta(minutes=31))


def test_lock_holds_across_processes(tmp_path, throttles):
    engine_a = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    engine_b = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    db.metadata.create_all(engine_a)
    try:
        with Session(engine_a) as first, Session(engine_b) as second:
            applicant = User(phone="13700000000")
            first.add(applicant)
            first.commit()
            enterprise = factories.enterprise(first, applicant)
            holder = service.find_or_create_holder(first, "张三", id_number_digest(id_number(1), KEY), NOW)
            download(first, holder, enterprise)
            mine = first.scalar(select(LicenceHolding))
            theirs = second.scalar(select(LicenceHolding))
            for _ in range(2):
                with pytest.raises(Invalid):
                    service.verify_password(first, throttles, mine, "000000", NOW)
            for remaining in (2, 1):  # the other process continues the same count
                with pytest.raises(Invalid, match=f"还可尝试{remaining}次"):
                    service.verify_password(second, throttles, theirs, "000000", NOW)
            with pytest.raises(TooMany):
                service.verify_password(first, throttles, mine, "000000", NOW)
            with pytest.raises(TooMany):
                service.verify_password(second, throttles, theirs, PASSWORD, NOW + timedelta(minutes=10))
    finally:
        engine_a.dispose()
        engine_b.dispose()


def test_seed_demo_holdings_is_idempotent_and_synced(session, throttles):
    from backend import demo
    demo.seed(session, NOW, KEY)
    seeded = demo.seed_demo_holdings(session, NOW)
    assert demo.seed_demo_holdings(session, NOW)[0].id == seeded[0].id
    assert len(session.scalars(select(LicenceHolding)).all()) == len(seeded) == 1
    holding = seeded[0]
    assert session.scalars(select(ElicenseHolder)).one().real_name == "林晓红"
    assert service.verify_password(session, throttles, holding, "135790", NOW) is holding


def test_a_hash_under_weaker_parameters_is_upgraded_at_the_next_right_password(session, holder, enterprise,
                                                                               throttles, monkeypatch):
    from backend.elicense import passwords
    holding = download(session, holder, enterprise)
    weaker = holding.password_hash
    assert weaker.startswith(f"scrypt${passwords.N}$") and not passwords.needs_rehash(weaker)
    monkeypatch.setattr(passwords, "N", passwords.N * 2)  # the deployment raised the cost since
    assert passwords.needs_rehash(weaker)
    with pytest.raises(Invalid):  # a wrong password changes nothing
        service.verify_password(session, throttles, holding, "000000", NOW)
    assert holding.password_hash == weaker
    service.verify_password(session, throttles, holding, PASSWORD, NOW)
    session.refresh(holding)
    assert holding.password_hash.startswith(f"scrypt${passwords.N}$") and check_password(PASSWORD, holding.password_hash)
    assert not passwords.needs_rehash(holding.password_hash)


def test_needs_rehash_of_a_malformed_value_and_a_cap_on_memory():
    from backend.elicense import passwords
    assert passwords.needs_rehash("not-a-hash") and passwords.needs_rehash("bcrypt$1$2$3$4$5")
    assert not check_password(PASSWORD, "scrypt$4194304$8$1$c2FsdA$aGFzaA")  # 4 GiB: refused, not attempted

"""The licence password race: the right password and the fifth wrong one at once never both get through.

Each attempt is reserved in the throttles before its hash (services/throttles.py), so at most five are
ever checked, and a right one is refused while the fifth wrong one is still being checked.
"""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from backend.elicense import service
from backend.elicense.models import LicenceHolding
from backend.extensions import db
from backend.models import User
from backend.services.errors import Invalid, TooMany
from backend.services.identifiers import id_number_digest
from tests import factories
from tests.factories import KEY, NOW, id_number

PASSWORD = "246810"


@pytest.fixture
def holding(session, applicant):
    enterprise = factories.enterprise(session, applicant)  # principal 张三, id_number(1)
    return download(session, enterprise)


def download(session, enterprise):
    holder = service.find_or_create_holder(session, "张三", id_number_digest(id_number(1), KEY), NOW)
    return service.download_licence(session, holder, enterprise.credit_code, PASSWORD, PASSWORD, NOW, 0)


def four_wrong(session, throttles, holding):
    for _ in range(4):
        with pytest.raises(Invalid):
            service.verify_password(session, throttles, holding, "000000", NOW)


def throttle_state(session, throttles, holding):
    """What a refused attempt must leave unchanged: failures, lock, attempts being checked, the hash."""
    key = f"licence:{holding.id}"
    return (throttles.failures(session, key, NOW), throttles.locked_until(session, key, NOW),
            throttles.reservations(session, key, NOW), holding.password_hash)


def arriving_while_hashing(monkeypatch, session, throttles, holding, hashed, arriving):
    """While ``hashed`` is being checked, ``arriving`` is tried: the other request, 150 ms later."""
    real_check, seen = service.check_password, []

    def check(password, stored):
        if password == hashed and not seen:
            before = throttle_state(session, throttles, holding)
            try:
                service.verify_password(session, throttles, holding, arriving, NOW)
                seen.append(("accepted", None, throttle_state(session, throttles, holding) == before))
            except TooMany as refused:
                seen.append((refused.code, refused.status, throttle_state(session, throttles, holding) == before))
        return real_check(password, stored)
    monkeypatch.setattr(service, "check_password", check)
    return seen


def test_the_right_password_arriving_while_the_fifth_wrong_one_is_checked_is_refused(
        session, holding, throttles, monkeypatch):
    """Four wrong, then a fifth wrong and the right one together: the right one never gets past the lock."""
    four_wrong(session, throttles, holding)
    right = arriving_while_hashing(monkeypatch, session, throttles, holding, hashed="000000", arriving=PASSWORD)
    with pytest.raises(TooMany) as fifth:
        service.verify_password(session, throttles, holding, "000000", NOW)
    assert right == [("licence_busy", 429, True)]  # refused unhashed, nothing counted
    assert (fifth.value.code, fifth.value.message) == ("licence_locked", "密码错误次数过多，执照已锁定，请30分钟后再试")
    assert service.locked_until(session, throttles, holding, NOW) == NOW + timedelta(minutes=30)
    with pytest.raises(TooMany, match="已锁定"):
        service.verify_password(session, throttles, holding, PASSWORD, NOW + timedelta(seconds=1))


def test_a_wrong_password_arriving_while_the_right_one_is_checked_is_refused_uncounted(
        session, holding, throttles, monkeypatch):
    four_wrong(session, throttles, holding)
    wrong = arriving_while_hashing(monkeypatch, session, throttles, holding, hashed=PASSWORD, arriving="000000")
    assert service.verify_password(session, throttles, holding, PASSWORD, NOW) is holding
    assert wrong == [("licence_busy", 429, True)]
    assert throttle_state(session, throttles, holding)[:3] == (0, None, 0)


def test_the_fifth_wrong_and_the_right_password_at_once_in_two_processes(tmp_path, throttles):
    """The race over real connections: never both the right one accepted and the licence locked."""
    path = tmp_path / "race.db"
    engines = [create_engine(f"sqlite:///{path}", connect_args={"timeout": 30}) for _ in range(2)]
    db.metadata.create_all(engines[0])
    try:
        with Session(engines[0]) as first:
            applicant = User(phone="13700000000")
            first.add(applicant)
            first.commit()
            holding_id = download(first, factories.enterprise(first, applicant)).id
            four_wrong(first, throttles, first.get(LicenceHolding, holding_id))
        answers, barrier = {}, threading.Barrier(2)

        def attempt(engine, password):
            with Session(engine) as session:
                holding = session.get(LicenceHolding, holding_id)
                barrier.wait()
                try:
                    service.verify_password(session, throttles, holding, password, NOW)
                    answers[password] = "accepted"
                except (Invalid, TooMany) as refused:
                    answers[password] = refused.code
        threads = [threading.Thread(target=attempt, args=pair) for pair in zip(engines, ("000000", PASSWORD))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers in ({"000000": "licence_locked", PASSWORD: "licence_busy"},
                           {"000000": "licence_busy", PASSWORD: "accepted"}), answers
    finally:
        for engine in engines:
            engine.dispose()

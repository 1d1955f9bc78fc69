"""The shared throttles, database and Redis alike: slots, failure counts, locks; Redis down is a 503."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend.extensions import db
from backend.models import Throttle
from backend.services.throttles import RedisThrottles, ThrottleUnavailable
from tests.factories import NOW


def test_a_slot_is_taken_once_and_tells_the_wait(session, throttles):
    assert throttles.claim(session, "sms:1", NOW, 60) is None
    assert throttles.claim(session, "sms:1", NOW + timedelta(seconds=20), 60) == 40
    assert throttles.claim(session, "sms:1", NOW + timedelta(seconds=59, milliseconds=500), 60) == 1
    assert throttles.claim(session, "sms:2", NOW, 60) is None  # another key has its own slot
    assert throttles.claim(session, "sms:1", NOW + timedelta(seconds=60), 60) is None


def test_failures_count_up_then_lock_and_a_run_out_lock_starts_afresh(session, throttles):
    assert [throttles.fail(session, "k", NOW, 3, 600) for _ in range(2)] == [1, 2]
    assert throttles.failures(session, "k", NOW) == 2 and throttles.locked_until(session, "k", NOW) is None
    assert throttles.fail(session, "k", NOW, 3, 600) == 3
    assert throttles.locked_until(session, "k", NOW) == NOW + timedelta(seconds=600)
    assert throttles.fail(session, "k", NOW + timedelta(seconds=599), 3, 600) is None  # locked: not counted
    later = NOW + timedelta(seconds=600)
    assert throttles.locked_until(session, "k", later) is None and throttles.failures(session, "k", later) == 0
    assert throttles.fail(session, "k", later, 3, 600) == 1


def test_clear_forgets_failures_but_not_a_lock(session, throttles):
    throttles.fail(session, "a", NOW, 3, 600)
    throttles.clear(session, "a")
    assert throttles.failures(session, "a", NOW) == 0
    for _ in range(3):
        throttles.fail(session, "b", NOW, 3, 600)
    throttles.clear(session, "b")
    assert throttles.locked_until(session, "b", NOW) == NOW + timedelta(seconds=600)


def test_forget_drops_failures_lock_slot_and_attempts_being_checked(session, throttles):
    """What 删除执照 does to the licence's key: a later licence with the same id starts afresh."""
    for _ in range(3):
        throttles.fail(session, "gone", NOW, 3, 600)
    throttles.fail(session, "kept", NOW, 3, 600)
    throttles.claim(session, "gone", NOW, 60)
    session.commit()
    throttles.forget(session, "gone")
    session.commit()
    assert throttles.locked_until(session, "gone", NOW) is None and throttles.failures(session, "gone", NOW) == 0
    assert throttles.claim(session, "gone", NOW, 60) is None and throttles.reservations(session, "gone", NOW) == 0
    assert throttles.reserve(session, "gone", NOW, 3)
    throttles.forget(session, "gone")
    session.commit()
    assert throttles.reservations(session, "gone", NOW) == 0
    assert throttles.failures(session, "kept", NOW) == 1  # another key keeps its count


def test_concurrent_failures_lock_exactly_once(tmp_path, throttles):
    """Twelve failures in twelve threads, each with its own connection: 1..4 and one lock, the rest refused."""
    engine = create_engine(f"sqlite:///{tmp_path / 'throttles.db'}", connect_args={"timeout": 30})
    db.metadata.create_all(engine)
    results, barrier = [], threading.Barrier(12)

    def fail():
        with Session(engine) as session:
            barrier.wait()
            results.append(throttles.fail(session, "licence:1", NOW, 5, 1800))
    threads = [threading.Thread(target=fail) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert sorted(results, key=lambda r: (r is None, r)) == [1, 2, 3, 4, 5] + [None] * 7


def test_the_database_store_keeps_one_row_per_key(session):
    from backend.services.throttles import SqlThrottles
    store = SqlThrottles()
    store.claim(session, "sms:1", NOW, 60)
    store.fail(session, "sms:1", NOW, 5, 60)
    assert [(t.key, t.count) for t in session.scalars(select(Throttle))] == [("sms:1", 1)]


def test_redis_that_does_not_answer_refuses_rather_than_lets_through(session):
    store = RedisThrottles("redis://127.0.0.1:1/0")
    for call in (lambda: store.claim(session, "sms:1", NOW, 60), lambda: store.fail(session, "k", NOW, 5, 60),
                 lambda: store.locked_until(session, "k", NOW)):
        with pytest.raises(ThrottleUnavailable) as refused:
            call()
        assert (refused.value.status, refused.value.message) == (503, "服务暂时不可用，请稍后再试")


def state(session, throttles, key, now=NOW):
    """What a refused attempt must leave unchanged: failures, the lock, attempts being checked."""
    return (throttles.failures(session, key, now), throttles.locked_until(session, key, now),
            throttles.reservations(session, key, now))


def test_reservations_stop_where_failures_and_attempts_being_checked_reach_the_limit(session, throttles):
    throttles.fail(session, "k", NOW, 5, 600)
    assert [throttles.reserve(session, "k", NOW, 5) for _ in range(4)] == [True] * 4
    before = state(session, throttles, "k")
    assert before == (1, None, 4)
    assert throttles.reserve(session, "k", NOW, 5) is False  # 1 failure + 4 being checked: refused
    assert state(session, throttles, "k") == before  # and nothing changed
    throttles.release(session, "k", NOW)  # one check ended without a verdict
    assert throttles.reserve(session, "k", NOW, 5) is True


def test_a_reserved_failure_ends_its_reservation_and_the_limit_th_locks(session, throttles):
    for _ in range(4):
        throttles.fail(session, "k", NOW, 5, 600)
    assert throttles.reserve(session, "k", NOW, 5) is True
    assert throttles.fail(session, "k", NOW, 5, 600, reserved=True) == 5
    assert state(session, throttles, "k") == (0, NOW + timedelta(seconds=600), 0)
    before = state(session, throttles, "k")
    assert throttles.reserve(session, "k", NOW + timedelta(seconds=599), 5) is False  # locked
    assert state(session, throttles, "k") == before


def test_a_right_answer_is_refused_if_a_lock_started_while_it_was_checked(session, throttles):
    assert throttles.reserve(session, "k", NOW, 3) is True
    for _ in range(3):  # unreserved failures (another caller of fail) lock meanwhile
        throttles.fail(session, "k", NOW, 3, 600)
    assert throttles.succeed(session, "k", NOW) is False
    assert state(session, throttles, "k") == (0, NOW + timedelta(seconds=600), 0)


def test_a_right_answer_forgets_the_failures_and_ends_its_reservation(session, throttles):
    throttles.fail(session, "k", NOW, 5, 600)
    assert throttles.reserve(session, "k", NOW, 5) and throttles.reserve(session, "k", NOW, 5)
    assert throttles.succeed(session, "k", NOW) is True
    assert state(session, throttles, "k") == (0, None, 1)  # the other attempt is still being checked


def test_a_reservation_left_by_a_dead_worker_lapses(session, throttles):
    for _ in range(3):
        assert throttles.reserve(session, "k", NOW, 3, hold_seconds=60)
    assert throttles.reserve(session, "k", NOW + timedelta(seconds=59), 3) is False
    later = NOW + timedelta(seconds=60)
    assert throttles.reservations(session, "k", later) == 0
    assert throttles.reserve(session, "k", later, 3) is True
    assert throttles.reservations(session, "k", later) == 1


def engine_for(kind, tmp_path):
    import os
    if kind == "sqlite":
        return create_engine(f"sqlite:///{tmp_path / 'throttles.db'}", connect_args={"timeout": 30})
    url = os.environ.get("ESEAL_TEST_DATABASE_URL")
    if not url:
        pytest.skip("ESEAL_TEST_DATABASE_URL is not set")
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_size=12)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_concurrent_reservations_are_held_to_the_limit(tmp_path, throttles, kind):
    """Twelve sessions reserve at once after one failure: exactly four are let through, on either database."""
    engine = engine_for(kind, tmp_path)
    db.metadata.create_all(engine, tables=[Throttle.__table__])
    key = f"licence:race-{tmp_path.name}"
    with Session(engine) as session:
        throttles.fail(session, key, NOW, 5, 1800)
    results, barrier = [], threading.Barrier(12)

    def reserve():
        with Session(engine) as session:
            barrier.wait()
            results.append(throttles.reserve(session, key, NOW, 5))
    threads = [threading.Thread(target=reserve) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(results) == [False] * 8 + [True] * 4
        with Session(engine) as session:
            assert state(session, throttles, key) == (1, None, 4)
    finally:
        with Session(engine) as session:
            session.query(Throttle).filter(Throttle.key == key).delete()
            session.commit()
        engine.dispose()

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

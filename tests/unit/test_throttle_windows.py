"""Fixed-window counters (throttles.hit), the same in both stores: N per window, then the wait."""
from datetime import timedelta

from tests.factories import NOW


def hits(throttles, session, times, key="addr:10.0.0.1", now=NOW, limit=3, window=600):
    results = [throttles.hit(session, key, now, limit, window) for _ in range(times)]
    session.commit()
    return results


def test_limit_hits_are_counted_then_the_window_refuses_with_its_wait(throttles, session):
    assert hits(throttles, session, 3) == [(2, 600), (1, 600), (0, 600)]
    assert throttles.hit(session, "addr:10.0.0.1", NOW + timedelta(seconds=100), 3, 600) == (None, 500)


def test_a_refused_hit_is_not_counted_and_a_new_window_starts_after_the_end(throttles, session):
    hits(throttles, session, 5)
    later = NOW + timedelta(seconds=600)
    assert [left for left, _ in hits(throttles, session, 4, now=later)] == [2, 1, 0, None]


def test_keys_count_apart(throttles, session):
    hits(throttles, session, 3)
    assert hits(throttles, session, 1, key="addr:10.0.0.2") == [(2, 600)]


def test_cost_zero_asks_without_counting(throttles, session):
    assert [throttles.hit(session, "k", NOW, 2, 60, cost=0) for _ in range(5)] == [(2, 60)] * 5
    hits(throttles, session, 2, key="k", limit=2, window=60)
    assert throttles.hit(session, "k", NOW, 2, 60, cost=0) == (None, 60)

"""Counters every worker and host must share: "once per N seconds" slots and failure lockouts.

Two stores with one interface and the same rules, chosen at start-up:
- ``SqlThrottles``: the ``throttles`` table of the app's database (the default; nothing else to run);
- ``RedisThrottles``: Redis, when ESEAL_REDIS_URL is set (no database writes for throttling).

Every method takes the caller's database session first (the Redis store ignores it) and the time
``now`` from the caller's clock, so both stores follow an injected clock alike. A lock or slot is
stored as the instant it ends; Redis keys also carry a TTL a little past that instant, only so that
old keys go away. A failure counter is cleared when its lock starts, so a lock that has run out
leaves a fresh set of attempts. If Redis does not answer, throttled actions are refused (503), never
let through unthrottled.

A slow check (a costly password hash) reserves its attempt before it starts: ``reserve`` refuses once
the failures and the attempts still being checked reach the limit, so no more attempts than the limit
are ever checked at once, whichever worker or host runs them. Each reservation is settled by
``fail(..., reserved=True)``, ``succeed`` (refused if a lock runs) or ``release``; one left by a worker
that died mid-check lapses after RESERVATION_SECONDS.
"""
from datetime import UTC, datetime, timedelta
from math import ceil

import redis
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models.throttle import Throttle
from . import throttle_scripts as scripts
from .errors import DomainError

UNAVAILABLE_MESSAGE = "服务暂时不可用，请稍后再试"
RESERVATION_SECONDS = 60  # far beyond a check's time (a hash waits for at most a few others in its worker)


class ThrottleUnavailable(DomainError):
    status = 503

    def __init__(self):
        super().__init__("service_unavailable", UNAVAILABLE_MESSAGE, headers={"Retry-After": "5"})


def _wait_seconds(until, now):
    return max(1, ceil((until - now).total_seconds()))


class SqlThrottles:
    """Rows of ``throttles``, changed only by conditional UPDATEs, so concurrent workers agree."""

    name = "database"

    @staticmethod
    def _unlocked(now):
        return (Throttle.locked_until.is_(None)) | (Throttle.locked_until <= now)

    @staticmethod
    def _held(now):
        """The attempts being checked, as of now (none once their reservations lapsed)."""
        return case(((Throttle.pending_until.is_not(None)) & (Throttle.pending_until > now), Throttle.pending),
                    else_=0)

    @staticmethod
    def _ensure_row(session, key):
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(Throttle).values(key=key, count=0).on_conflict_do_nothing(index_elements=["key"]))

    def claim(self, session, key, now, seconds):
        """Take the slot if it is free: None when taken, else the seconds to wait. The caller commits."""
        self._ensure_row(session, key)
        taken = session.execute(
            update(Throttle).where(Throttle.key == key, (Throttle.slot_until.is_(None)) | (Throttle.slot_until <= now))
            .values(slot_until=now + timedelta(seconds=seconds))).rowcount
        if taken:
            return None
        return _wait_seconds(session.scalar(select(Throttle.slot_until).where(Throttle.key == key)), now)

    def locked_until(self, session, key, now):
        until = session.scalar(select(Throttle.locked_until).where(Throttle.key == key))
        return until if until is not None and until > now else None

    def fail(self, session, key, now, limit, lock_seconds, reserved=False):
        """Count one failure and commit; the limit-th locks. The new count (limit when it locked), None if locked.

        ``reserved``: the attempt was reserved, and its reservation ends in the same transaction.
        """
        self._ensure_row(session, key)
        if reserved:
            self._release(session, key, now)
        locks = Throttle.count + 1 >= limit
        row = session.execute(
            update(Throttle)
            .where(Throttle.key == key, self._unlocked(now))
            .values(count=case((locks, 0), else_=Throttle.count + 1),
                    locked_until=case((locks, now + timedelta(seconds=lock_seconds)), else_=None))
            .returning(Throttle.count, Throttle.locked_until)).first()
        session.commit()
        if row is None:
            return None
        return limit if row.locked_until is not None else row.count

    def failures(self, session, key, now):
        if self.locked_until(session, key, now):
            return 0
        return session.scalar(select(Throttle.count).where(Throttle.key == key)) or 0

    def clear(self, session, key):
        """Forget the failures (not a running lock); the caller commits."""
        session.execute(update(Throttle).where(Throttle.key == key, Throttle.count != 0).values(count=0))

    def forget(self, session, key):
        """Drop everything kept under the key (failures, lock, slot, attempts being checked): what it guarded
        is gone. The caller commits."""
        session.execute(delete(Throttle).where(Throttle.key == key))

    def reserve(self, session, key, now, limit, hold_seconds=RESERVATION_SECONDS):
        """Count one attempt as being checked and commit; False (nothing changed) when a lock runs or the
        failures and the attempts being checked have reached the limit."""
        self._ensure_row(session, key)
        held, until = self._held(now), now + timedelta(seconds=hold_seconds)
        reserved = session.execute(
            update(Throttle).where(Throttle.key == key, self._unlocked(now), Throttle.count + held < limit)
            .values(pending=held + 1,
                    pending_until=case((Throttle.pending_until > until, Throttle.pending_until), else_=until))).rowcount
        session.commit()
        return bool(reserved)

    def _release(self, session, key, now):
        held = self._held(now)
        session.execute(update(Throttle).where(Throttle.key == key, Throttle.pending != 0)
                        .values(pending=case((held > 1, held - 1), else_=0),
                                pending_until=case((held > 1, Throttle.pending_until), else_=None)))

    def release(self, session, key, now):
        """End a reservation without counting anything, and commit."""
        self._release(session, key, now)
        session.commit()

    def succeed(self, session, key, now):
        """End a reservation of a right answer and commit: True with the failures forgotten, False if a lock runs."""
        self._ensure_row(session, key)
        self._release(session, key, now)
        cleared = session.execute(update(Throttle).where(Throttle.key == key, self._unlocked(now))
                                  .values(count=0)).rowcount
        session.commit()
        return bool(cleared)

    def reservations(self, session, key, now):
        """Attempts being checked right now."""
        return session.scalar(select(self._held(now)).where(Throttle.key == key)) or 0

    def hit(self, session, key, now, limit, window_seconds, cost=1):
        """Count cost in a fixed window (window_seconds from its first hit) unless limit is reached already.

        (left, wait): the hits the window still takes after this one, None when refused (nothing counted),
        and the seconds until the window ends. cost=0 only asks. The caller commits. The window is the
        key's slot_until (its end) and count, changed by one conditional UPDATE.
        """
        self._ensure_row(session, key)
        ended = Throttle.slot_until.is_(None) | (Throttle.slot_until <= now)
        row = session.execute(
            update(Throttle).where(Throttle.key == key, ended | (Throttle.count < limit))
            .values(count=case((ended, cost), else_=Throttle.count + cost),
                    slot_until=case((ended, now + timedelta(seconds=window_seconds)), else_=Throttle.slot_until))
            .returning(Throttle.count, Throttle.slot_until)).first()
        if row is not None:
            return limit - row.count, _wait_seconds(row.slot_until, now)
        return None, _wait_seconds(session.scalar(select(Throttle.slot_until).where(Throttle.key == key)), now)


TTL_SLACK_MS = 60_000


def _ms(moment):
    return int(moment.timestamp() * 1000)


class RedisThrottles:
    """The same rules in Redis: one Lua script per change, so each is atomic on the server."""

    name = "redis"

    def __init__(self, url, prefix="eseal:"):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix
        register = self.client.register_script
        self._claim, self._fail = register(scripts.CLAIM), register(scripts.FAIL)
        self._reserve, self._release = register(scripts.RESERVE), register(scripts.RELEASE)
        self._fail_reserved, self._succeed = register(scripts.FAIL_RESERVED), register(scripts.SUCCEED)

    def _keys(self, key):
        tagged = f"{self.prefix}throttle:{{{key}}}"  # one hash slot for a key's count and lock (Redis Cluster)
        return tagged + ":slot", tagged + ":count", tagged + ":lock"

    def _pending_key(self, key):
        return f"{self.prefix}throttle:{{{key}}}:pending"

    def _call(self, operation, *args):
        try:
            return operation(*args)
        except redis.RedisError as error:
            raise ThrottleUnavailable() from error

    def claim(self, session, key, now, seconds):
        slot, _, _ = self._keys(key)
        left_ms = self._call(self._claim, [slot], [_ms(now), _ms(now) + seconds * 1000, seconds * 1000 + TTL_SLACK_MS])
        return None if left_ms == 0 else max(1, ceil(left_ms / 1000))

    def locked_until(self, session, key, now):
        _, _, lock = self._keys(key)
        held = self._call(self.client.get, lock)
        if held is None or int(held) <= _ms(now):
            return None
        return datetime.fromtimestamp(int(held) / 1000, UTC)

    def fail(self, session, key, now, limit, lock_seconds, reserved=False):
        _, count, lock = self._keys(key)
        script, keys = (self._fail_reserved, [count, lock, self._pending_key(key)]) if reserved else (
            self._fail, [count, lock])
        result = self._call(script, keys, [_ms(now), limit, _ms(now) + lock_seconds * 1000,
                                           lock_seconds * 1000 + TTL_SLACK_MS])
        return None if result < 0 else min(result, limit)

    def failures(self, session, key, now):
        _, count, _ = self._keys(key)
        if self.locked_until(session, key, now):
            return 0
        return int(self._call(self.client.get, count) or 0)

    def clear(self, session, key):
        _, count, _ = self._keys(key)
        self._call(self.client.delete, count)

    def forget(self, session, key):
        self._call(self.client.delete, *self._keys(key), self._pending_key(key),
                   f"{self.prefix}throttle:{{{key}}}:window")

    def reserve(self, session, key, now, limit, hold_seconds=RESERVATION_SECONDS):
        _, count, lock = self._keys(key)
        return self._call(self._reserve, [count, lock, self._pending_key(key)],
                          [_ms(now), limit, _ms(now) + hold_seconds * 1000, TTL_SLACK_MS]) == 1

    def release(self, session, key, now):
        self._call(self._release, [self._pending_key(key)], [_ms(now)])

    def succeed(self, session, key, now):
        _, count, lock = self._keys(key)
        return self._call(self._succeed, [count, lock, self._pending_key(key)], [_ms(now)]) == 1

    def reservations(self, session, key, now):
        held, until = self._call(self.client.hmget, self._pending_key(key), "n", "until")
        return int(held) if held is not None and int(until) > _ms(now) else 0

    def hit(self, session, key, now, limit, window_seconds, cost=1):
        """The fixed window of SqlThrottles.hit: a hash {count, end} changed by one Lua script."""
        # KEYS[1] the window; ARGV now, limit, end of a new window, cost, TTL (ms).
        # Answers {the count after this hit, or -1 when refused; the ms until the window ends}.
        source = """
local now, ends = tonumber(ARGV[1]), tonumber(redis.call('HGET', KEYS[1], 'end') or '0')
if ends <= now then
  redis.call('HSET', KEYS[1], 'count', 0, 'end', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  ends = tonumber(ARGV[3])
end
if tonumber(redis.call('HGET', KEYS[1], 'count')) >= tonumber(ARGV[2]) then return {-1, ends - now} end
return {redis.call('HINCRBY', KEYS[1], 'count', ARGV[4]), ends - now}
"""
        if "_hit" not in self.__dict__:
            self._hit = self.client.register_script(source)
        window = f"{self.prefix}throttle:{{{key}}}:window"
        ends = _ms(now) + window_seconds * 1000
        count, left_ms = self._call(self._hit, [window], [_ms(now), limit, ends, cost,
                                                          window_seconds * 1000 + TTL_SLACK_MS])
        return (None if count < 0 else limit - count), max(1, ceil(left_ms / 1000))


def throttles_for(redis_url, prefix="eseal:"):
    return RedisThrottles(redis_url, prefix) if redis_url else SqlThrottles()

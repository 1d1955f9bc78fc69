"""Time for the tests: a settable clock for the app in process, real time against a live server."""
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The app's clock in process (ESEAL_CLOCK): it stands still until a test moves it."""

    live = False

    def __init__(self, now=None):
        self.now = now or datetime.now(UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        """Move time on: SMS resend intervals, data sync of a fresh licence, token expiry, grants."""
        self.now += timedelta(seconds=seconds)

    def wait(self, seconds):
        """What the driver does while the system asks it to wait (数据同步中): here, time moves at once."""
        self.advance(seconds)

    def pause(self, tries):
        """How long to let pass before trying again, after ``tries`` answers to wait: 10 s of the app's time."""
        return 10


class LiveClock:
    """Real time on a server the tests do not own: it can only be waited for, never moved.

    ``advance`` sleeps when the wait is at most ``wait_limit`` seconds (a short data sync, an SMS resend
    on a test server configured with a short interval) and otherwise skips the test, saying why.
    """

    live = True

    def __init__(self, wait_limit=5.0, skip=None, sleep=time.sleep):
        self.wait_limit, self._sleep = wait_limit, sleep
        self._skip = skip or _pytest_skip

    @property
    def now(self):
        return datetime.now(UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        if seconds > self.wait_limit:
            return self._skip(f"eseal_clock.advance({seconds:g}) needs the app in process: a live server's time cannot be "
                       f"moved, and waiting more than {self.wait_limit:g} s (--eseal-wait-limit) is not done")
        self._sleep(seconds)

    def wait(self, seconds):
        self._sleep(seconds)

    def pause(self, tries):
        """1 s, 2 s, … up to 5 s of real time between tries: short syncs cost little, long ones few requests."""
        return min(5, tries)


def _pytest_skip(reason):
    import pytest
    pytest.skip(reason)

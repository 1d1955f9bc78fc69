"""Shared fixtures: an app on a fresh database per test, a client, a settable clock."""
import os

# Licence passwords: the cheapest scrypt cost the code accepts (2**14), for tests and the servers they
# start; production hashes cost 2**17. Set before backend.elicense.passwords is imported.
os.environ.setdefault("ELICENSE_SCRYPT_LOG2_N", "14")
from datetime import UTC, datetime, timedelta

import pytest

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db as _db


class Clock:
    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="session", autouse=True)
def platform_pki():
    """The test apps' platform PKI (root, issuing CA, makers, TSA: one RSA-3072 key) made once, as of a past date,
    so that a test whose clock runs ahead does not make a platform later ones find not yet valid."""
    from tests.pki_kit import make_app_platform
    make_app_platform()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock}


@pytest.fixture
def app(app_config):
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**config, **app_config})
    # No context stays pushed: each request gets its own flask.g and database session, as in
    # production (a shared g would answer a second client as an earlier request's user).
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_up():
    import redis
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_app_config(clock):
    """App settings with ESEAL_REDIS_URL on the tests' own Redis database, emptied before and after."""
    import redis
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield {"ESEAL_CLOCK": clock, "ESEAL_REDIS_URL": REDIS_URL}
    client.flushdb()
    client.close()


@pytest.fixture(params=["database", "redis"])
def throttles(request):
    """Both stores of the shared throttles; Redis keys under a prefix of this test only, removed after."""
    from backend.services.throttles import RedisThrottles, SqlThrottles
    if request.param == "database":
        yield SqlThrottles()
        return
    if not redis_up():
        pytest.skip("Redis at 127.0.0.1:6379 does not answer")
    import uuid
    store = RedisThrottles(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}:")
    yield store
    for key in store.client.scan_iter(match=store.prefix + "*"):
        store.client.delete(key)
    store.client.close()

"""Shared fixtures: the QA kit's app on a fresh database per test (app, client), its settable clock, Redis.

The kit (backend/testing, docs/qa.md) gives eseal_app, eseal_clock, eseal and the rest; `app_config` is the
settings a test module or a parametrization gives the app over TestConfig.
"""
import os

import pytest

pytest_plugins = ["backend.testing", "tests.pki_kit.fixtures"]


@pytest.fixture(scope="session", autouse=True)
def platform_pki():
    """The test apps' platform PKI (root, issuing CA, makers, TSA: one RSA-3072 key) made once, as of a past date,
    so that a test whose clock runs ahead does not make a platform later ones find not yet valid."""
    from tests.pki_kit import make_app_platform
    make_app_platform()


@pytest.fixture
def clock(eseal_clock):
    return eseal_clock


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock}


@pytest.fixture
def eseal_settings(app_config):
    return app_config


@pytest.fixture
def app(eseal_app):
    """The kit's app: no context stays pushed, so each request gets its own flask.g and database session, as
    in production (a shared g would answer a second client as an earlier request's user)."""
    return eseal_app


@pytest.fixture
def db(app):
    from backend.extensions import db as _db
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


# The suite's own Redis database; scripts/test.sh gives its PostgreSQL pass another, as the two passes run at once.
REDIS_URL = os.environ.get("ESEAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


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

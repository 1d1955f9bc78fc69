"""Fixtures for the API fuzz run: one app on a file SQLite database with the demo data, a logged-in session."""
import tempfile

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

import schemathesis
from backend import create_app
from backend.config import TestConfig
from backend.extensions import db as _db

PHONE = "13800000001"  # demo case: verified principal, licence not downloaded
OPERATOR = {"Authorization": "Bearer test-operator-token"}
COUNTS = {"cases": 0}

# Hypothesis' caches (constants, unicode data) go to a temporary directory, not .hypothesis/ in the repo;
# the example database is off (database=None in the test's settings).
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="eseal-hypothesis-"))


@pytest.fixture(scope="session")
def fuzz_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    from backend.api.common import id_key
    from backend import demo
    with app.app_context():
        _db.create_all()
        demo.seed(_db.session, demo_now(), id_key())
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def demo_now():
    from datetime import UTC, datetime
    return datetime.now(UTC)


@pytest.fixture(scope="session")
def session_cookie(fuzz_app):
    """The session cookie of 13800000001, logged in through the real endpoints."""
    client = fuzz_app.test_client()
    assert client.post("/api/auth/sms-codes", json={"phone": PHONE}).status_code == 201
    code = client.get(f"/api/dev/sms-outbox?phone={PHONE}").get_json()["items"][0]["code"]
    response = client.post("/api/auth/login", json={"phone": PHONE, "code": code})
    assert response.status_code == 200, response.get_json()
    cookie = client.get_cookie(fuzz_app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return {cookie.key: cookie.value}


@pytest.fixture(scope="session")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_app)


def pytest_terminal_summary(terminalreporter):
    if COUNTS["cases"]:
        terminalreporter.write_line(f"schemathesis: {COUNTS['cases']} generated API cases")

"""Liveness and readiness probes, and a database outage answered 503 rather than 500."""
import pytest
from sqlalchemy import text

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db
from backend.testing.client import assert_error

UNAVAILABLE = {"error": "unavailable", "message": "服务暂时不可用，请稍后再试", "fields": {}}


@pytest.fixture
def down_app(clock):
    """An app whose database refuses connections; no create_all, which would fail."""
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**config, "ESEAL_CLOCK": clock,
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}}})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def down_client(down_app):
    return down_app.test_client()


def test_healthz_answers_while_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_readyz_answers_503_when_the_database_is_unreachable(down_client):
    response = down_client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == UNAVAILABLE
    assert response.headers["Retry-After"] == "5"


def test_healthz_does_not_need_the_database(down_client):
    assert down_client.get("/healthz").status_code == 200


def test_a_request_without_database_work_still_answers(down_client):
    assert_error(down_client.get("/api/me"), 401, "unauthenticated")


def test_a_database_outage_is_503_with_the_error_body(down_client):
    response = down_client.post("/api/auth/sms-codes", json={"phone": "13800000001"})
    assert response.status_code == 503
    assert response.get_json() == UNAVAILABLE
    assert response.headers["Retry-After"] == "5"
    assert b"Traceback" not in response.data and b"psycopg" not in response.data


def test_a_database_outage_on_a_page_is_a_chinese_page(down_app):
    @down_app.get("/test-page")
    def _page():
        db.session.execute(text("SELECT 1"))
        return "never"

    response = down_app.test_client().get("/test-page")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "服务暂时不可用" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"


def make_licence_app(tmp_path, **settings):
    """The 电子营业执照 app as its own process builds it (scripts/serve.sh elicense)."""
    from backend.elicense.app import create_elicense_app
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    return create_elicense_app({**config, "ESEAL_KEY_DIR": str(tmp_path / "keys"),
                                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.db'}",
                                "ELICENSE_SECRET_KEY": "b-secret", "ESEAL_ID_HASH_KEY": "id-key",
                                "ELICENSE_PEER_JWKS_URL": "http://127.0.0.1:9/api/jwks.json",
                                "ELICENSE_CLIENT_REDIRECT_URI": "http://127.0.0.1:9/api/elicense/callback", **settings})


def test_the_licence_app_has_the_same_probes_and_request_ids(tmp_path):
    client = make_licence_app(tmp_path).test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz", headers={"X-Request-ID": "probe-1"})
    assert (ready.status_code, ready.get_json(), ready.headers["X-Request-ID"]) == (200, {"status": "ready"}, "probe-1")
    assert client.get("/elicense/").headers["X-Request-ID"]


@pytest.mark.parametrize("hops, hsts", [(1, True), (0, False)])
def test_the_licence_app_trusts_a_forwarded_https_only_behind_its_proxy(tmp_path, hops, hsts):
    """ESEAL_PROXY_FIX=1: the proxy's X-Forwarded-Proto counts (HSTS is sent); 0: it is ignored."""
    app = make_licence_app(tmp_path, ESEAL_PROXY_FIX=hops)
    answer = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert ("Strict-Transport-Security" in answer.headers) is hsts


def test_the_licence_app_answers_503_when_its_database_is_down(tmp_path):
    app = make_licence_app(tmp_path, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none",
                           SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}})
    ready = app.test_client().get("/readyz")
    assert (ready.status_code, ready.get_json()["message"]) == (503, "服务暂时不可用，请稍后再试")

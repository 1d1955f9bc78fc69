"""Security headers on every response, trusted proxies, request ids and the access log."""
import json
import logging

import pytest

from backend.headers import content_security_policy
from backend.testing.client import assert_error

PHONE = "13800000001"


@pytest.fixture
def access_lines():
    """The JSON lines written to "eseal.access" (pytest runs with -p no:logging, so no caplog)."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Collect(logging.INFO)
    logger = logging.getLogger("eseal.access")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


@pytest.mark.parametrize("path", ["/h5/", "/api/me", "/elicense/", "/healthz", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_https(client):
    response = client.get("/healthz", base_url="https://eseal.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_form_action_admits_the_public_and_licence_origins():
    csp = content_security_policy("https://eseal.example/h5/", "https://licence.example:8443/elicense")
    assert "form-action 'self' https://eseal.example https://licence.example:8443" in csp


@pytest.mark.parametrize("app_config", [{"ESEAL_PUBLIC_URL": "https://eseal.example",
                                         "ESEAL_ELICENSE_URL": "https://licence.example/elicense"}])
def test_app_form_action_names_the_configured_origins(client):
    csp = client.get("/healthz").headers["Content-Security-Policy"]
    assert csp.endswith("form-action 'self' https://eseal.example https://licence.example")


def test_a_header_set_by_the_view_is_kept(app, client):
    @app.get("/test-own-header")
    def _own():
        return "", 204, {"X-Frame-Options": "SAMEORIGIN"}

    assert client.get("/test-own-header").headers["X-Frame-Options"] == "SAMEORIGIN"


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "eseal.example.cn", "X-Forwarded-For": "203.0.113.9"}


@pytest.mark.parametrize("app_config", [{"ESEAL_PROXY_FIX": 1}])
def test_a_trusted_proxy_makes_the_request_https(client, access_lines):
    response = client.get("/elicense/", headers=FORWARDED)
    assert "Strict-Transport-Security" in response.headers
    assert any("Secure" in h for h in response.headers.getlist("Set-Cookie"))
    assert access_lines[-1]["remote_addr"] == "203.0.113.9"
    write = client.post("/api/auth/sms-codes", json={"phone": PHONE},
                        headers={**FORWARDED, "Origin": "https://eseal.example.cn"})
    assert write.status_code == 201, write.get_json()


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(client, access_lines):
    response = client.get("/elicense/", headers=FORWARDED)
    assert "Strict-Transport-Security" not in response.headers
    assert not any("Secure" in h for h in response.headers.getlist("Set-Cookie"))
    assert access_lines[-1]["remote_addr"] == "127.0.0.1"
    write = client.post("/api/auth/sms-codes", json={"phone": PHONE},
                        headers={**FORWARDED, "Origin": "https://eseal.example.cn"})
    assert_error(write, 403, "cross_origin")


def test_a_sane_request_id_is_echoed(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123.x_Y"}).headers["X-Request-ID"] == "abc-123.x_Y"


@pytest.mark.parametrize("incoming", ["a" * 65, "bad id", "<script>", ""])
def test_an_unusable_request_id_is_replaced(client, incoming):
    echoed = client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert echoed != incoming and len(echoed) == 32 and int(echoed, 16) >= 0


def test_each_request_logs_one_json_line_without_the_query_string(client, access_lines):
    response = client.get("/api/dev/sms-outbox?phone=13800000001&token=secret", headers={"X-Request-ID": "r1"})
    [line] = access_lines
    assert line["method"] == "GET" and line["path"] == "/api/dev/sms-outbox"
    assert line["status"] == response.status_code and line["request_id"] == "r1"
    assert line["remote_addr"] == "127.0.0.1" and line["duration_ms"] >= 0
    assert "secret" not in json.dumps(line)


def test_a_refused_write_is_logged_with_its_id(client, access_lines):
    response = client.post("/api/auth/sms-codes", data="phone=1", content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")
    assert access_lines[-1]["status"] == 415
    assert access_lines[-1]["request_id"] == response.headers["X-Request-ID"]


def test_form_action_follows_a_public_url_set_after_start_up(app, client):
    app.config["ESEAL_PUBLIC_URL"] = "http://127.0.0.1:45678"
    assert client.get("/healthz").headers["Content-Security-Policy"].endswith("form-action 'self' http://127.0.0.1:45678")

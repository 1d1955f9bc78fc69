"""Only the platform's own host names are answered: a foreign Host (or X-Forwarded-Host behind the proxy)
is 400 with the Chinese error body, for pages and the API, before any redirect is built from it."""
import pytest
from sqlalchemy import func, select

from backend.models import SmsCode, SmsMessage, Throttle
from backend.testing.client import assert_error

MESSAGE = "请求的网站地址不正确，请通过平台的正式网址访问"
EVIL = {"Host": "evil.example"}


def written(app, db):
    with app.app_context():
        return [db.session.scalar(select(func.count()).select_from(t)) for t in (SmsCode, SmsMessage, Throttle)]


@pytest.mark.parametrize("path", ["/h5", "/", "/h5/", "/elicense/", "/no/such/page"])
def test_a_page_for_a_foreign_host_is_400_and_redirects_nowhere(client, path):
    response = client.get(path, headers=EVIL)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert MESSAGE in response.get_data(as_text=True)
    assert "evil.example" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/meta", "/api/me", "/api/openapi.json", "/api/no-such-route"])
def test_the_api_for_a_foreign_host_is_400_in_the_error_body(client, path):
    response = client.get(path, headers=EVIL)
    assert response.status_code == 400
    assert response.get_json() == {"error": "untrusted_host", "message": MESSAGE, "fields": {}}


def test_a_write_for_a_foreign_host_is_refused_and_writes_nothing(app, client, db):
    response = client.post("/api/auth/sms-codes", json={"phone": "13900000001"}, headers=EVIL)
    assert (response.status_code, response.get_json()["error"]) == (400, "untrusted_host")
    assert written(app, db) == [0, 0, 0]


def test_the_suite_hosts_are_answered(client):
    for base in ("http://localhost", "http://127.0.0.1:5000", "https://eseal.example", "http://[::1]:5000"):
        assert client.get("/api/meta", base_url=base).status_code == 200, base


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_any_host_a_load_balancer_may_use(client, path):
    assert client.get(path, headers={"Host": "10.0.0.11:5000"}).status_code == 200


@pytest.mark.parametrize("app_config", [{"ESEAL_TRUSTED_HOSTS": None, "ESEAL_PUBLIC_URL": "https://eseal.example.gov.cn"}])
def test_by_default_the_public_host_and_loopback_are_trusted(client):
    for base in ("https://eseal.example.gov.cn", "https://ESEAL.example.gov.cn:8443", "http://localhost:5000",
                 "http://127.0.0.1:5000", "http://[::1]:5000"):
        assert client.get("/h5", base_url=base).status_code == 308, base
    for host in ("eseal.example", "evil.example", "eseal.example.gov.cn.evil.example", "10.0.0.11:5000",
                 "localhost/evil", "localhost@evil.example", "[::2]:5000", ""):
        assert client.get("/h5", headers={"Host": host}).status_code == 400, host


@pytest.mark.parametrize("app_config", [{"ESEAL_TRUSTED_HOSTS": "eseal.example.gov.cn, .eseal.example"}])
def test_the_setting_lists_hosts_and_suffixes(client):
    assert client.get("/api/meta", base_url="https://eseal.example.gov.cn").status_code == 200
    assert client.get("/api/meta", base_url="https://h5.eseal.example").status_code == 200
    for base in ("https://eseal.example.evil.example", "http://localhost"):
        assert_error(client.get("/api/meta", base_url=base), 400, "untrusted_host")


@pytest.mark.parametrize("app_config", [{"ESEAL_PROXY_FIX": 1}])
def test_behind_the_proxy_a_foreign_forwarded_host_is_400(client):
    response = client.get("/h5", headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert response.status_code == 400 and "Location" not in response.headers
    assert client.get("/h5", headers={"X-Forwarded-Host": "eseal.example"}).headers["Location"] \
        == "http://eseal.example/h5/"

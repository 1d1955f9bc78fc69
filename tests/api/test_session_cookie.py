"""The session cookie: its flags, a new session id at every login, and logout that really ends it."""
import pytest

from backend.testing.client import assert_error

PHONE = "13800000000"
COOKIE = "eseal_session"


def login_response(client, phone=PHONE, **request_args):
    assert client.post("/api/auth/sms-codes", json={"phone": phone}, **request_args).status_code == 201
    code = client.get(f"/api/dev/sms-outbox?phone={phone}", **request_args).get_json()["items"][0]["code"]
    response = client.post("/api/auth/login", json={"phone": phone, "code": code}, **request_args)
    assert response.status_code == 200, response.get_json()
    return response


def session_cookie_header(response):
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    return [part.strip() for part in header.split(";")]


def test_session_cookie_is_httponly_and_samesite_lax(client):
    flags = session_cookie_header(login_response(client))
    assert "HttpOnly" in flags
    assert "SameSite=Lax" in flags


@pytest.mark.parametrize("base_url", ["http://localhost", "http://127.0.0.1:5000", "http://localhost:5000",
                                      "http://[::1]:5000", "http://[::1]"])
def test_session_cookie_is_not_secure_on_loopback(client, base_url):
    flags = session_cookie_header(login_response(client, base_url=base_url))
    assert "Secure" not in flags


def test_session_cookie_is_secure_for_a_public_host(client):
    flags = session_cookie_header(login_response(client, base_url="https://eseal.example"))
    assert "Secure" in flags
    assert "HttpOnly" in flags and "SameSite=Lax" in flags


def test_session_cookie_is_secure_when_the_host_header_names_a_public_host(client):
    flags = session_cookie_header(login_response(client, headers={"Host": "eseal.example"}))
    assert "Secure" in flags


def test_session_cookie_is_secure_for_a_public_host_with_a_port(client):
    flags = session_cookie_header(login_response(client, base_url="http://eseal.example:8080"))
    assert "Secure" in flags


def test_no_session_cookie_before_login(client):
    response = client.post("/api/auth/sms-codes", json={"phone": PHONE})
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]


def test_second_login_gives_a_new_session_cookie(client, clock):
    login_response(client)
    first = client.get_cookie(COOKIE).value
    clock.advance(60)
    login_response(client)
    second = client.get_cookie(COOKIE).value
    assert second != first
    assert client.get("/api/me").status_code == 200


def test_old_cookie_no_longer_authenticates_after_logout(app, client):
    login_response(client)
    old = client.get_cookie(COOKIE).value
    assert client.post("/api/auth/logout", json={}).status_code == 204
    replay = app.test_client()
    replay.set_cookie(COOKIE, old)
    response = replay.get("/api/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_cookie_replayed_by_another_client_authenticates_until_logout(app, client):
    login_response(client)
    replay = app.test_client()
    replay.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert replay.get("/api/me").status_code == 200
    client.post("/api/auth/logout", json={})
    assert_error(replay.get("/api/me"), 401, "unauthenticated")


def test_logout_of_one_session_keeps_the_other_device_logged_in(app, client, clock):
    login_response(client)
    other_device = app.test_client()
    clock.advance(60)
    login_response(other_device)
    client.post("/api/auth/logout", json={})
    assert_error(client.get("/api/me"), 401, "unauthenticated")
    assert other_device.get("/api/me").status_code == 200


def test_session_expires_after_seven_days(client, clock):
    login_response(client)
    clock.advance(7 * 24 * 3600 + 1)
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_forged_cookie_does_not_authenticate(client):
    client.set_cookie(COOKIE, "not-a-signed-session")
    assert_error(client.get("/api/me"), 401, "unauthenticated")



def test_reading_does_not_rewrite_the_cookie_whose_expiry_is_fixed_at_login(client):
    login_response(client)
    me = client.get("/api/me")
    assert me.status_code == 200
    assert not [h for h in me.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]

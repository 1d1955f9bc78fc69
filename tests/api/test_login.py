"""Login by SMS code through the API."""
from backend.testing.client import assert_error, login, sms_code

PHONE = "13800000000"


def ask_code(client, phone=PHONE):
    return client.post("/api/auth/sms-codes", json={"phone": phone})


def log_in(client, code, phone=PHONE):
    return client.post("/api/auth/login", json={"phone": phone, "code": code})


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_sms_code_request_answers_201_with_masked_phone_and_lifetimes(client):
    response = ask_code(client)
    assert response.status_code == 201
    assert response.get_json() == {"phone_masked": "138****0000", "expires_in": 300, "resend_after": 60}
    assert len(sms_code(client, PHONE)) == 6


def test_sms_code_request_with_bad_phone_is_422_on_the_phone_field(client):
    response = ask_code(client, "12345")
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"phone": "请输入正确的11位手机号"}


def test_second_code_within_60_seconds_is_429_with_retry_after(client, clock):
    ask_code(client)
    clock.advance(15)
    response = ask_code(client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "45"
    assert "45秒" in response.get_json()["message"]


def test_second_code_is_allowed_again_after_60_seconds(client, clock):
    ask_code(client)
    clock.advance(60)
    assert ask_code(client).status_code == 201
    assert len(client.get(f"/api/dev/sms-outbox?phone={PHONE}").get_json()["items"]) == 2


def test_right_code_logs_in_and_me_shows_the_user(client):
    ask_code(client)
    response = log_in(client, sms_code(client, PHONE))
    assert response.status_code == 200
    assert response.get_json()["phone_masked"] == "138****0000"
    me = client.get("/api/me")
    assert me.status_code == 200
    assert me.get_json()["realname"]["status"] == "none"


def test_me_without_login_is_401(client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_wrong_code_message_says_how_many_tries_are_left(client):
    ask_code(client)
    code = sms_code(client, PHONE)
    first = log_in(client, wrong(code))
    second = log_in(client, wrong(code))
    assert (first.status_code, second.status_code) == (422, 422)
    assert first.get_json()["message"] == "验证码错误，还可尝试4次"
    assert second.get_json()["fields"]["code"] == "验证码错误，还可尝试3次"
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_five_wrong_codes_kill_the_code_even_for_the_right_one(client):
    ask_code(client)
    code = sms_code(client, PHONE)
    answers = [log_in(client, wrong(code)) for _ in range(5)]
    assert answers[-1].get_json()["message"] == "验证码错误次数过多，请重新获取"
    response = log_in(client, code)
    assert response.status_code == 422
    assert "code" in response.get_json()["fields"]
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_code_expires_after_five_minutes(client, clock):
    ask_code(client)
    code = sms_code(client, PHONE)
    clock.advance(301)
    assert_error(log_in(client, code), 422, "sms_code_expired", "验证码已失效，请重新获取")
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_code_still_works_just_before_five_minutes(client, clock):
    ask_code(client)
    code = sms_code(client, PHONE)
    clock.advance(299)
    assert log_in(client, code).status_code == 200


def test_the_same_code_cannot_log_in_twice(app, client):
    ask_code(client)
    code = sms_code(client, PHONE)
    assert log_in(client, code).status_code == 200
    other = app.test_client()
    assert_error(log_in(other, code), 422, "sms_code_expired")
    assert_error(other.get("/api/me"), 401, "unauthenticated")


def test_code_of_another_phone_does_not_log_in(client):
    ask_code(client)
    response = log_in(client, sms_code(client, PHONE), phone="13800000009")
    assert_error(response, 422, "sms_code_expired")
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_code_that_is_not_six_digits_is_refused_on_the_code_field(client):
    assert assert_error(log_in(client, "12ab"), 422, "invalid")["fields"] == {"code": "请输入6位数字验证码"}
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_first_login_creates_the_account_and_later_logins_reuse_it(app, clock):
    first = login(app.test_client(), PHONE)
    clock.advance(60)
    second = login(app.test_client(), PHONE)
    assert first["id"] == second["id"]


def test_logout_ends_the_session(client):
    login(client, PHONE)
    assert client.post("/api/auth/logout", json={}).status_code == 204
    assert_error(client.get("/api/me"), 401, "unauthenticated")


def test_logout_without_login_is_401(client):
    assert_error(client.post("/api/auth/logout", json={}), 401, "unauthenticated")

"""Login codes limited per client address, at the default limits, in both throttle stores: codes sent
from one address, wrong codes from one address, and tries at someone's code, so that a stranger can
neither flood phones nor kill another person's code."""
import pytest
from sqlalchemy import func, select

from backend.config import Config
from backend.models import SmsCode, SmsMessage
from backend.testing.client import sms_code
from tests.conftest import redis_up

LIMITS = ("ESEAL_SMS_PER_ADDRESS", "ESEAL_LOGIN_WRONG_PER_ADDRESS", "ESEAL_LOGIN_TRIES_PER_ADDRESS")
STRANGER, VICTIM = "203.0.113.7", "198.51.100.20"


def test_the_defaults_are_twenty_an_hour_and_three_tries_at_a_code():
    assert (Config.ESEAL_SMS_PER_ADDRESS, Config.ESEAL_LOGIN_WRONG_PER_ADDRESS) == ((20, 3600), (20, 3600))
    assert Config.ESEAL_LOGIN_TRIES_PER_ADDRESS == 3 < Config.SMS_MAX_ATTEMPTS


@pytest.fixture(params=["database", "redis"])
def app_config(request, clock, tmp_path):
    """The default limits (TestConfig raises one of them for the login tests), in each store.

    A database file, not the shared in-memory one: each thread of the parallel test gets a connection.
    """
    config = {"ESEAL_CLOCK": clock, **{name: getattr(Config, name) for name in LIMITS},
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'abuse.db'}"}
    if request.param == "redis":
        if not redis_up():
            pytest.skip("Redis at 127.0.0.1:6379 does not answer")
        config.update(request.getfixturevalue("redis_app_config"))
    return config


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def phone(n):
    return f"139{n:08d}"


def send(client, number, **kwargs):
    return client.post("/api/auth/sms-codes", json={"phone": number}, **kwargs)


def log_in(client, number, code):
    return client.post("/api/auth/login", json={"phone": number, "code": code})


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def sms_rows(app, db):
    with app.app_context():
        s = db.session
        return {"codes": sorted(s.execute(select(SmsCode.id, SmsCode.failed_attempts, SmsCode.dead_at,
                                                 SmsCode.used_at)).all()),
                "messages": s.scalar(select(func.count()).select_from(SmsMessage))}


def assert_limited(response, code, retry_after):
    assert response.status_code == 429
    body = response.get_json()
    assert body["error"] == code
    assert "后再试" in body["message"] or "重新获取" in body["message"]
    assert response.headers["Retry-After"] == str(retry_after)


def test_one_address_sends_twenty_codes_an_hour_then_429_and_nothing_is_sent(app, db, clock):
    client = client_at(app, STRANGER)
    assert [send(client, phone(n)).status_code for n in range(20)] == [201] * 20
    clock.advance(600)
    before = sms_rows(app, db)
    refused = send(client, phone(20))
    assert_limited(refused, "sms_address_limit", 3000)
    assert refused.get_json()["message"] == "当前网络获取验证码过于频繁，请50分钟后再试"
    assert sms_rows(app, db) == before
    # the refused phone's own resend slot was not taken: its owner, elsewhere, gets a code at once
    assert send(client_at(app, VICTIM), phone(20)).status_code == 201
    clock.advance(3000)
    assert send(client, phone(21)).status_code == 201


def test_a_spoofed_forwarded_for_does_not_escape_the_limit_without_a_trusted_proxy(app):
    client = client_at(app, STRANGER)
    answers = [send(client, phone(n), headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(21)]
    assert answers == [201] * 20 + [429]


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_counted(app_config):
    from backend import create_app
    from backend.config import TestConfig
    from backend.extensions import db as _db
    settings = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**settings, **app_config, "ESEAL_PROXY_FIX": 1})
    with app.app_context():
        _db.create_all()
    try:
        proxy = client_at(app, "127.0.0.1")
        behind = [send(proxy, phone(n), headers={"X-Forwarded-For": STRANGER}).status_code for n in range(21)]
        assert behind == [201] * 20 + [429]
        assert send(proxy, phone(30), headers={"X-Forwarded-For": VICTIM}).status_code == 201
    finally:
        with app.app_context():
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()


def test_ipv6_clients_of_one_64_share_a_window(app):
    answers = [send(client_at(app, f"2001:db8:1:2::{n + 1:x}"), phone(n)).status_code for n in range(21)]
    assert answers == [201] * 20 + [429]
    assert send(client_at(app, "2001:db8:1:3::1"), phone(40)).status_code == 201


def test_a_stranger_cannot_kill_someone_elses_code(app, db):
    victim, stranger = client_at(app, VICTIM), client_at(app, STRANGER)
    assert send(victim, phone(1)).status_code == 201
    code = sms_code(victim, phone(1))
    answers = [log_in(stranger, phone(1), wrong(code)) for _ in range(3)]
    assert [a.status_code for a in answers] == [422] * 3
    assert [a.get_json()["message"] for a in answers] == ["验证码错误，还可尝试2次", "验证码错误，还可尝试1次",
                                                          "验证码错误次数过多，请重新获取"]
    before = sms_rows(app, db)
    for attempt in (wrong(code), code):  # a fourth try, right or wrong, is refused untried
        refused = log_in(stranger, phone(1), attempt)
        assert_limited(refused, "sms_code_tries", 300)
        assert refused.get_json()["fields"] == {"code": "验证码错误次数过多，请重新获取"}
    assert sms_rows(app, db) == before
    assert [row.failed_attempts for row in before["codes"]] == [3] and before["codes"][0].dead_at is None
    assert log_in(victim, phone(1), code).status_code == 200


def test_parallel_tries_from_one_address_are_counted_before_they_are_checked(app, db):
    """Each try takes its place first, so a burst cannot pass the address's three before the first is checked."""
    from concurrent.futures import ThreadPoolExecutor
    victim = client_at(app, VICTIM)
    send(victim, phone(1))
    code = sms_code(victim, phone(1))
    with ThreadPoolExecutor(5) as pool:
        statuses = sorted(pool.map(lambda _: log_in(client_at(app, STRANGER), phone(1), wrong(code)).status_code,
                                   range(5)))
    assert statuses.count(422) <= 3 and statuses.count(429) >= 2
    assert log_in(victim, phone(1), code).status_code == 200


def test_wrong_codes_from_one_address_to_any_phone_stop_at_twenty_an_hour(app, db, clock):
    owner, stranger = client_at(app, VICTIM), client_at(app, STRANGER)
    codes = {}
    for n in range(8):
        send(owner, phone(n))
        codes[phone(n)] = sms_code(owner, phone(n))
    tried = [log_in(stranger, number, wrong(code)).status_code for number, code in codes.items() for _ in range(3)]
    assert tried[:20] == [422] * 20
    assert tried[20] == 429
    refused = log_in(stranger, phone(7), wrong(codes[phone(7)]))
    assert_limited(refused, "login_address_limit", 3600)
    assert refused.get_json()["message"] == "当前网络验证码错误次数过多，请60分钟后再试"
    before = sms_rows(app, db)
    log_in(stranger, phone(7), wrong(codes[phone(7)]))
    assert sms_rows(app, db) == before
    assert log_in(owner, phone(7), codes[phone(7)]).status_code == 200

"""实名认证 checks limited per account and per client address, at the defaults, in both throttle stores:
each check asks whether a name and 身份证号 are someone's, so they must not be unlimited."""
import pytest
from sqlalchemy import func, select

from backend.config import Config
from backend.models import IdentityCheck, User
from backend.testing.client import assert_error, login
from tests.conftest import redis_up
from tests.factories import id_number

LIMITS = ("ESEAL_REALNAME_PER_ACCOUNT", "ESEAL_REALNAME_PER_ADDRESS")
HERE, ELSEWHERE = "203.0.113.7", "198.51.100.20"


def test_the_defaults_are_five_a_day_per_account_and_twenty_per_address():
    assert (Config.ESEAL_REALNAME_PER_ACCOUNT, Config.ESEAL_REALNAME_PER_ADDRESS) == ((5, 86400), (20, 86400))


@pytest.fixture(params=["database", "redis"])
def app_config(request, clock):
    config = {"ESEAL_CLOCK": clock, **{name: getattr(Config, name) for name in LIMITS}}
    if request.param == "redis":
        if not redis_up():
            pytest.skip("Redis at 127.0.0.1:6379 does not answer")
        config.update(request.getfixturevalue("redis_app_config"))
    return config


def user_at(app, address, phone):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    login(client, phone)
    return client


def check(client, serial):
    return client.post("/api/realname", json={"name": "张三", "id_number": id_number(serial)})


def checks(app, db):
    with app.app_context():
        s = db.session
        return {"checks": s.scalar(select(func.count()).select_from(IdentityCheck)),
                "verified": s.scalar(select(func.count()).select_from(User).where(User.verified_at.is_not(None)))}


def assert_limited(response, retry_after, wait_text):
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(retry_after)
    assert response.get_json()["error"] == "realname_too_frequent"
    assert response.get_json()["message"] == f"实名认证提交过于频繁，请{wait_text}后再试"


def test_an_account_starts_five_checks_a_day_then_429_and_no_check_is_recorded(app, db, clock):
    client = user_at(app, HERE, "13900000001")
    assert [check(client, n).status_code for n in range(5)] == [201] * 5
    clock.advance(3600)
    before = checks(app, db)
    assert_limited(check(client, 5), 82800, "23小时")
    assert checks(app, db) == before
    other = user_at(app, ELSEWHERE, "13900000002")
    assert check(other, 6).status_code == 201
    clock.advance(82800)
    assert check(client, 7).status_code == 201


def test_a_new_address_does_not_give_an_account_more_checks(app, db):
    client = user_at(app, HERE, "13900000001")
    for n in range(5):
        check(client, n)
    client.environ_base["REMOTE_ADDR"] = ELSEWHERE
    before = checks(app, db)
    assert_error(check(client, 5), 429, "realname_too_frequent")
    assert checks(app, db) == before


def test_one_address_starts_twenty_checks_a_day_across_accounts(app, db):
    clients = [user_at(app, HERE, f"139000000{n:02d}") for n in range(5)]
    answers = [check(c, 10 * i + n).status_code for i, c in enumerate(clients[:4]) for n in range(5)]
    assert answers == [201] * 20
    before = checks(app, db)
    assert_limited(check(clients[4], 99), 86400, "24小时")
    assert checks(app, db) == before
    clients[4].environ_base["REMOTE_ADDR"] = ELSEWHERE
    assert check(clients[4], 99).status_code == 201


def test_a_refused_check_costs_the_account_nothing(app, db):
    """The address's window refuses before the account's is counted: the account keeps its five."""
    crowd = [user_at(app, HERE, f"139000000{n:02d}") for n in range(4)]
    for i, c in enumerate(crowd):
        for n in range(5):
            check(c, 10 * i + n)
    late = user_at(app, HERE, "13900000050")
    assert_error(check(late, 50), 429, "realname_too_frequent")
    late.environ_base["REMOTE_ADDR"] = ELSEWHERE
    assert [check(late, 51 + n).status_code for n in range(6)] == [201] * 5 + [429]

"""The SMS resend slot through the API, with the throttles in Redis; Redis down refuses, writes nothing."""
import pytest
from sqlalchemy import func, select

from backend.models import SmsCode, SmsMessage, Throttle
from tests.conftest import REDIS_URL, redis_up


class TestRedisDown:
    @pytest.fixture
    def app_config(self, clock):
        return {"ESEAL_CLOCK": clock, "ESEAL_REDIS_URL": "redis://127.0.0.1:1/0"}

    def test_sms_code_request_is_a_503_in_chinese_and_nothing_is_written(self, app, client, db):
        answer = client.post("/api/auth/sms-codes", json={"phone": "13900000001"})
        assert answer.status_code == 503
        assert answer.get_json()["message"] == "服务暂时不可用，请稍后再试"
        assert answer.headers["Retry-After"] == "5"
        with app.app_context():
            assert [db.session.scalar(select(func.count()).select_from(t)) for t in (SmsCode, SmsMessage)] == [0, 0]


@pytest.mark.skipif(not redis_up(), reason="Redis at 127.0.0.1:6379 does not answer")
class TestRedisUp:
    @pytest.fixture
    def app_config(self, redis_app_config):
        return redis_app_config

    def test_resend_slot_lives_in_redis_and_follows_the_clock(self, app, client, db, clock):
        import redis
        assert client.post("/api/auth/sms-codes", json={"phone": "13900000001"}).status_code == 201
        clock.advance(30)
        again = client.post("/api/auth/sms-codes", json={"phone": "13900000001"})
        assert (again.status_code, again.headers["Retry-After"]) == (429, "30")
        assert again.get_json()["message"] == "验证码发送过于频繁，请30秒后再试"
        assert redis.Redis.from_url(REDIS_URL).exists("eseal:throttle:{sms:13900000001}:slot")
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Throttle)) == 0
        clock.advance(30)
        assert client.post("/api/auth/sms-codes", json={"phone": "13900000001"}).status_code == 201

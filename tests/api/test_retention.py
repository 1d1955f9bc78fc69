"""flask --app backend purge: personal data done with more than ESEAL_RETENTION_DAYS ago is deleted, counted
in Chinese; recent rows, live login sessions and failure counts stay."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.config import Config
from backend.models import AuthSession, IdentityCheck, SmsCode, SmsMessage, SpentToken, Throttle, User
from backend.testing.client import login, verify
from tests.factories import id_number

DAY = timedelta(days=1)


def test_the_default_retention_is_thirty_days():
    assert Config.ESEAL_RETENTION_DAYS == 30


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def rows(app, db):
    """Every row a purge may delete, by table: its identity and the moment it was done with."""
    with app.app_context():
        s = db.session
        return {
            "sms_messages": sorted(s.scalars(select(SmsMessage.id)).all()),
            "sms_codes": sorted(s.scalars(select(SmsCode.id)).all()),
            "spent_tokens": sorted(s.scalars(select(SpentToken.jti)).all()),
            "identity_checks": sorted(s.scalars(select(IdentityCheck.id)).all()),
            "auth_sessions": sorted(s.scalars(select(AuthSession.id)).all()),
            "throttles": sorted(s.scalars(select(Throttle.key)).all()),
            "users": sorted(s.execute(select(User.phone, User.id_digest)).all()),
        }


def add_rows(app, db, now, tag):
    """Rows done with at `now`: a message, a spent code, a spent token, an ended and an expired login session,
    a finished 60 s slot, an ended window, a failure count (no slot) and a lock that ended."""
    with app.app_context():
        s = db.session
        user = s.scalar(select(User).where(User.phone == "13900000001"))
        s.add_all([
            SmsMessage(phone="13900000009", kind="login", content=f"old {tag}", created_at=now),
            SmsCode(phone="13900000009", code_digest="x" * 64, created_at=now - timedelta(minutes=5), expires_at=now),
            SpentToken(jti=f"jti-{tag}", used_at=now - timedelta(minutes=5), expires_at=now),
            IdentityCheck(user_id=user.id, real_name="张三", id_digest="d" * 64, id_masked="4401**********0011",
                          created_at=now),
            AuthSession(id=f"ended-{tag}", user_id=user.id, created_at=now - DAY, expires_at=now + 6 * DAY,
                        revoked_at=now),
            AuthSession(id=f"expired-{tag}", user_id=user.id, created_at=now - 7 * DAY, expires_at=now),
            Throttle(key=f"sms:139{tag}", count=0, slot_until=now),
            Throttle(key=f"sms-from:203.0.113.{tag}", count=3, slot_until=now),
            Throttle(key=f"licence:{tag}", count=2),
            Throttle(key=f"licence-locked:{tag}", count=0, locked_until=now),
        ])
        s.commit()


@pytest.fixture
def principal(client):
    login(client, "13900000001")
    verify(client, "张三", id_number(1))
    return client


def test_purge_removes_rows_done_with_before_the_retention_time_and_keeps_the_recent_ones(app, db, clock,
                                                                                          principal, runner):
    add_rows(app, db, clock.now - 31 * DAY, "1")
    with_old = rows(app, db)
    add_rows(app, db, clock.now - 29 * DAY, "2")
    with_recent = rows(app, db)
    recent = {kind: set(with_recent[kind]) - set(with_old[kind]) for kind in with_recent}

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "已清理 30 天以前的记录，共 8 条：",
        "  短信发件箱：1 条", "  短信验证码：1 条", "  已用令牌：1 条", "  实名认证记录：1 条",
        "  已结束的登录会话：2 条", "  频率限制记录：2 条",
        "已删除超过保存期限的已盖章文件 0 份、过期未用印的上传文件 0 份（用印记录保留）"]
    after = rows(app, db)
    # the 29-day-old rows, everything of today's login, failure counts, locks and the user are kept
    for kind, kept in recent.items():
        assert kept <= set(after[kind]), kind
    assert after["users"] == with_recent["users"] and after["users"][0].id_digest
    assert set(with_old["throttles"]) - set(after["throttles"]) == {"sms:1391", "sms-from:203.0.113.1"}
    assert set(with_old["auth_sessions"]) - set(after["auth_sessions"]) == {"ended-1", "expired-1"}
    assert {kind: len(with_recent[kind]) - len(after[kind]) for kind in after} == {
        "sms_messages": 1, "sms_codes": 1, "spent_tokens": 1, "identity_checks": 1, "auth_sessions": 2,
        "throttles": 2, "users": 0}
    assert principal.get("/api/me").status_code == 200  # today's login session is live and kept


def test_purge_twice_deletes_nothing_more(app, db, clock, principal, runner):
    add_rows(app, db, clock.now - 40 * DAY, "1")
    runner.invoke(args=["purge"])
    kept = rows(app, db)
    result = runner.invoke(args=["purge"])
    assert result.output.splitlines()[0] == "已清理 30 天以前的记录，共 0 条："
    assert rows(app, db) == kept


def test_days_option_and_setting_choose_the_retention_time(app, db, clock, principal, runner):
    add_rows(app, db, clock.now - 8 * DAY, "1")
    assert "共 0 条" in runner.invoke(args=["purge"]).output
    app.config["ESEAL_RETENTION_DAYS"] = 7
    assert "已清理 7 天以前的记录，共 8 条" in runner.invoke(args=["purge"]).output
    add_rows(app, db, clock.now - 3 * DAY, "2")
    assert "已清理 2 天以前的记录，共 8 条" in runner.invoke(args=["purge", "--days", "2"]).output


def test_days_below_one_are_refused_and_nothing_is_deleted(app, db, clock, principal, runner):
    add_rows(app, db, clock.now - 40 * DAY, "1")
    before = rows(app, db)
    result = runner.invoke(args=["purge", "--days", "0"])
    assert result.exit_code != 0
    assert rows(app, db) == before


def test_a_purge_leaves_the_demo_login_working(app, client, clock, runner):
    """Codes just sent, and the login they give, are far younger than any retention time."""
    login(client, "13900000001")
    runner.invoke(args=["purge", "--days", "1"])
    assert client.get("/api/me").status_code == 200

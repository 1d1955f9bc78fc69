"""Login codes: 5 minutes, single use, one per phone per 60 s, dead after 5 wrong tries; the outbox."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.models import SmsCode
from backend.services import sms
from backend.services.errors import Invalid, TooMany
from backend.services.throttles import SqlThrottles
from tests.factories import KEY, NOW

PHONE = "13800000000"


def request(session, phone=PHONE, now=NOW, keep_code=True, throttles=None):
    return sms.request_login_code(session, throttles or SqlThrottles(), phone, now, KEY, ttl_seconds=300, resend_seconds=60, keep_code=keep_code)


def consume(session, code, now=NOW, phone=PHONE):
    sms.consume_login_code(session, phone, code, now, KEY, max_attempts=5)
    session.commit()  # as the login does, once the session is opened


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_code_has_six_digits_and_is_in_the_outbox(session):
    code = request(session)
    assert len(code) == 6 and code.isdigit()
    [message] = sms.outbox(session, PHONE)
    assert (message.kind, message.code) == ("login", code)
    assert code in message.content and "5分钟" in message.content


def test_outbox_outside_demo_mode_keeps_no_readable_code(session):
    code = request(session, keep_code=False)
    [message] = sms.outbox(session, PHONE)
    assert message.code is None and code not in message.content and "******" in message.content
    consume(session, code)


def test_code_is_accepted_within_five_minutes(session):
    code = request(session)
    consume(session, code, NOW + timedelta(seconds=299))


def test_code_expires_after_five_minutes(session):
    code = request(session)
    with pytest.raises(Invalid) as refused:
        consume(session, code, NOW + timedelta(seconds=301))
    assert refused.value.code == "sms_code_expired"


def test_code_is_single_use(session):
    code = request(session)
    consume(session, code)
    with pytest.raises(Invalid) as refused:
        consume(session, code, NOW + timedelta(seconds=1))
    assert refused.value.code == "sms_code_expired"


def test_code_of_one_phone_does_not_log_in_another(session):
    code = request(session)
    with pytest.raises(Invalid):
        consume(session, code, phone="13800000009")


def test_second_code_within_60_seconds_is_refused_with_the_wait(session, throttles):
    request(session, throttles=throttles)
    with pytest.raises(TooMany) as refused:
        request(session, throttles=throttles, now=NOW + timedelta(seconds=20))
    assert refused.value.headers["Retry-After"] == "40"
    assert "40秒" in refused.value.message
    assert len(sms.outbox(session, PHONE)) == 1


def test_second_code_is_sent_after_60_seconds(session, throttles):
    request(session, throttles=throttles)
    request(session, throttles=throttles, now=NOW + timedelta(seconds=60))
    assert len(sms.outbox(session, PHONE)) == 2


def test_refused_request_does_not_extend_the_wait(session, throttles):
    request(session, throttles=throttles)
    with pytest.raises(TooMany):
        request(session, throttles=throttles, now=NOW + timedelta(seconds=59))
    request(session, throttles=throttles, now=NOW + timedelta(seconds=61))
    assert len(sms.outbox(session, PHONE)) == 2


def test_another_phone_is_not_throttled(session, throttles):
    request(session, throttles=throttles)
    request(session, throttles=throttles, phone="13800000009")
    assert len(sms.outbox(session, "13800000009")) == 1


def test_only_the_newest_code_is_valid(session):
    first = request(session)
    second = request(session, now=NOW + timedelta(seconds=61))
    if first == second:
        pytest.skip("the two random codes happen to be equal")
    with pytest.raises(Invalid):
        consume(session, first, NOW + timedelta(seconds=62))
    consume(session, second, NOW + timedelta(seconds=63))


def test_wrong_code_says_how_many_tries_are_left(session):
    code = request(session)
    for left in (4, 3, 2, 1):
        with pytest.raises(Invalid) as refused:
            consume(session, wrong(code))
        assert refused.value.message == f"验证码错误，还可尝试{left}次"
        assert refused.value.fields == {"code": refused.value.message}


def test_fifth_wrong_try_kills_the_code(session):
    code = request(session)
    for _ in range(4):
        with pytest.raises(Invalid):
            consume(session, wrong(code))
    with pytest.raises(Invalid) as refused:
        consume(session, wrong(code))
    assert refused.value.code == "sms_code_dead"


def test_right_code_is_refused_after_five_wrong_tries(session):
    code = request(session)
    for _ in range(5):
        with pytest.raises(Invalid):
            consume(session, wrong(code))
    with pytest.raises(Invalid) as refused:
        consume(session, code)
    assert refused.value.code == "sms_code_expired"


def test_right_code_still_works_after_four_wrong_tries(session):
    code = request(session)
    for _ in range(4):
        with pytest.raises(Invalid):
            consume(session, wrong(code))
    consume(session, code)


def test_login_without_any_code_requested_is_refused(session):
    with pytest.raises(Invalid):
        consume(session, "123456")


def test_code_is_not_stored_in_clear(session):
    code = request(session)
    [stored] = session.scalars(select(SmsCode)).all()
    assert code not in stored.code_digest


def test_outbox_records_every_message_newest_first(session):
    sms.send(session, PHONE, "notice", "第一条", NOW)
    sms.send(session, PHONE, "notice", "第二条", NOW + timedelta(seconds=1))
    sms.send(session, "13800000009", "notice", "别人的", NOW)
    session.commit()
    contents = [m.content for m in sms.outbox(session, PHONE)]
    assert contents == [sms.SIGNATURE + "第二条", sms.SIGNATURE + "第一条"]

"""SMS: login codes (5 minutes, single use, one per phone per 60 s, 5 wrong tries) and the outbox.

Limits per client address (when the caller names one): codes sent from it, wrong codes from it to any
phone, and tries at one code from it, fewer than the code's own, so that a stranger cannot kill
someone else's code.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta
from math import ceil

from sqlalchemy import select, update

from ..models import SmsCode, SmsMessage
from .errors import Invalid, TooMany

SIGNATURE = "【广州市企业开办一网通平台】"


def send(session, phone, kind, content, now, code=None):
    """Record a message in the outbox (the gateway of this reference platform)."""
    session.add(SmsMessage(phone=phone, kind=kind, content=SIGNATURE + content, code=code, created_at=now))


def _digest(phone, code, key):
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def wait_text(seconds):
    """59 → 「59秒」, 3600 → 「60分钟」, 86400 → 「24小时」: a wait as a person reads it, never shorter."""
    if seconds < 60:
        return f"{seconds}秒"
    if seconds < 7200:
        return f"{ceil(seconds / 60)}分钟"
    return f"{ceil(seconds / 3600)}小时"


ADDRESS_MESSAGES = {"sms-from": ("sms_address_limit", "当前网络获取验证码过于频繁，请{wait}后再试"),
                    "login-wrong": ("login_address_limit", "当前网络验证码错误次数过多，请{wait}后再试")}


def _within(session, throttles, key, now, rate, cost):
    """Count cost against rate = (count, seconds) for key; past it, 429 with Retry-After (nothing written)."""
    left, wait = throttles.hit(session, key, now, *rate, cost=cost)
    if left is None:
        session.rollback()
        code, message = ADDRESS_MESSAGES[key.split(":", 1)[0]]
        raise TooMany(code, message.format(wait=wait_text(wait)), headers={"Retry-After": str(wait)})


def request_login_code(session, throttles, phone, now, key, ttl_seconds=300, resend_seconds=60, keep_code=False,
                       address=None, per_address=None):
    """Send a login code, one per phone per resend_seconds (a slot in the shared throttles), and at most
    per_address = (count, seconds) from one client address.

    Only a demo outbox (keep_code) keeps the code readable; else it is masked.
    """
    by_address = f"sms-from:{address}"
    limited = address is not None and per_address is not None
    if limited:  # a full window refuses before the phone's slot is taken
        _within(session, throttles, by_address, now, per_address, 0)
    wait = throttles.claim(session, f"sms:{phone}", now, resend_seconds)
    if wait is not None:
        session.rollback()
        raise TooMany("sms_too_frequent", f"验证码发送过于频繁，请{wait}秒后再试",
                      headers={"Retry-After": str(wait)})
    if limited:
        _within(session, throttles, by_address, now, per_address, 1)
    code = f"{secrets.randbelow(10**6):06d}"
    session.add(SmsCode(phone=phone, code_digest=_digest(phone, code, key), created_at=now,
                        expires_at=now + timedelta(seconds=ttl_seconds)))
    minutes = ttl_seconds // 60
    shown = code if keep_code else "******"
    send(session, phone, "login", f"您的登录验证码为{shown}，{minutes}分钟内有效。请勿泄露给他人。", now,
         code=code if keep_code else None)
    session.commit()
    return code


DEAD_MESSAGE = "验证码错误次数过多，请重新获取"


def consume_login_code(session, phone, code, now, key, max_attempts=5, throttles=None, address=None,
                       tries_per_address=None, wrong_per_address=None):
    """Use the phone's newest live code once; a wrong code costs one of its tries.

    With throttles and a client address: at most tries_per_address tries at this code from that address
    (counted before the check, so parallel tries count too), and wrong_per_address = (count, seconds)
    wrong codes from it to any phone; past either, 429 and the code is not touched.
    """
    current = session.scalars(
        select(SmsCode).where(SmsCode.phone == phone).order_by(SmsCode.created_at.desc(), SmsCode.id.desc()).limit(1)
    ).first()
    if current is None or current.used_at or current.dead_at or current.expires_at <= now:
        raise Invalid("sms_code_expired", "验证码已失效，请重新获取", {"code": "验证码已失效，请重新获取"})
    tries_left = _take_try(session, throttles, address, current, now, tries_per_address, wrong_per_address)
    if hmac.compare_digest(current.code_digest, _digest(phone, code, key)):
        used = session.execute(
            update(SmsCode).where(SmsCode.id == current.id, SmsCode.used_at.is_(None), SmsCode.dead_at.is_(None))
            .values(used_at=now)
        ).rowcount
        if used:
            return
        session.rollback()
        raise Invalid("sms_code_expired", "验证码已失效，请重新获取", {"code": "验证码已失效，请重新获取"})
    session.execute(
        update(SmsCode).where(SmsCode.id == current.id).values(failed_attempts=SmsCode.failed_attempts + 1)
    )
    session.execute(
        update(SmsCode).where(SmsCode.id == current.id, SmsCode.failed_attempts >= max_attempts,
                              SmsCode.dead_at.is_(None)).values(dead_at=now)
    )
    if tries_left is not None:
        throttles.hit(session, f"login-wrong:{address}", now, *wrong_per_address)  # counted, refused or not
    session.commit()
    left = max(0, max_attempts - session.scalar(select(SmsCode.failed_attempts).where(SmsCode.id == current.id)))
    if tries_left is not None:
        left = min(left, tries_left)
    if left == 0:
        raise Invalid("sms_code_dead", DEAD_MESSAGE, {"code": DEAD_MESSAGE})
    raise Invalid("sms_code_wrong", f"验证码错误，还可尝试{left}次", {"code": f"验证码错误，还可尝试{left}次"})


def _take_try(session, throttles, address, current, now, tries_per_address, wrong_per_address):
    """Count one try at this code from this address: the tries it has left after this one (None: no limit)."""
    if throttles is None or address is None:
        return None
    _within(session, throttles, f"login-wrong:{address}", now, wrong_per_address, 0)
    life = max(1, ceil((current.expires_at - now).total_seconds()))
    left, wait = throttles.hit(session, f"login-try:{current.id}:{address}", now, tries_per_address, life)
    if left is None:
        session.rollback()
        raise TooMany("sms_code_tries", DEAD_MESSAGE, {"code": DEAD_MESSAGE}, headers={"Retry-After": str(wait)})
    return left


def outbox(session, phone, limit=20):
    return session.scalars(
        select(SmsMessage).where(SmsMessage.phone == phone)
        .order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc()).limit(limit)
    ).all()

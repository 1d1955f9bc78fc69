"""SMS: login codes (5 minutes, single use, one per phone per 60 s, 5 wrong tries) and the outbox."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..models import SmsCode, SmsMessage
from .errors import Invalid, TooMany

SIGNATURE = "【广州市企业开办一网通平台】"


def send(session, phone, kind, content, now, code=None):
    """Record a message in the outbox (the gateway of this reference platform)."""
    session.add(SmsMessage(phone=phone, kind=kind, content=SIGNATURE + content, code=code, created_at=now))


def _digest(phone, code, key):
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def request_login_code(session, throttles, phone, now, key, ttl_seconds=300, resend_seconds=60, keep_code=False):
    """Send a login code, one per phone per resend_seconds (a slot in the shared throttles).

    Only a demo outbox (keep_code) keeps the code readable; else it is masked.
    """
    wait = throttles.claim(session, f"sms:{phone}", now, resend_seconds)
    if wait is not None:
        session.rollback()
        raise TooMany("sms_too_frequent", f"验证码发送过于频繁，请{wait}秒后再试",
                      headers={"Retry-After": str(wait)})
    code = f"{secrets.randbelow(10**6):06d}"
    session.add(SmsCode(phone=phone, code_digest=_digest(phone, code, key), created_at=now,
                        expires_at=now + timedelta(seconds=ttl_seconds)))
    minutes = ttl_seconds // 60
    shown = code if keep_code else "******"
    send(session, phone, "login", f"您的登录验证码为{shown}，{minutes}分钟内有效。请勿泄露给他人。", now,
         code=code if keep_code else None)
    session.commit()
    return code


def consume_login_code(session, phone, code, now, key, max_attempts=5):
    """Use the phone's newest live code once; a wrong code costs one of its tries."""
    current = session.scalars(
        select(SmsCode).where(SmsCode.phone == phone).order_by(SmsCode.created_at.desc(), SmsCode.id.desc()).limit(1)
    ).first()
    if current is None or current.used_at or current.dead_at or current.expires_at <= now:
        raise Invalid("sms_code_expired", "验证码已失效，请重新获取", {"code": "验证码已失效，请重新获取"})
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
    session.commit()
    left = max(0, max_attempts - session.scalar(select(SmsCode.failed_attempts).where(SmsCode.id == current.id)))
    if left == 0:
        raise Invalid("sms_code_dead", "验证码错误次数过多，请重新获取", {"code": "验证码错误次数过多，请重新获取"})
    raise Invalid("sms_code_wrong", f"验证码错误，还可尝试{left}次", {"code": f"验证码错误，还可尝试{left}次"})


def outbox(session, phone, limit=20):
    return session.scalars(
        select(SmsMessage).where(SmsMessage.phone == phone)
        .order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc()).limit(limit)
    ).all()

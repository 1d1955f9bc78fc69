"""A grantee's 用印 is confirmed with a fresh SMS code bound to the request (not a login code): 5 minutes,
5 tries, one a minute. Only its keyed hash is stored, on the request."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import update

from ..models import StampRequest
from . import sms
from .errors import DomainError
from .seals import seal_name

CODE_TTL = timedelta(minutes=5)
CODE_RESEND = timedelta(seconds=60)
CODE_TRIES = 5
WRONG = "验证码错误，请重新输入"


def _digest(key, request, code):
    return hmac.new(key, f"stamp:{request.id}:{code}".encode(), hashlib.sha256).hexdigest()


def send(session, user, request, seals, now, key, keep_code):
    """A new code to the user's phone for this request (in the caller's transaction); 429 within a minute."""
    if request.code_sent_at is not None and now < request.code_sent_at + CODE_RESEND:
        raise DomainError("stamp_code_wait", "验证码已发送，请稍后再试", status=429)
    code = f"{secrets.randbelow(10**6):06d}"
    request.code_digest, request.code_expires_at, request.code_sent_at = _digest(key, request, code), \
        now + CODE_TTL, now
    names = "、".join(seal_name(s) for s in seals)
    sms.send(session, user.phone, "stamp", f"您正在使用“{names}”在文件“{request.name}”上用印，验证码{code}，"
             "5分钟内有效。如非本人操作，请忽略本短信。", now, code=code if keep_code else None)


def check(session, request, code, now, key):
    """The code for this request: right, in time, and within its tries, or refused (a wrong one counted)."""
    if request.code_digest is None or request.code_expires_at <= now or request.code_failures >= CODE_TRIES:
        raise DomainError("stamp_code_expired", "验证码已失效，请重新获取", status=400)
    if not isinstance(code, str) or not hmac.compare_digest(request.code_digest, _digest(key, request, code)):
        session.execute(update(StampRequest).where(StampRequest.id == request.id)
                        .values(code_failures=StampRequest.code_failures + 1))
        session.commit()
        raise DomainError("stamp_code_wrong", WRONG, {"code": WRONG}, status=400)

"""实名认证: 姓名 + 身份证号, then the (simulated) face step; the number is kept only as a keyed hash.

Checks are limited per account and per client address (when the caller gives the throttles): each one
tells whether a name and number are already someone's, so unlimited checks would be an oracle.
"""
from datetime import timedelta

from sqlalchemy import select

from ..models import IdentityCheck, User
from .errors import Conflict, Invalid, NotFound, TooMany
from .identifiers import id_number_digest, mask_id_number, normalise_id_number
from .sms import wait_text

CHECK_LIFETIME = timedelta(minutes=10)


def start_check(session, user, name, id_number, now, key, throttles=None, address=None, per_account=None,
                per_address=None):
    """Record 姓名 + 身份证号 for the face step; per_account / per_address = (count, seconds) checks at most."""
    if user.is_verified:
        raise Conflict("realname_done", "您已完成实名认证")
    if throttles is not None:
        rates = [(f"realname-user:{user.id}", per_account)]
        if address is not None:
            rates.append((f"realname-from:{address}", per_address))
        _within_limits(session, throttles, now, [(k, rate) for k, rate in rates if rate is not None])
    number = normalise_id_number(id_number)
    check = IdentityCheck(user_id=user.id, real_name=name, id_digest=id_number_digest(number, key),
                          id_masked=mask_id_number(number), created_at=now)
    session.add(check)
    session.commit()
    return check


def _within_limits(session, throttles, now, rates):
    """Count one check against every (key, rate); the first full window refuses with 429, counting none."""
    for cost in (0, 1):  # ask every window first: a refusal then leaves the others as they were
        for name, rate in rates:
            left, wait = throttles.hit(session, name, now, *rate, cost=cost)
            if left is None:
                session.rollback()
                raise TooMany("realname_too_frequent", f"实名认证提交过于频繁，请{wait_text(wait)}后再试",
                              headers={"Retry-After": str(wait)})


def pending_check(session, user, now):
    if user.is_verified:
        return None
    return session.scalars(
        select(IdentityCheck).where(IdentityCheck.user_id == user.id, IdentityCheck.completed_at.is_(None),
                                    IdentityCheck.created_at > now - CHECK_LIFETIME)
        .order_by(IdentityCheck.id.desc()).limit(1)
    ).first()


def complete_face_step(session, user, check_id, now):
    """The simulated 人脸识别 always matches; what it guards is whose check this is and when."""
    check = session.get(IdentityCheck, check_id)
    if check is None or check.user_id != user.id:
        raise NotFound("identity_check_not_found", "认证记录不存在，请重新填写实名信息")
    if user.is_verified:
        raise Conflict("realname_done", "您已完成实名认证")
    if check.completed_at is not None or check.created_at <= now - CHECK_LIFETIME:
        raise Invalid("identity_check_expired", "认证已超时，请重新填写实名信息")
    taken = session.scalar(select(User.id).where(User.id_digest == check.id_digest, User.id != user.id))
    if taken is not None:
        raise Conflict("id_number_taken", "该身份证号已在其他账号完成实名认证")
    check.completed_at = now
    user.real_name = check.real_name
    user.id_digest = check.id_digest
    user.id_masked = check.id_masked
    user.verified_at = now
    session.commit()
    return user

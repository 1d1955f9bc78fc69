"""Personal data is kept only as long as needed: SMS messages and codes, spent token ids, 实名认证 checks,
ended login sessions and the throttle windows (phone numbers, client addresses) go after `days` days.

Each rule names the moment a row is done with: a row is purged `days` after that moment. Nothing the
running flows still need is touched: codes, tokens and windows are dead long before, login sessions
ended, a check's result lives on in its user. (Throttles in Redis expire there by themselves.)
"""
from datetime import timedelta

from sqlalchemy import delete, or_

from ..models import AuthSession, IdentityCheck, SmsCode, SmsMessage, SpentToken, Throttle

KINDS = ("sms_messages", "sms_codes", "spent_tokens", "identity_checks", "auth_sessions", "throttles")


def _rules(cutoff):
    return {
        "sms_messages": delete(SmsMessage).where(SmsMessage.created_at < cutoff),
        "sms_codes": delete(SmsCode).where(SmsCode.expires_at < cutoff),
        "spent_tokens": delete(SpentToken).where(SpentToken.expires_at < cutoff),
        "identity_checks": delete(IdentityCheck).where(IdentityCheck.created_at < cutoff),
        "auth_sessions": delete(AuthSession).where(or_(AuthSession.expires_at < cutoff,
                                                       AuthSession.revoked_at < cutoff)),
        # windows and resend slots (slot_until); failure counts and locks (no slot) are left to their rules
        "throttles": delete(Throttle).where(Throttle.slot_until < cutoff,
                                            or_(Throttle.locked_until.is_(None), Throttle.locked_until < cutoff)),
    }


def purge(session, now, days):
    """Delete every row done with before now - days, in one transaction; {kind: rows deleted}."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = now - timedelta(days=days)
    counts = {kind: session.execute(statement).rowcount for kind, statement in _rules(cutoff).items()}
    session.commit()
    return counts

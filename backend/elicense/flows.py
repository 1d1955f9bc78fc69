"""App B's state on the server: one flow per jump request and browser, and its own login (no Flask here).

The cookie carries only random ids (and the CSRF token); what they stand for is a row here: a saved
cookie replays nothing once its flow has ended, and a jump link that leaks identifies nobody, since
only 实名信息 and 实人认证 done in this browser log a person in.
"""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from ..services.errors import DomainError, Forbidden
from ..services.jump_tokens import TokenError
from .models import ElicenseFlow, ElicenseHolder, ElicenseLogin

LOGIN_LIFETIME = timedelta(days=7)
REQUEST_CLAIMS = ("iss", "sub", "credit_code", "purpose", "redirect_uri", "state", "nonce")
BUSINESS = {"download": "下载印章", "stamp": "用印"}  # what the request is for, as the pages name it
REQUEST_USED_MESSAGE = "该跳转链接已使用，请返回电子印章重新发起下载"
NO_FLOW_MESSAGE = "请从一网通电子印章发起下载，再进入电子营业执照"
EXPIRED_MESSAGE = "本次办理已超时，请返回电子印章重新发起"
IDENTITY_MESSAGE = "请先录入实名信息并完成实人认证"


class NoFlow(DomainError):
    status = 400

    def __init__(self, code="jump_missing", message=NO_FLOW_MESSAGE):
        super().__init__(code, message)


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret():
    return secrets.token_urlsafe(32)


def business_of(flow):
    return BUSINESS[flow.request["purpose"]]


def login_holder(session, login_id, now):
    """The person this browser's own login names, while it lasts."""
    if not isinstance(login_id, str) or not login_id:
        return None
    login = session.get(ElicenseLogin, _digest(login_id))
    if login is None or login.expires_at <= now:
        return None
    return session.get(ElicenseHolder, login.holder_id)


def open_flow(session, claims, expires_at, now, *, login_id=None, previous_id=None):
    """A verified jump request becomes this browser's flow: (its random id, the flow).

    Refused if its jti opened a flow before (in any browser). The browser's earlier flow ends with its
    pending steps; the browser's own login, if any, is who the new flow serves.
    """
    if len(claims["jti"]) > ElicenseFlow.jti.type.length:
        raise TokenError("token_claims")
    session.execute(delete(ElicenseFlow).where(ElicenseFlow.expires_at < now))
    person = login_holder(session, login_id, now)
    flow_id = _new_secret()
    flow = ElicenseFlow(id=_digest(flow_id), jti=claims["jti"], expires_at=expires_at, created_at=now,
                        request={name: claims[name] for name in REQUEST_CLAIMS + ("stamp",) if name in claims},
                        holder_id=person.id if person else None, verified=False)
    session.add(flow)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DomainError("request_replayed", REQUEST_USED_MESSAGE) from None
    if isinstance(previous_id, str) and previous_id:
        session.execute(update(ElicenseFlow).where(ElicenseFlow.id == _digest(previous_id),
                                                   ElicenseFlow.ended_at.is_(None))
                        .values(ended_at=now, pending_holder_id=None, chosen=None, verified=False))
    session.commit()
    return flow_id, flow


def current_flow(session, flow_id, now):
    """The flow this browser is in, or NoFlow: none, ended (returned or replaced) or past its request's expiry."""
    flow = session.get(ElicenseFlow, _digest(flow_id)) if isinstance(flow_id, str) and flow_id else None
    if flow is None or flow.ended_at is not None:
        raise NoFlow()
    if flow.expires_at <= now:
        raise NoFlow("flow_expired", EXPIRED_MESSAGE)
    return flow


def holder_of(session, flow):
    """The person identified in this browser for this flow, or None."""
    return session.get(ElicenseHolder, flow.holder_id) if flow.holder_id else None


def require_holder(session, flow):
    person = holder_of(session, flow)
    if person is None:
        raise Forbidden("elicense_identity_required", IDENTITY_MESSAGE)
    return person


def set_pending(session, flow, person):
    """实名信息 entered: this person is to pass 实人认证; whoever was identified before no longer is."""
    flow.pending_holder_id, flow.holder_id, flow.chosen, flow.verified = person.id, None, None, False
    session.commit()


def pending_of(session, flow):
    return session.get(ElicenseHolder, flow.pending_holder_id) if flow.pending_holder_id else None


def confirm_identity(session, flow, now, *, login_id=None):
    """实人认证 passed: the flow serves this person, and the browser is logged in as them (a new random id)."""
    person = pending_of(session, flow)
    flow.holder_id, flow.pending_holder_id = person.id, None
    session.execute(delete(ElicenseLogin).where(ElicenseLogin.expires_at <= now))
    if isinstance(login_id, str) and login_id:
        session.execute(delete(ElicenseLogin).where(ElicenseLogin.id == _digest(login_id)))
    new_login = _new_secret()
    session.add(ElicenseLogin(id=_digest(new_login), holder_id=person.id, created_at=now,
                              expires_at=now + LOGIN_LIFETIME))
    session.commit()
    return person, new_login


def choose(session, flow, credit_code):
    flow.chosen = credit_code
    session.commit()


def clear_choice(session, flow):
    flow.chosen = None
    session.commit()


def mark_verified(session, flow):
    flow.verified = True
    session.commit()


def forget_verification(session, flow):
    """A licence was deleted: a verification it gave no longer stands."""
    flow.verified = False
    session.commit()


def finish(session, flow, outcome, now):
    """End the flow for its one result: the request's claims, or a refusal if it ended meanwhile.

    One conditional UPDATE, so two tabs (or a replayed cookie) returning at once get one result between them.
    """
    condition = [ElicenseFlow.id == flow.id, ElicenseFlow.ended_at.is_(None), ElicenseFlow.expires_at > now]
    if outcome == "verified":
        if not flow.verified:
            raise Forbidden("licence_not_verified", "请先完成执照验证")
        condition.append(ElicenseFlow.verified.is_(True))
    claims = dict(flow.request)
    ended = session.execute(update(ElicenseFlow).where(*condition).values(ended_at=now)).rowcount
    session.commit()
    if not ended:
        raise NoFlow()
    return claims

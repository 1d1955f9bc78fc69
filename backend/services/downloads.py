"""下载印章: a download session bound to a browser, then the seals into the wallet exactly once."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..models import DownloadSession, Receipt, Seal, SealEvent, SpentToken
from .errors import Conflict, DomainError
from .enterprises import enterprise_of
from .seals import all_filed, seal_name, seals_of

NOT_FILED = "印章备案未完成，请等待实物印章备案完成后再开始下载。"


def pseudonym(key, user_id):
    """The stable, unguessable id the licence app knows a user by (the jump's sub)."""
    return hmac.new(key, f"eseal-user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


class DownloadRefused(DomainError):
    status = 400


def start(session, user, enterprise_id, declaration_version, now, ttl_seconds):
    """Open a download session: only the verified principal, only once every seal is filed."""
    enterprise = enterprise_of(session, user, enterprise_id)  # the principal's, or 404
    seals = seals_of(session, enterprise)
    if not all_filed(seals):
        raise Conflict("seals_not_filed", NOT_FILED)
    if {s.id for s in seals} <= _held_seal_ids(session, user, enterprise):
        raise Conflict("seals_already_held", "该企业的电子印章均已下载，可在“查看已下载印章”中查看")
    download = DownloadSession(
        id=secrets.token_urlsafe(32), user_id=user.id, enterprise_id=enterprise.id,
        declaration_version=declaration_version, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
        created_at=now, expires_at=now + timedelta(seconds=ttl_seconds),
    )
    session.add(download)
    session.commit()
    return download


def spend_token(session, jti, expires_at, now):
    """Record a result token's jti; a second use anywhere is refused (the primary key holds it)."""
    try:
        session.execute(insert(SpentToken).values(jti=jti, used_at=now, expires_at=expires_at))
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise DownloadRefused("token_replayed", "该跳转凭证已使用，请重新发起下载") from exc


def complete(session, download, user, now):
    """Receive every filed seal of the enterprise into the wallet, once per download session."""
    if download.user_id != user.id:
        raise DownloadRefused("download_session_mismatch", "下载会话与当前用户不符，请重新发起下载")
    if download.expires_at <= now:
        raise DownloadRefused("download_session_expired", "下载会话已过期，请重新发起下载")
    claimed = session.execute(
        update(DownloadSession).where(DownloadSession.id == download.id, DownloadSession.status == "started")
        .values(status="completed", completed_at=now)
    ).rowcount
    if not claimed:  # completed by an earlier or concurrent call: the same result, nothing added
        session.rollback()
        return receipts_of(session, download.id)
    enterprise = enterprise_of(session, user, download.enterprise_id)
    held = _held_seal_ids(session, user, enterprise)
    for seal in seals_of(session, enterprise):
        if seal.status != "filed" or seal.id in held:  # one copy per seal in a wallet
            continue
        session.add(Receipt(seal_id=seal.id, user_id=user.id, download_session_id=download.id, received_at=now))
        session.add(SealEvent(seal_id=seal.id, enterprise_id=enterprise.id, kind="download", actor=user.real_name,
                              detail=f"{seal_name(seal)}已下载至{enterprise.principal_role}的电子印章", created_at=now))
    session.commit()
    return receipts_of(session, download.id)


def receipts_of(session, download_id):
    return session.scalars(select(Receipt).options(joinedload(Receipt.seal).joinedload(Seal.enterprise))
                           .where(Receipt.download_session_id == download_id).order_by(Receipt.seal_id)).all()


def token_spent(session, jti):
    return session.get(SpentToken, jti) is not None


def complete_once(session, download, user, jti, token_expires_at, now):
    """Spend the result token and complete in one transaction; a racing second call gets the same result."""
    try:
        spend_token(session, jti, token_expires_at, now)
    except DownloadRefused:
        session.expire_all()
        again = session.get(DownloadSession, download.id)
        if again is not None and again.status == "completed" and again.user_id == user.id:
            return receipts_of(session, again.id)
        raise
    return complete(session, download, user, now)


def _held_seal_ids(session, user, enterprise):
    return {r.seal_id for r in held_receipts(session, user, enterprise)}


def held_receipts(session, user, enterprise):
    """印章 in this user's wallet for the enterprise: received and not deleted, newest first."""
    receipts = session.scalars(
        select(Receipt).join(Receipt.seal).options(contains_eager(Receipt.seal))
        .where(Receipt.user_id == user.id, Receipt.deleted_at.is_(None), Seal.enterprise_id == enterprise.id)
        .order_by(Receipt.received_at.desc(), Receipt.seal_id)
    ).all()
    for receipt in receipts:  # every seal's enterprise is this one: no join and no load of it again
        set_committed_value(receipt.seal, "enterprise", enterprise)
    return receipts

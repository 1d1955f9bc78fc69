"""下载印章: a download session bound to a browser, then the seals into the wallet exactly once."""
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..models import DownloadSession, Enterprise, Receipt, Seal, SealEvent, SpentToken
from .enterprises import enterprise_of
from .errors import Conflict, NotFound
from .jump_service import MISMATCH_MESSAGES, Jump, JumpRefused, pseudonym  # noqa: F401  (the demo's licence-app side)
from .seals import all_filed, seal_name, seals_of

PURPOSE = "download"

NOT_FILED = "印章备案未完成，请等待实物印章备案完成后再开始下载。"
NONE_IN_USE = "该企业的电子印章均已停用或注销，暂不能下载。"


class DownloadRefused(JumpRefused):
    status = 400

    def __init__(self, code):
        super().__init__(code, MISMATCH_MESSAGES[code])


def start(session, user, enterprise_id, declaration_version, now, ttl_seconds):
    """Open a download session: only the verified principal, only once every seal is filed."""
    enterprise = enterprise_of(session, user, enterprise_id)  # the principal's, or 404
    seals = seals_of(session, enterprise)
    if not all_filed(seals):
        if seals and all(s.status in ("suspended", "revoked") for s in seals):
            raise Conflict("seals_not_in_use", NONE_IN_USE)
        raise Conflict("seals_not_filed", NOT_FILED)
    if {s.id for s in seals if s.status == "filed"} <= _held_seal_ids(session, user, enterprise):
        raise Conflict("seals_already_held", "该企业的电子印章均已下载，可在“查看已下载印章”中查看")
    download = DownloadSession(
        id=secrets.token_urlsafe(32), user_id=user.id, enterprise_id=enterprise.id,
        declaration_version=declaration_version, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
        created_at=now, expires_at=now + timedelta(seconds=ttl_seconds),
    )
    session.add(download)
    session.commit()
    return download


def jump_of(download, subject, credit_code):
    """The values the licence app's result must echo for this download."""
    return Jump(subject=subject, credit_code=credit_code, purpose=PURPOSE, state=download.state,
                nonce=download.nonce)


def request_url(session, jumps, download, now):
    enterprise = session.get(Enterprise, download.enterprise_id)
    return jumps.request_url(jump_of(download, jumps.subject(download.user_id), enterprise.credit_code), now)


def spend_token(session, jti, expires_at, now):
    """Record a result token's jti; a second use anywhere is refused (the primary key holds it)."""
    try:
        session.execute(insert(SpentToken).values(jti=jti, used_at=now, expires_at=expires_at))
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise DownloadRefused("token_replayed") from exc


def token_spent(session, jti):
    return session.get(SpentToken, jti) is not None


def accept_result(session, jumps, token, bound, user, now):
    """The callback: believe the licence app's result once, and mark the download verified on the server.

    ``bound`` is what this browser's session remembers of the download it started ({"id", "state"}).
    Checks, in order: the token itself, single use, this browser, this user, this download's values.
    Answers the download session, now "verified" or "cancelled"; nothing is written when refused.
    """
    return accept_claims(session, jumps, jumps.verify_result(token, now), bound, user, now)


def accept_claims(session, jumps, claims, bound, user, now):
    """accept_result for a result whose token was verified already (the callback serves 下载 and 用印)."""
    if token_spent(session, claims["jti"]):
        raise DownloadRefused("token_replayed")
    bound = bound if isinstance(bound, dict) else {}
    download = session.get(DownloadSession, bound.get("id")) if isinstance(bound.get("id"), str) else None
    if download is None or not isinstance(bound.get("state"), str) \
            or not hmac.compare_digest(bound["state"], claims["state"]):
        raise DownloadRefused("state_mismatch")
    if download.user_id != user.id:
        raise DownloadRefused("download_session_mismatch")
    enterprise = session.get(Enterprise, download.enterprise_id)
    jumps.bind(claims, jump_of(download, jumps.subject(user.id), enterprise.credit_code))
    if download.expires_at <= now:
        raise DownloadRefused("download_session_expired")
    spend_token(session, claims["jti"], jumps.expiry(claims), now)
    status = "verified" if claims["outcome"] == "verified" else "cancelled"
    moved = session.execute(
        update(DownloadSession).where(DownloadSession.id == download.id, DownloadSession.status == "started")
        .values(status=status, verified_at=now)).rowcount
    if not moved:  # this download already had its answer: a second result for it is not believed
        session.rollback()
        raise DownloadRefused("token_replayed")
    session.commit()
    session.refresh(download)
    return download


def complete(session, download_id, user, bound, now):
    """下载: every filed seal of the enterprise into the wallet, once per verified download session.

    A download completed earlier (or by a concurrent call) answers the same receipts, nothing added.
    """
    download = session.get(DownloadSession, download_id)
    if download is None or download.user_id != user.id:
        raise NotFound("download_not_found", "未找到该下载记录")
    if download.status == "completed":
        return download, receipts_of(session, download.id)
    if download.status != "verified" or not isinstance(bound, dict) or bound.get("id") != download.id:
        raise DownloadRefused("not_verified")
    if download.expires_at <= now:
        raise DownloadRefused("download_session_expired")
    claimed = session.execute(
        update(DownloadSession).where(DownloadSession.id == download.id, DownloadSession.status == "verified")
        .values(status="completed", completed_at=now)).rowcount
    if not claimed:  # a concurrent call completed it a moment ago
        session.rollback()
        session.refresh(download)
        if download.status == "completed":
            return download, receipts_of(session, download.id)
        raise DownloadRefused("not_verified")
    enterprise = enterprise_of(session, user, download.enterprise_id)
    for seal in seals_of(session, enterprise):
        if seal.status == "filed" and _receive(session, seal, user, download, now):
            session.add(SealEvent(seal_id=seal.id, enterprise_id=enterprise.id, kind="download",
                                  actor=user.real_name, created_at=now,
                                  detail=f"{seal_name(seal)}已下载"))
    session.commit()
    return download, receipts_of(session, download.id)


def _receive(session, seal, user, download, now):
    """One receipt unless the seal is already held (the partial unique index decides, also under races)."""
    insert_ = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert_(Receipt).values(seal_id=seal.id, user_id=user.id, download_session_id=download.id,
                                        received_at=now).on_conflict_do_nothing(
        index_elements=["user_id", "seal_id"], index_where=Receipt.deleted_at.is_(None)).returning(Receipt.id)
    return session.execute(statement).first() is not None  # (rowcount is not reliable with RETURNING)


def receipts_of(session, download_id):
    return session.scalars(select(Receipt).options(joinedload(Receipt.seal).joinedload(Seal.enterprise))
                           .where(Receipt.download_session_id == download_id).order_by(Receipt.seal_id)).all()


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

"""用印: a PDF uploaded, seals placed on it, the placement confirmed (licence app or SMS code), then signed once.

Who may use a seal now: the principal, for a seal of their enterprise held in their wallet (下载 done), and a
person the principal authorised (授权用印, services/grants.py) while the grant lasts; the seal filed (not 停用
or 注销) in both cases. The confirmation binds the document's SHA-256, the placements and the seals
(``binding``); the licence app's result must echo it, so a result for another document, placement or
purpose is refused. Signing, the 用印记录 and the signed file: stamp_signing.py.
"""
import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..models import Enterprise, Receipt, Seal, StampRequest
from . import grants, pdf_documents, stamp_codes
from .downloads import spend_token, token_spent
from .enterprises import is_principal, require_verified
from .errors import Conflict, DomainError, Invalid
from .jump_service import MISMATCH_MESSAGES, Jump, JumpRefused
from .seal_pictures import SealPictures
from .seals import seal_name

PURPOSE = "stamp"
UPLOAD_HOURS = 24  # an upload not signed within this is removed
MAX_PLACEMENTS = 20
STALE_SIGNING = timedelta(minutes=2)  # a signing claim older than this is taken to have crashed

MESSAGES = {
    "stamp_request_not_found": "未找到该用印文件，请重新上传",
    "stamp_expired": "该用印文件已过期，请重新上传",
    "stamp_done": "该文件已完成用印",
    "stamp_not_confirmed": "尚未确认用印，请先点击【确认用印】",
    "stamp_binding": "跳转凭证与本次用印的文件或印章位置不符，请重新确认用印",
    "stamp_state": "用印会话与当前浏览器不符，请重新确认用印",
    "seal_not_usable": "该印章当前不可用于用印",
    "placements_mixed": "一次用印只能使用同一企业的印章",
}


def refuse(code, status=409, fields=None):
    raise DomainError(code, MESSAGES[code], fields, status=status)


# -- who may use which seal ---------------------------------------------------------------------------

def _held(session, user, seal):
    return session.scalar(select(Receipt.id).where(Receipt.user_id == user.id, Receipt.seal_id == seal.id,
                                                   Receipt.deleted_at.is_(None))) is not None


def access_to(session, user, seal, now):
    """('principal', None) or ('grant', grant) when the user may stamp with this seal right now, else None."""
    if seal.status != "filed" or seal.certificate is None or seal.certificate.status != "good":
        return None
    if is_principal(user, seal.enterprise) and _held(session, user, seal):
        return "principal", None
    grant = grants.active_grant(session, user, seal, now)
    return ("grant", grant) if grant is not None else None


def seal_to_check(session, seal_id, *, with_object=False):
    """The seal with what access_to reads (certificate, enterprise; for signing its seal object) in one query."""
    loaded = [Seal.certificate, Seal.enterprise] + ([Seal.seal_object] if with_object else [])
    return session.get(Seal, seal_id, options=[joinedload(attribute) for attribute in loaded])


def usable_seals(session, user, now):
    """[(seal, access, grant)]: every seal this user may stamp with now (选择印章)."""
    require_verified(user)
    held = session.scalars(select(Seal).join(Receipt, Receipt.seal_id == Seal.id)
                           .where(Receipt.user_id == user.id, Receipt.deleted_at.is_(None)).order_by(Seal.id)).all()
    found = {}
    for seal in held:
        access = access_to(session, user, seal, now)
        if access:
            found[seal.id] = (seal, *access)
    for grant in grants.usable_grants(session, user, now):
        if grant.seal_id not in found and (access := access_to(session, user, grant.seal, now)):
            found[grant.seal_id] = (grant.seal, *access)
    return list(found.values())


# -- upload -------------------------------------------------------------------------------------------

def upload(session, files, user, filename, data, now):
    """选择文件: a PDF within the limits becomes a stamp request (nothing is kept of one refused)."""
    require_verified(user)
    info = pdf_documents.inspect(data)
    request = StampRequest(
        id=secrets.token_urlsafe(32), user_id=user.id, name=document_name(filename), size=len(data),
        pages=info.pages, page_sizes=[[s.width_mm, s.height_mm] for s in info.sizes], sha256=info.sha256,
        status="uploaded", created_at=now, expires_at=now + timedelta(hours=UPLOAD_HOURS))
    files.write(files.original(request.id), data)
    session.add(request)
    try:
        session.commit()
    except Exception:
        session.rollback()
        files.remove(request.id)
        raise
    return request


def document_name(filename):
    """The name shown and logged: the upload's base name, printable, at most 100 characters, ending .pdf."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip() or "文件.pdf"
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return stem[:96] + ".pdf"


def request_of(session, user, request_id, now=None):
    """The user's own stamp request (anyone else's does not exist for them); an expired upload is refused."""
    request = session.get(StampRequest, request_id) if isinstance(request_id, str) else None
    if request is None or request.user_id != user.id:
        refuse("stamp_request_not_found", 404)
    if now is not None and request.status != "signed" and request.expires_at <= now:
        refuse("stamp_expired", 410)
    return request


# -- 确认用印 ----------------------------------------------------------------------------------------

def _number(value, field):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Invalid("placement_invalid", "印章位置无效", {field: "请输入有效的数字"})
    return round(float(value), 2)


def _checked(session, user, request, placements, riding, now):
    """The placements as stored and bound: each seal usable now, each box inside its page."""
    if not placements and not riding:
        raise Invalid("placements_required", "请至少放置一枚印章", {"placements": "请至少放置一枚印章"})
    if len(placements) > MAX_PLACEMENTS:
        raise Invalid("placements_too_many", f"一份文件最多放置{MAX_PLACEMENTS}枚印章")
    seals, wanted = {}, [p["seal_id"] for p in placements] + ([riding["seal_id"]] if riding else [])
    for seal_id in wanted:
        if seal_id in seals:
            continue
        seal = seal_to_check(session, seal_id)
        access = access_to(session, user, seal, now) if seal is not None else None
        if access is None:
            raise Conflict("seal_not_usable", MESSAGES["seal_not_usable"])
        seals[seal_id] = (seal, *access)
    if len({seal.enterprise_id for seal, _, _ in seals.values()}) > 1:
        refuse("placements_mixed", 422)
    sizes = [pdf_documents.PageSize(*size) for size in request.page_sizes]
    out = []
    for item in placements:
        seal = seals[item["seal_id"]][0]
        width, height = SealPictures.size_mm(seal)
        page, x, y = item["page"], _number(item["x_mm"], "x_mm"), _number(item["y_mm"], "y_mm")
        if not 1 <= page <= request.pages:
            raise Invalid("placement_page", f"页码应在1至{request.pages}之间")
        if not pdf_documents.fits(sizes[page - 1], x, y, width, height):
            raise Invalid("placement_outside", f"第{page}页的印章超出了页面范围，请移入页面内")
        out.append({"seal_id": seal.id, "page": page, "x_mm": x, "y_mm": y})
    ride = None
    if riding:
        if request.pages < 2:
            raise Invalid("riding_one_page", "骑缝章需要文件至少有两页")
        seal = seals[riding["seal_id"]][0]
        width, height = SealPictures.size_mm(seal)
        y = _number(riding["y_mm"], "y_mm")
        if not all(pdf_documents.fits(size, size.width_mm - width / request.pages, y, width / request.pages, height)
                   for size in sizes):
            raise Invalid("placement_outside", "骑缝章超出了页面范围，请移入页面内")
        ride = {"seal_id": seal.id, "y_mm": y}
    return out, ride, seals


def binding_of(request, placements, riding):
    data = {"document": request.sha256, "placements": placements, "riding": riding,
            "seals": sorted({p["seal_id"] for p in placements} | ({riding["seal_id"]} if riding else set()))}
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class Confirmed:
    """What 【确认用印】 answers, taken before its commit (which expires the rows it was made from)."""

    request_id: str
    mode: str  # licence | sms
    state: str
    jump_url: str | None  # the principal's jump to the licence app; None for a grantee (an SMS code)


def confirm(session, user, request_id, placements, riding, now, ttl_seconds, *, jumps, code_key=None,
            keep_code=False):
    """【确认用印】: bind what is to be stamped; the principal goes on to the licence app, a grantee gets a code.

    Answers a Confirmed — the request now "confirming" with fresh state and nonce, so that an earlier
    confirmation's result is no longer believed.
    """
    request = request_of(session, user, request_id, now)
    if request.status in ("verified", "signing", "signed"):
        refuse("stamp_done" if request.status == "signed" else "stamp_confirmed")
    placements, riding, seals = _checked(session, user, request, placements, riding, now)
    grantee = any(access == "grant" for _, access, _ in seals.values())
    request.enterprise_id = next(iter(seals.values()))[0].enterprise_id
    request.placements = {"placements": placements, "riding": riding}
    request.binding = binding_of(request, placements, riding)
    request.state, request.nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    request.mode, request.status = ("sms" if grantee else "licence"), "confirming"
    request.confirm_expires_at = now + timedelta(seconds=ttl_seconds)
    request.code_digest = request.code_expires_at = None
    request.code_failures = 0
    if grantee:
        stamp_codes.send(session, user, request, [s for s, _, _ in seals.values()], now, code_key, keep_code)
    confirmed = Confirmed(request.id, request.mode, request.state,
                          None if grantee else request_url(session, jumps, request, now))
    session.commit()
    return confirmed


MESSAGES["stamp_confirmed"] = "该文件已确认用印，请完成用印"


def resend_code(session, user, request_id, now, *, code_key, keep_code=False):
    request = request_of(session, user, request_id, now)
    if request.mode != "sms" or request.status != "confirming":
        refuse("stamp_not_confirmed")
    stamp_codes.send(session, user, request, [session.get(Seal, i) for i in seal_ids(request)], now, code_key,
                     keep_code)
    request.code_failures = 0
    session.commit()
    return request


def seal_ids(request):
    stored = request.placements or {}
    ids = [p["seal_id"] for p in stored.get("placements", [])]
    return list(dict.fromkeys(ids + ([stored["riding"]["seal_id"]] if stored.get("riding") else [])))


# -- the jump ----------------------------------------------------------------------------------------

def jump_of(request, subject, credit_code):
    return Jump(subject=subject, credit_code=credit_code, purpose=PURPOSE, state=request.state, nonce=request.nonce)


def request_url(session, jumps, request, now):
    """The jump to the licence app for a confirmation (its enterprise and seals as loaded by the confirmation)."""
    enterprise = session.get(Enterprise, request.enterprise_id)
    names = [seal_name(session.get(Seal, i)) for i in seal_ids(request)]
    stamp = {"binding": request.binding, "enterprise_name": enterprise.name, "seals": names,
             "document": {"name": request.name, "sha256": request.sha256}}
    return jumps.request_url(jump_of(request, jumps.subject(request.user_id), enterprise.credit_code), now,
                             stamp=stamp)


def accept_claims(session, jumps, claims, bound, user, now):
    """The callback for 用印: the licence app's result believed once, for this browser, user, document and
    placements. Answers the request, now "verified" (or "cancelled"); nothing is written when refused."""
    if claims["purpose"] != PURPOSE:
        raise JumpRefused("token_purpose", MISMATCH_MESSAGES["token_purpose"])
    if token_spent(session, claims["jti"]):
        raise JumpRefused("token_replayed", "该跳转凭证已使用，请重新确认用印")
    bound = bound if isinstance(bound, dict) else {}
    request = session.get(StampRequest, bound.get("id")) if isinstance(bound.get("id"), str) else None
    if request is None or request.state is None or not isinstance(bound.get("state"), str) \
            or not hmac.compare_digest(bound["state"], claims["state"]) or request.status != "confirming":
        raise JumpRefused("stamp_state", MESSAGES["stamp_state"])
    if request.user_id != user.id:
        raise JumpRefused("stamp_state", MESSAGES["stamp_state"])
    enterprise = session.get(Enterprise, request.enterprise_id)
    try:
        jumps.bind(claims, jump_of(request, jumps.subject(user.id), enterprise.credit_code))
    except JumpRefused as exc:  # the same checks as 下载, said for 用印
        if exc.code == "token_purpose":
            raise
        raise JumpRefused("stamp_binding", MESSAGES["stamp_binding"]) from None
    if not hmac.compare_digest(claims.get("binding") or "", request.binding or ""):
        raise JumpRefused("stamp_binding", MESSAGES["stamp_binding"])
    if request.confirm_expires_at <= now:
        raise JumpRefused("stamp_confirm_expired", "用印确认已超时，请重新确认用印")
    spend_token(session, claims["jti"], jumps.expiry(claims), now)
    status = "verified" if claims["outcome"] == "verified" else "cancelled"
    moved = session.execute(update(StampRequest).where(StampRequest.id == request.id,
                                                       StampRequest.status == "confirming",
                                                       StampRequest.binding == request.binding)
                            .values(status=status)).rowcount
    if not moved:
        session.rollback()
        raise JumpRefused("token_replayed", "该跳转凭证已使用，请重新确认用印")
    session.commit()
    session.refresh(request)
    return request

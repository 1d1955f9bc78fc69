"""用印: upload a PDF, preview its pages, choose and place seals, confirm, sign, download; the 用印记录."""
from urllib.parse import quote

from flask import current_app, request, url_for
from flask import session as cookie
from flask_smorest import Blueprint

from ..context import STAMP_CODE_DIGEST, purpose_key
from ..models import Seal
from ..pki_wiring import current_pki
from ..services import (
    grants,
    pdf_documents,
    stamp_checks,
    stamp_log,
    stamp_signing,
    stamping,
)
from ..services.errors import DomainError
from ..services.identifiers import mask_phone
from ..services.seals import seal_for_user, seal_name
from ..services.seal_pictures import SealPictures
from ..services.stamp_files import StampFiles
from . import common
from . import verify as verify_api
from .downloads import jumps
from .fields import ApiSchema
from .seal_images import image_url
from .stamping_schemas import (
    StampCompleteIn,
    StampConfirmIn,
    StampConfirmOut,
    StampLogOut,
    StampLogPageOut,
    StampLogQuery,
    StampPreviewQuery,
    StampRequestOut,
    StampUploadIn,
    StampUsableSealsOut,
    StampVerificationOut,
)

blp = Blueprint("stamping", __name__, url_prefix="/api", description="用印")
UPLOAD_SLACK = 64 * 1024  # the multipart envelope around a file at the limit
STATUS_TEXT = {"filed": "正常", "suspended": "已停用", "revoked": "已注销"}


@blp.before_request
def _upload_limit():
    if request.endpoint == "stamping.upload":  # the one body here larger than the API's 1 MB
        request.max_content_length = pdf_documents.LIMIT_BYTES + UPLOAD_SLACK


def files():
    found = current_app.extensions.get("eseal_stamp_files")
    if found is None:
        found = current_app.extensions["eseal_stamp_files"] = StampFiles(current_app.config["ESEAL_STAMP_DIR"])
    return found


@blp.post("/stamp-requests")
@blp.arguments(StampUploadIn, location="files")
@blp.response(201, StampRequestOut)
def upload(form):
    """选择文件: a PDF (≤ 20 MB, ≤ 200 pages) to stamp; its name, size and page count come back."""
    upload_ = form["file"]
    try:
        data = upload_.read(pdf_documents.LIMIT_BYTES + 1)
    finally:
        upload_.close()  # a large part is spooled to a temporary file: let it go now
    return stamping.upload(common.session(), files(), common.user(), upload_.filename, data, common.now())


@blp.get("/stamp-requests/<request_id>")
@blp.response(200, StampRequestOut)
def show(request_id):
    return stamping.request_of(common.session(), common.user(), request_id)


@blp.get("/stamp-requests/<request_id>/pages/<int:page>")
@blp.arguments(StampPreviewQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="image/png")
def page_preview(query, request_id, page):
    """A page of the document as a picture, drawn on the server (width w, 200–1200 px, in steps of 100)."""
    stamp = stamping.request_of(common.session(), common.user(), request_id, common.now())
    if not 1 <= page <= stamp.pages:
        raise DomainError("page_not_found", f"页码应在1至{stamp.pages}之间", status=404)
    width = min(1200, max(200, round(query["w"] / 100) * 100))
    path = files().preview(stamp.id, page, width)
    png = files().read(path)
    if png is None:
        png = pdf_documents.render_page(files().read(files().original(stamp.id)), page, width)
        files().write(path, png)
    return current_app.response_class(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@blp.get("/stamp-seals")
@blp.response(200, StampUsableSealsOut)
def usable_seals():
    """选择印章: the seals this user may stamp with now (their own held ones, and those authorised to them)."""
    out = []
    for seal, access, grant in stamping.usable_seals(common.session(), common.user(), common.now()):
        width, height = SealPictures.size_mm(seal)
        out.append({"seal_id": seal.id, "name": seal_name(seal), "enterprise_id": seal.enterprise_id,
                    "enterprise_name": seal.enterprise.name,
                    "credit_code": seal.enterprise.credit_code, "status": seal.status,
                    "status_text": STATUS_TEXT.get(seal.status, seal.status),
                    "valid_from": seal.certificate.not_before, "valid_to": seal.certificate.not_after,
                    "width_mm": width, "height_mm": height, "image_url": image_url(seal, "full"),
                    "access": access, "grant_ends_on": grant.ends_on if grant else None})
    return {"seals": out}


def _code_settings():
    return {"code_key": purpose_key(STAMP_CODE_DIGEST), "keep_code": bool(current_app.config.get("ESEAL_DEMO"))}


@blp.post("/stamp-requests/<request_id>/confirm")
@blp.arguments(StampConfirmIn)
@blp.response(200, StampConfirmOut)
def confirm(data, request_id):
    """【确认用印】: the principal is sent to the 电子营业执照 app (jump_url); a grantee gets an SMS code."""
    user = common.user()
    confirmed = stamping.confirm(common.session(), user, request_id, data["placements"], data["riding"],
                                 common.now(), current_app.config["ESEAL_JUMP_TTL_SECONDS"], jumps=jumps(),
                                 **_code_settings())
    if confirmed.mode == "sms":
        return {"mode": "sms", "phone_masked": mask_phone(user.phone)}
    cookie["stamp"] = {"id": confirmed.request_id, "state": confirmed.state}
    return {"mode": "licence", "jump_url": confirmed.jump_url}


@blp.post("/stamp-requests/<request_id>/code")
@blp.arguments(ApiSchema)
@blp.response(200, StampConfirmOut)
def resend_code(_data, request_id):
    """获取验证码 again (a grantee's confirmation), at most once a minute."""
    user = common.user()
    stamping.resend_code(common.session(), user, request_id, common.now(), **_code_settings())
    return {"mode": "sms", "phone_masked": mask_phone(user.phone)}


@blp.post("/stamp-requests/<request_id>/complete")
@blp.arguments(StampCompleteIn)
@blp.response(200, StampRequestOut)
def complete(data, request_id):
    """用印: sign the confirmed document (once, however often this is called) and log each seal's use."""
    stamp = stamp_signing.complete(common.session(), current_pki(), files(), common.user(), request_id,
                                   common.now(), code=data["code"], code_key=purpose_key(STAMP_CODE_DIGEST),
                                   keep_days=current_app.config["ESEAL_STAMP_KEEP_DAYS"])
    if (cookie.get("stamp") or {}).get("id") == stamp.id:
        cookie.pop("stamp", None)
    return stamp


@blp.get("/stamp-requests/<request_id>/file")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
def signed_file(request_id):
    """【下载文件】: the signed PDF, while it is kept (ESEAL_STAMP_KEEP_DAYS)."""
    stamp = stamping.request_of(common.session(), common.user(), request_id)
    data = None
    if stamp.status == "signed" and stamp.file_deleted_at is None:
        data = files().read(files().signed(stamp.id, stamp.signed_sha256))
    if data is None:
        raise DomainError("stamp_file_gone", "已盖章文件不存在或已超过保存期限" if stamp.status == "signed"
                          else "该文件尚未完成用印", status=404)
    name = stamp.name[:-4] + "-已盖章.pdf"
    return current_app.response_class(data, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"signed.pdf\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})


@blp.get("/stamp-requests/<request_id>/verification")
@blp.response(200, StampVerificationOut)
def verification(request_id):
    """【验章】 of the signed file just made, by the one verification behind POST /api/verify, in short."""
    db, now = common.session(), common.now()
    stamp = stamping.request_of(db, common.user(), request_id)
    data = files().read(files().signed(stamp.id, stamp.signed_sha256)) if stamp.status == "signed" else None
    if data is None:
        raise DomainError("stamp_file_gone", "已盖章文件不存在或已超过保存期限", status=404)
    config = current_app.config
    valid, checks = stamp_checks.check(db, current_pki(), data, now, verify_api.sandbox(config),
                                       config["ESEAL_VERIFY_TIMEOUT_SECONDS"])
    return {"valid": valid, "signatures": checks}


def _log_seal(seal_id):
    """A seal whose 用印记录 this user may read: the principal's, or one authorised to them (grantee)."""
    db, user = common.session(), common.user()
    try:
        return seal_for_user(db, user, seal_id), True
    except DomainError:
        seal = db.get(Seal, seal_id)
        if seal is None or grants.active_grant(db, user, seal, common.now()) is None:
            raise
        return seal, False


@blp.get("/seals/<int:seal_id>/stamp-logs")
@blp.arguments(StampLogQuery, location="query")
@blp.response(200, StampLogPageOut)
def stamp_logs(query, seal_id):
    """用印记录: every use of the seal, newest first (operators other than you masked)."""
    seal, principal = _log_seal(seal_id)
    rows, total, pages = stamp_log.page_of(common.session(), seal.id, query["page"], 20)
    user = common.user()
    items = [{**{name: getattr(row, name) for name in StampLogOut().fields if name != "operator"},
              "operator": stamp_log.operator_text(row, user)} for row in rows]
    return {"items": items, "page": query["page"], "pages": pages, "total": total,
            "csv_url": url_for("stamping.stamp_logs_csv", seal_id=seal.id) if principal else None}


@blp.get("/seals/<int:seal_id>/stamp-logs.csv")
@blp.response(200, {"type": "string"}, content_type="text/csv")
def stamp_logs_csv(seal_id):
    """用印记录 as CSV, for the principal only."""
    seal = seal_for_user(common.session(), common.user(), seal_id)
    name = f"{seal.enterprise.name}{seal_name(seal)}-用印记录.csv"
    return current_app.response_class(stamp_log.csv_text(common.session(), seal.id), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=\"stamp-log.csv\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})


"""用印: upload a PDF, preview its pages, choose and place seals, confirm, sign, download; the 用印记录."""
from urllib.parse import quote

from flask import current_app, request, url_for
from flask import session as cookie
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ..context import STAMP_CODE_DIGEST, purpose_key
from ..models import Seal
from ..pki_wiring import current_pki
from ..services import grants, pdf_documents, stamp_checks, stamp_log, stamp_signing, stamping
from ..services.errors import DomainError
from ..services.identifiers import mask_phone
from ..services.seals import seal_for_user, seal_name
from ..services.stamp_files import StampFiles
from . import common
from . import verify as verify_api
from .downloads import jumps
from .fields import ApiSchema, Text
from .seal_images import image_url

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


class StampUploadIn(Schema):
    file = Upload(required=True, error_messages={"required": "请选择要用印的PDF文件"})


class StampPageSizeOut(Schema):
    width_mm = fields.Float(required=True)
    height_mm = fields.Float(required=True)


class StampPlacementIn(ApiSchema):
    seal_id = fields.Integer(required=True, strict=True)
    page = fields.Integer(required=True, strict=True)
    x_mm = fields.Float(required=True, allow_nan=False)
    y_mm = fields.Float(required=True, allow_nan=False)


class StampRidingIn(ApiSchema):
    seal_id = fields.Integer(required=True, strict=True)
    y_mm = fields.Float(required=True, allow_nan=False)


class StampConfirmIn(ApiSchema):
    placements = fields.List(fields.Nested(StampPlacementIn), required=True,
                             validate=validate.Length(max=stamping.MAX_PLACEMENTS))
    riding = fields.Nested(StampRidingIn, allow_none=True, load_default=None)


class StampCompleteIn(ApiSchema):
    code = Text(load_default=None, validate=validate.Regexp(r"^[0-9]{6}$", error="请输入6位数字验证码"))


class StampSignatureOut(Schema):
    seal_id = fields.Integer(required=True)
    seal_name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "seal / riding (骑缝章)"})
    page = fields.Integer(allow_none=True, required=True)
    signed_at = fields.String(required=True, metadata={"description": "the signature timestamp's time"})
    log_id = fields.Integer(required=True)


class StampRequestOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    page_sizes = fields.Function(lambda r: [{"width_mm": w, "height_mm": h} for w, h in r.page_sizes],
                                 required=True)
    status = fields.String(required=True, metadata={"description": "uploaded / confirming / verified / signing / "
                                                                   "signed / cancelled"})
    mode = fields.String(allow_none=True, required=True, metadata={"description": "licence / sms"})
    placements = fields.Function(lambda r: (r.placements or {}).get("placements", []), required=True)
    riding = fields.Function(lambda r: (r.placements or {}).get("riding"), required=True)
    expires_at = fields.DateTime(required=True)
    sha256_after = fields.String(attribute="signed_sha256", allow_none=True, required=True)
    signatures = fields.List(fields.Nested(StampSignatureOut), allow_none=True, required=True)
    file_url = fields.Function(lambda r: url_for("stamping.signed_file", request_id=r.id)
                               if r.status == "signed" and r.file_deleted_at is None else None, required=True)
    keep_until = fields.DateTime(allow_none=True, required=True)


class StampConfirmOut(Schema):
    mode = fields.String(required=True)
    jump_url = fields.String()
    phone_masked = fields.String()


class StampUsableSealOut(Schema):
    seal_id = fields.Integer(required=True)
    name = fields.String(required=True)
    enterprise_id = fields.Integer(required=True)
    enterprise_name = fields.String(required=True)
    credit_code = fields.String(required=True, metadata={"description": "统一社会信用代码"})
    status = fields.String(required=True)
    status_text = fields.String(required=True)
    valid_from = fields.DateTime(required=True)
    valid_to = fields.DateTime(required=True)
    width_mm = fields.Integer(required=True)
    height_mm = fields.Integer(required=True)
    image_url = fields.String(required=True)
    access = fields.String(required=True, metadata={"description": "principal / grant"})
    grant_ends_on = fields.Date(allow_none=True, required=True)


class StampUsableSealsOut(Schema):
    seals = fields.List(fields.Nested(StampUsableSealOut), required=True)


class StampPreviewQuery(ApiSchema):
    w = fields.Integer(load_default=600, validate=validate.Range(min=1, max=10_000))


class StampLogQuery(ApiSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class StampLogOut(Schema):
    seq = fields.Integer(required=True)
    operator = fields.String(required=True)
    access = fields.String(required=True)
    document_name = fields.String(required=True)
    sha256_before = fields.String(required=True)
    sha256_after = fields.String(required=True)
    kind = fields.String(required=True)
    page = fields.Integer(allow_none=True, required=True)
    x_mm = fields.Float(allow_none=True, required=True)
    y_mm = fields.Float(required=True)
    signed_at = fields.DateTime(required=True)
    time_source = fields.String(required=True)
    request_id = fields.String(required=True)
    row_hash = fields.String(required=True)
    prev_hash = fields.String(required=True)


class StampLogPageOut(Schema):
    items = fields.List(fields.Nested(StampLogOut), required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)
    csv_url = fields.String(allow_none=True, required=True)


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
        width, height = stamping.seal_size(seal)
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


class StampCheckOut(Schema):
    field_name = fields.String(required=True)
    kind = fields.String(allow_none=True, required=True, metadata={"description": "seal / riding (骑缝章)"})
    seal_name = fields.String(allow_none=True, required=True)
    enterprise_name = fields.String(allow_none=True, required=True)
    seal_code = fields.String(allow_none=True, required=True)
    signed_at = fields.DateTime(allow_none=True, required=True)
    timestamp_ok = fields.Boolean(required=True, metadata={"description": "the time comes from a valid timestamp"})
    intact = fields.Boolean(required=True)
    trusted = fields.Boolean(required=True)
    valid = fields.Boolean(required=True, metadata={"description": "this signature's verdict is valid"})
    verdict = fields.String(required=True, metadata={"description": "valid / invalid / indeterminate"})
    reason = fields.String(required=True)
    page = fields.Integer(allow_none=True, required=True)
    width_mm = fields.Float(required=True)
    height_mm = fields.Float(required=True)


class StampVerificationOut(Schema):
    valid = fields.Boolean(required=True)
    signatures = fields.List(fields.Nested(StampCheckOut), required=True)


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


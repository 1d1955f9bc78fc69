"""验章 for anyone (no login): POST /api/verify (a stamped PDF or a seal file) and POST /api/verify/seal (a seal
file, step by step). Both are limited per client address; the file is read into memory, never written anywhere."""
import io

from flask import current_app, request
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import ErrorBodySchema, error_body
from ..pki_wiring import current_pki
from ..services import document_verify, document_verify_sandbox, seal_verify
from . import common
from .auth import client_address

blp = Blueprint("verify", __name__, url_prefix="/api/verify", description="验章")
UPLOAD_SLACK = 64 * 1024  # the multipart envelope around a file at the limit
THROTTLED = {"verify.document", "verify.seal"}


@blp.before_request
def _limits():
    """Counted per address first (a refused upload counts too); then the size, before a byte of the body is read;
    the file part kept in memory (Werkzeug would spool a large one to a temporary file)."""
    if request.endpoint not in THROTTLED:
        return
    document_verify.within_limit(common.session(), common.throttles(), client_address(), common.now(),
                                 current_app.config["ESEAL_VERIFY_PER_ADDRESS"])
    if request.endpoint == "verify.document":
        request.max_content_length = document_verify.LIMIT_BYTES + UPLOAD_SLACK
        if (request.content_length or 0) > request.max_content_length:
            raise document_verify.FileTooLarge()
    request._get_file_stream = lambda *args, **kwargs: io.BytesIO()


@blp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    if request.endpoint == "verify.document":
        message = document_verify.LIMIT_TEXT
        return error_body("file_too_large", message, {"file": message}), 413
    return error_body("too_large", "提交的内容过大"), 413


class FileIn(Schema):
    file = Upload(required=True, error_messages={"required": "请选择要验证的文件（PDF或印章文件）"})


class SealFileIn(Schema):
    file = Upload(required=True, error_messages={"required": "请选择要验证的印章文件（.esl）"})


class StepOut(Schema):
    step = fields.String(required=True, metadata={"description": "structure / signature / maker_certificate / "
                                                                  "validity / revocation"})
    name = fields.String(required=True)
    outcome = fields.String(required=True, metadata={"description": "passed / failed / unknown / skipped"})
    detail = fields.String(required=True)


class VerifiedSealOut(Schema):
    seal_code = fields.String(required=True)
    seal_name = fields.String(required=True)
    enterprise_name = fields.String(allow_none=True, required=True)
    credit_code = fields.String(allow_none=True, required=True)
    valid_start = fields.DateTime(required=True)
    valid_end = fields.DateTime(required=True)
    algorithm = fields.String(required=True)
    certificate_serial = fields.String(required=True)
    width_mm = fields.Integer(required=True)
    height_mm = fields.Integer(required=True)


class SealVerdictOut(Schema):
    verdict = fields.String(required=True, metadata={"description": "valid / invalid / indeterminate"})
    reason = fields.String(required=True)
    steps = fields.List(fields.Nested(StepOut), required=True)
    seal = fields.Nested(VerifiedSealOut, allow_none=True, required=True)


class VerifyCheckOut(Schema):
    check = fields.String(required=True, metadata={"description": "integrity / changes / chain / status_at_signing / "
                                                                   "status_now / maker_signature / stamp_log (an .esl: "
                                                                   "seal_verify's steps)"})
    name = fields.String(required=True, metadata={"description": "文件完整性, 盖章后是否修改, …"})
    outcome = fields.String(required=True, metadata={"description": "passed / warning / failed / unknown"})
    detail = fields.String(required=True, metadata={"description": "the sentence to show"})


class StampLogEntryOut(Schema):
    seq = fields.Integer(required=True)
    signed_at = fields.DateTime(required=True)
    operator = fields.String(required=True, metadata={"description": "masked (张*)"})
    access = fields.String(required=True, metadata={"description": "principal / grant"})
    access_text = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "seal / riding"})
    kind_text = fields.String(required=True)
    page = fields.Integer(allow_none=True, required=True)
    row_hash = fields.String(required=True)
    row_intact = fields.Boolean(required=True)


def _text(description=None, **kwargs):
    return fields.String(allow_none=True, required=True, metadata={"description": description} if description else {},
                         **kwargs)


class VerifiedSignatureOut(Schema):
    index = fields.Integer(required=True)
    field_name = _text("the PDF signature field; null for a seal file")
    kind = _text("seal / riding / seal_object; null: an invisible signature not made here")
    kind_text = _text("盖章 / 骑缝章 / 印章数据")
    page = fields.Integer(allow_none=True, required=True)
    width_mm = fields.Float(required=True)
    height_mm = fields.Float(required=True)
    verdict = fields.String(required=True, metadata={"description": "valid / invalid / indeterminate"})
    verdict_text = fields.String(required=True)
    reason = fields.String(required=True)
    picture = _text("data:image/png;base64,… — the seal picture carried in the seal object")
    seal_name = _text("印章名称")
    enterprise_name = _text("企业名称")
    credit_code = _text("统一社会信用代码")
    seal_code = _text("印章编码")
    signer_name = _text("the signer certificate's CN")
    certificate_serial = _text("hex")
    signed_at = fields.DateTime(allow_none=True, required=True)
    time_source = _text("timestamp / signer_clock")
    time_source_text = _text("时间戳 / 签名者时钟")
    intact = fields.Boolean(required=True)
    intact_text = fields.String(required=True, metadata={"description": "文件完整 / 已被篡改"})
    changes = fields.String(required=True, metadata={"description": "none / seal_added / form_filling / annotations "
                                                                     "/ content_changed / unknown"})
    changes_text = fields.String(required=True)
    chain = fields.String(required=True, metadata={"description": "platform / unknown"})
    chain_text = fields.String(required=True)
    status_at_signing = fields.String(required=True, metadata={"description": "valid / suspended / revoked / unknown"})
    status_at_signing_text = fields.String(required=True, metadata={"description": "有效 / 已停用 / 已注销 / 无法确认"})
    status_now = fields.String(required=True, metadata={"description": "valid / suspended / revoked / unknown"})
    status_now_text = fields.String(required=True)
    maker_signature = fields.String(required=True, metadata={"description": "valid / invalid / absent / unknown"})
    maker_signature_text = fields.String(required=True)
    stamp_log = fields.Nested(StampLogEntryOut, allow_none=True, required=True)
    checks = fields.List(fields.Nested(VerifyCheckOut), required=True)


class DocumentVerdictOut(Schema):
    verdict = fields.String(required=True, metadata={"description": "valid / invalid / indeterminate"})
    verdict_text = fields.String(required=True, metadata={"description": "有效 / 无效 / 无法确认"})
    reason = fields.String(required=True)
    file_type = fields.String(required=True, metadata={"description": "pdf / seal_file"})
    sha256 = fields.String(required=True)
    size = fields.Integer(required=True)
    checked_at = fields.DateTime(required=True)
    signatures = fields.List(fields.Nested(VerifiedSignatureOut), required=True)
    steps = fields.List(fields.Nested(StepOut), allow_none=True, required=True)
    seal = fields.Nested(VerifiedSealOut, allow_none=True, required=True)


def sandbox(config):
    return document_verify_sandbox.shared(size=config["ESEAL_VERIFY_WORKERS"])


def _read(upload, limit):
    try:
        return upload.read(limit + 1)
    finally:
        upload.close()


@blp.post("")
@blp.arguments(FileIn, location="files")
@blp.response(200, DocumentVerdictOut)
@blp.alt_response(413, schema=ErrorBodySchema, description="file_too_large: 文件超过20MB")
@blp.alt_response(415, schema=ErrorBodySchema, description="not_verifiable: 不是PDF或印章文件")
@blp.alt_response(429, schema=ErrorBodySchema, description="verify_too_frequent (Retry-After)")
@blp.alt_response(503, schema=ErrorBodySchema, description="verify_busy / service_unavailable (Retry-After)")
def document(files):
    """验章: a stamped PDF (every signature: seal, enterprise, time, intact, changes, chain, status at signing and
    now, the maker's signature, the 用印记录) or a seal file (.esl); one verdict, valid / invalid / indeterminate."""
    config = current_app.config
    data = _read(files["file"], document_verify.LIMIT_BYTES)
    return document_verify.verify_file(common.session(), current_pki(), data, common.now(), sandbox(config),
                                       timeout=config["ESEAL_VERIFY_TIMEOUT_SECONDS"])


@blp.post("/seal")
@blp.arguments(SealFileIn, location="files")
@blp.response(200, SealVerdictOut)
@blp.alt_response(429, schema=ErrorBodySchema, description="verify_too_frequent (Retry-After)")
def seal(files):
    """验证印章文件 (.esl): structure, the maker's signature, its certificate, validity, revocation — in that order."""
    data = _read(files["file"], current_app.config["MAX_CONTENT_LENGTH"])
    return seal_verify.verify_seal(common.session(), current_pki(), data, common.now())

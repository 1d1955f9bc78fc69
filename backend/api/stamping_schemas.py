"""The 用印 API's request and response schemas (backend/api/stamping.py): what /api/openapi.json describes."""
from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ..services import stamping
from .fields import ApiSchema, Text


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

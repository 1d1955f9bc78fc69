"""验章 of a seal file: POST /api/verify/seal (multipart, field `file`), for anyone, answers each step."""
from flask import current_app
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from ..pki_wiring import current_pki
from ..services import seal_verify
from . import common

blp = Blueprint("verify", __name__, url_prefix="/api/verify", description="验章")


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


@blp.post("/seal")
@blp.arguments(SealFileIn, location="files")
@blp.response(200, SealVerdictOut)
def seal(files):
    """验证印章文件 (.esl): structure, the maker's signature, its certificate, validity, revocation — in that order."""
    data = files["file"].read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
    return seal_verify.verify_seal(common.session(), current_pki(), data, common.now())

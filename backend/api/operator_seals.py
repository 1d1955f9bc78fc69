"""The operator's seal lifecycle under /api/operator/ (bearer token): 停用, 恢复, 注销 / 挂失, 企业更名."""
from flask import current_app
from flask_smorest import Blueprint

from ..pki_wiring import current_pki
from ..services import seal_lifecycle, seals
from . import common
from .fields import ApiSchema, Text, length, one_of
from .operator import CompletedOut, OperatorSealOut, _require_token

blp = Blueprint("operator_seals", __name__, url_prefix="/api/operator",
                description="印章停用、注销与企业更名（需令牌）")
blp.before_request(_require_token)


class NoteIn(ApiSchema):
    note = Text(validate=length(1, 60, "变动说明"))


class RevokeIn(NoteIn):
    reason = Text(required=True, validate=one_of(seal_lifecycle.REVOKE_REASONS, "注销原因"),
                  metadata={"description": "cessation：注销；compromise：挂失"})


class RenameIn(NoteIn):
    name = Text(required=True, validate=length(2, 60, "企业名称"))


@blp.post("/seals/<int:seal_id>/suspend")
@blp.arguments(NoteIn)
@blp.response(200, OperatorSealOut)
def suspend(data, seal_id):
    """停用印章: its certificate on hold (certificateHold), no download or use until 恢复."""
    return seal_lifecycle.suspend(common.session(), current_pki(), seal_id, common.now(), data.get("note"))


@blp.post("/seals/<int:seal_id>/resume")
@blp.arguments(NoteIn)
@blp.response(200, OperatorSealOut)
def resume(data, seal_id):
    """恢复已停用的印章."""
    return seal_lifecycle.resume(common.session(), current_pki(), seal_id, common.now(), data.get("note"))


@blp.post("/seals/<int:seal_id>/revoke")
@blp.arguments(RevokeIn)
@blp.response(200, OperatorSealOut)
def revoke(data, seal_id):
    """注销 (cessation) or 挂失 (compromise): the certificate revoked, the key destroyed."""
    return seal_lifecycle.revoke(common.session(), current_pki(), seal_id, data["reason"], common.now(),
                                 data.get("note"))


@blp.post("/enterprises/<credit_code>/rename")
@blp.arguments(RenameIn)
@blp.response(200, CompletedOut)
def rename(data, credit_code):
    """企业更名: its filed seals revoked and made anew with the new name."""
    db = common.session()
    enterprise = seal_lifecycle.rename_enterprise(db, current_pki(), credit_code, data["name"], common.now(),
                                                  current_app.config["ESEAL_SEAL_FONT"], data.get("note"))
    return {"enterprise": enterprise, "seals": seals.seals_of(db, enterprise)}

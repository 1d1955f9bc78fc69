"""The platform operator: complete start-ups, mark seals carved and filed. Bearer token only.

The answers need no user session: the operator has none, and a view that failed after its service
committed would answer an error for work done. Picture URLs are therefore bound to no session.
"""
import hmac

from flask import current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..pki_wiring import current_pki
from ..services import seals, startups
from ..services.errors import DomainError
from . import common
from .enterprises import EnterpriseOut, SealOut
from .fields import ApiSchema, Text, credit_code, one_of
from .seal_images import unbound_image_url
from .startups import StartupListOut

blp = Blueprint("operator", __name__, url_prefix="/api/operator", description="平台运营（需令牌）")


@blp.before_request
def _require_token():
    expected = current_app.config["ESEAL_OPERATOR_TOKEN"]
    given = request.headers.get("Authorization", "")
    if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), expected.encode())):
        raise DomainError("operator_token_required", "需要有效的运营令牌", status=401,
                          headers={"WWW-Authenticate": "Bearer"})


class StatusQuery(ApiSchema):
    status = Text(validate=one_of(["submitted", "completed"], "办件状态"))


class CompleteIn(ApiSchema):
    credit_code = Text(validate=credit_code)


class OperatorEnterpriseOut(EnterpriseOut):
    official_seal_thumb_url = fields.Function(
        lambda e: unbound_image_url(e.official_seal, "thumb") if e.official_seal else None,
        allow_none=True, required=True)


class OperatorSealOut(SealOut):
    image_url = fields.Function(unbound_image_url, required=True)
    thumb_url = fields.Function(lambda s: unbound_image_url(s, "thumb"), required=True)


class CompletedOut(Schema):
    enterprise = fields.Nested(OperatorEnterpriseOut, required=True)
    seals = fields.List(fields.Nested(OperatorSealOut), required=True)


@blp.get("/startups")
@blp.arguments(StatusQuery, location="query")
@blp.response(200, StartupListOut)
def list_startups(query):
    """列出开办企业申请."""
    return {"items": startups.all_applications(common.session(), query.get("status"))}


@blp.post("/startups/<int:application_id>/complete")
@blp.arguments(CompleteIn)
@blp.response(200, CompletedOut)
def complete_startup(data, application_id):
    """办结开办企业, issuing the gift package."""
    db = common.session()
    enterprise = startups.complete(db, application_id, common.now(), credit_code=data.get("credit_code"))
    return {"enterprise": enterprise, "seals": seals.seals_of(db, enterprise)}


@blp.post("/seals/<int:seal_id>/carve")
@blp.arguments(ApiSchema)
@blp.response(200, OperatorSealOut)
def carve(_data, seal_id):
    """标记实物印章刻制完成."""
    return seals.mark_carved(common.session(), seal_id, common.now())


@blp.post("/seals/<int:seal_id>/file")
@blp.arguments(ApiSchema)
@blp.response(200, OperatorSealOut)
def file(_data, seal_id):
    """标记印章备案完成 (gives the 印章编码, and makes the seal's key, certificate and seal object)."""
    return seals.mark_filed(common.session(), seal_id, common.now(), pki=current_pki())

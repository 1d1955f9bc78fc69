"""授权用印: the principal grants a seal to a real-name-verified person for a period, and revokes it; the grantee's list."""
from typing import ClassVar

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from .. import catalog
from ..services import grants as service
from ..services.identifiers import mask_name, mask_phone
from ..services.seals import seal_name
from . import common
from .enterprises import EnterpriseOut, SealOut
from .fields import ApiSchema, Text, person_name, phone
from .seal_files import CertificateOut

blp = Blueprint("grants", __name__, url_prefix="/api", description="授权用印")

class Day(fields.Date):
    default_error_messages: ClassVar[dict] = {"required": "此项为必填项", "null": "此项不能为空",
                                              "invalid": "日期格式应为YYYY-MM-DD", "format": "日期格式应为YYYY-MM-DD"}


def today():
    return service.today_of(common.now())


def state(grant):
    return service.state_of(grant, today())


class GrantIn(ApiSchema):
    phone = Text(required=True, validate=phone, metadata={"description": "被授权人手机号（已注册并实名认证）"})
    name = Text(required=True, validate=person_name, metadata={"description": "被授权人姓名（与实名认证一致）"})
    starts_on = Day(required=True, metadata={"description": "开始日期，不早于今天"})
    ends_on = Day(required=True, metadata={"description": "结束日期，不早于开始日期，不晚于印章证书有效期"})


class GrantTermOut(Schema):
    """A grant's period and its state today (授权中 / 未生效 / 已过期 / 已撤销)."""

    id = fields.Integer(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    state = fields.Function(state, required=True, metadata={"description": "active / pending / expired / revoked"})
    state_label = fields.Function(lambda g: service.STATES[state(g)], required=True)


class GrantOut(GrantTermOut):
    """A grant as the principal sees it (印章领用情况, 授权管理): the grantee masked."""

    seal_id = fields.Integer(required=True)
    seal_name = fields.Function(lambda g: seal_name(g.seal), required=True)
    grantee_name_masked = fields.Function(lambda g: mask_name(g.grantee_name), required=True)
    phone_masked = fields.Function(lambda g: mask_phone(g.grantee_phone), required=True)
    created_at = fields.DateTime(required=True)
    revoked_at = fields.DateTime(allow_none=True, required=True)
    revoke_reason = fields.String(allow_none=True, required=True,
                                  metadata={"description": "principal / seal_suspended / seal_revoked"})
    revoke_reason_label = fields.Function(
        lambda g: service.REVOKE_REASONS.get(g.revoke_reason) if g.revoke_reason else None, allow_none=True,
        required=True)


class SealGrantsOut(Schema):
    seal = fields.Nested(SealOut, required=True)
    grantable = fields.Boolean(required=True)
    not_grantable_reason = fields.String(allow_none=True, required=True)
    min_starts_on = fields.Date(required=True, metadata={"description": "today"})
    max_ends_on = fields.Date(allow_none=True, required=True, metadata={"description": "the certificate's end"})
    items = fields.List(fields.Nested(GrantOut), required=True)


class EnterpriseRefOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    credit_code = fields.String(required=True)


class MyGrantOut(GrantTermOut):
    """A grant as its grantee sees it: the seal, its enterprise and the period."""

    access = fields.Constant("grant", required=True)
    access_label = fields.Constant(service.ACCESS_LABEL, required=True)
    seal = fields.Nested(SealOut, required=True)
    enterprise = fields.Nested(EnterpriseRefOut, attribute="seal.enterprise", required=True)
    granted_at = fields.DateTime(attribute="created_at", required=True)


class MyGrantsOut(Schema):
    items = fields.List(fields.Nested(MyGrantOut), required=True)


class GrantDetailOut(MyGrantOut):
    """查看详情 of a granted seal: the seal picture, the enterprise's information and the seal's certificate."""

    enterprise = fields.Nested(EnterpriseOut, attribute="seal.enterprise", required=True)
    type_label = fields.Function(lambda g: catalog.SEAL_KINDS[g.seal.type], required=True)
    certificate = fields.Nested(CertificateOut, attribute="seal.certificate", allow_none=True, required=True)
    grantee_name_masked = fields.Function(lambda g: mask_name(g.grantee_name), required=True)
    revoked_at = fields.DateTime(allow_none=True, required=True)


@blp.post("/seals/<int:seal_id>/grants")
@blp.arguments(GrantIn)
@blp.response(201, GrantOut)
def create(data, seal_id):
    """授权用印: the principal lets a real-name-verified person use this seal from starts_on to ends_on."""
    grant = service.create(common.session(), common.user(), seal_id, data["phone"], data["name"], data["starts_on"],
                           data["ends_on"], common.now())
    return grant, 201, {"Location": url_for("grants.show", grant_id=grant.id)}


@blp.get("/seals/<int:seal_id>/grants")
@blp.response(200, SealGrantsOut)
def of_seal(seal_id):
    """The seal's grants (the principal only), in force or to come first, and the dates a new one may take."""
    return service.sheet(common.session(), common.user(), seal_id, common.now())


@blp.post("/grants/<int:grant_id>/revoke")
@blp.response(200, GrantOut)
def revoke(grant_id):
    """撤销授权: the grantee loses the seal at once."""
    return service.revoke(common.session(), common.user(), grant_id, common.now())


@blp.get("/grants/mine")
@blp.response(200, MyGrantsOut)
def mine():
    """The seals granted to me (授权使用), in force or still to come."""
    return {"items": service.mine(common.session(), common.user(), common.now())}


@blp.get("/grants/<int:grant_id>")
@blp.response(200, GrantDetailOut)
def show(grant_id):
    """One grant: for its grantee while in force or to come, or for the principal of its seal."""
    return service.grant_for(common.session(), common.user(), grant_id, common.now())

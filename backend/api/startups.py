"""开办企业: file an application (刻章信息 with 免费领取“电子印章”) and follow it."""
from flask import current_app, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from .. import catalog
from ..services import enterprises, startups
from ..services.identifiers import mask_name, mask_phone
from . import common
from .fields import ApiSchema, Flag, Text, TextList, id_number, length, one_of, person_name, phone

blp = Blueprint("startups", __name__, url_prefix="/api", description="开办企业")


class StartupIn(ApiSchema):
    company_name = Text(required=True, validate=length(2, 60, "企业名称"))
    enterprise_type = Text(required=True, validate=one_of(catalog.ENTERPRISE_TYPES, "企业类型"))
    address = Text(required=True, validate=length(5, 120, "住所"))
    principal_name = Text(required=True, validate=person_name)
    principal_id_number = Text(required=True, validate=[length(18, 18, "身份证号"), id_number])
    principal_phone = Text(required=True, validate=phone)
    seals = TextList(Text(validate=one_of(catalog.SEAL_TYPES, "印章类型")), required=True)
    free_eseal = Flag(required=True)


class SealChoiceOut(Schema):
    type = fields.String(required=True)
    label = fields.String(required=True)


class StartupOut(Schema):
    id = fields.Integer(required=True)
    company_name = fields.String(required=True)
    enterprise_type = fields.String(required=True)
    type_label = fields.Function(lambda a: catalog.ENTERPRISE_TYPES[a.enterprise_type], required=True)
    principal_role = fields.String(required=True)
    address = fields.String(required=True)
    principal_name_masked = fields.Function(lambda a: mask_name(a.principal_name), required=True)
    principal_phone_masked = fields.Function(lambda a: mask_phone(a.principal_phone), required=True)
    seals = fields.Function(lambda a: [{"type": t, "label": catalog.seal_label(t, a.enterprise_type)}
                                       for t in a.seal_types], required=True)
    free_eseal = fields.Boolean(required=True)
    status = fields.String(required=True)
    status_label = fields.Function(lambda a: catalog.STARTUP_STATUSES[a.status], required=True)
    submitted_at = fields.DateTime(required=True)
    enterprise_id = fields.Integer(allow_none=True, required=True)


class StartupListOut(Schema):
    items = fields.List(fields.Nested(StartupOut), required=True)


@blp.post("/startups")
@blp.arguments(StartupIn)
@blp.response(201, StartupOut)
def submit(data):
    """提交开办企业申请 (a real-name-verified user)."""
    user = common.user()
    enterprises.require_verified(user)
    application = startups.submit(common.session(), user, data, common.now(), common.id_key(),
                                  font_path=current_app.config["ESEAL_SEAL_FONT"])
    return application, 201, {"Location": url_for("startups.show", application_id=application.id)}


@blp.get("/startups")
@blp.response(200, StartupListOut)
def index():
    """我的办件."""
    return {"items": startups.applications_of(common.session(), common.user())}


@blp.get("/startups/<int:application_id>")
@blp.response(200, StartupOut)
def show(application_id):
    """一件开办企业申请 (only its applicant sees it)."""
    return startups.application_of(common.session(), common.user(), application_id)

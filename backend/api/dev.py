"""Demo mode only: the SMS outbox (the route does not exist outside demo mode)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..services import sms
from . import common
from .fields import ApiSchema, Text, phone

blp = Blueprint("dev", __name__, url_prefix="/api/dev", description="演示模式")


class OutboxQuery(ApiSchema):
    phone = Text(required=True, validate=phone)


class MessageOut(Schema):
    phone = fields.String(required=True)
    kind = fields.String(required=True)
    content = fields.String(required=True)
    code = fields.String(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class OutboxOut(Schema):
    items = fields.List(fields.Nested(MessageOut), required=True)


@blp.get("/sms-outbox")
@blp.arguments(OutboxQuery, location="query")
@blp.response(200, OutboxOut)
def sms_outbox(query):
    """演示模式短信发件箱, newest first."""
    return {"items": sms.outbox(common.session(), query["phone"])}


@blp.get("/sms-outbox/mine")
@blp.response(200, OutboxOut)
def my_sms_outbox():
    """演示模式: the logged-in user's own messages, newest first (for a page that shows only the masked phone,
    such as 用印's 短信验证)."""
    return {"items": sms.outbox(common.session(), common.user().phone)}

"""Login by SMS code, logout, the current user and 实名认证; limits per client address and per account."""
import ipaddress

from flask import current_app, request, session as cookie
from flask_login import login_user, logout_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..context import SMS_CODE_DIGEST, purpose_key
from ..services import accounts, realname, sms
from ..services.identifiers import mask_name, mask_phone
from . import common
from .fields import ApiSchema, Text, id_number, length, person_name, phone, sms_code

blp = Blueprint("auth", __name__, url_prefix="/api", description="登录与实名认证")


class PhoneIn(ApiSchema):
    phone = Text(required=True, validate=phone)


class LoginIn(PhoneIn):
    code = Text(required=True, validate=sms_code)


class RealnameIn(ApiSchema):
    name = Text(required=True, validate=person_name)
    id_number = Text(required=True, validate=[length(18, 18, "身份证号"), id_number])


class SmsSentOut(Schema):
    phone_masked = fields.String(required=True)
    expires_in = fields.Integer(required=True)
    resend_after = fields.Integer(required=True)


class RealnameOut(Schema):
    status = fields.String(required=True, metadata={"enum": ["none", "face_pending", "verified"]})
    name_masked = fields.String(allow_none=True, required=True)
    id_number_masked = fields.String(allow_none=True, required=True)
    pending_check_id = fields.Integer(allow_none=True, required=True)


class MeOut(Schema):
    id = fields.Integer(required=True)
    phone_masked = fields.String(required=True)
    realname = fields.Nested(RealnameOut, required=True)


class CheckOut(Schema):
    check_id = fields.Integer(required=True)
    status = fields.String(required=True)
    name_masked = fields.String(required=True)
    id_number_masked = fields.String(required=True)


def client_address():
    """The address the abuse limits count: request.remote_addr (ProxyFix has set it from X-Forwarded-For
    when ESEAL_PROXY_FIX says so); an IPv6 client by its /64, which is one subscriber's."""
    raw = request.remote_addr or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:45]
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def me_payload(user):
    pending = realname.pending_check(common.session(), user, common.now())
    status = "verified" if user.is_verified else ("face_pending" if pending else "none")
    return {
        "id": user.id, "phone_masked": mask_phone(user.phone),
        "realname": {
            "status": status,
            "name_masked": mask_name(user.real_name) if user.real_name else None,
            "id_number_masked": user.id_masked,
            "pending_check_id": pending.id if pending else None,
        },
    }


@blp.post("/auth/sms-codes")
@blp.arguments(PhoneIn)
@blp.response(201, SmsSentOut)
def send_login_code(data):
    """发送登录短信验证码 (one per phone per 60 s; a limited number from one client address)."""
    config = current_app.config
    sms.request_login_code(common.session(), common.throttles(), data["phone"], common.now(),
                           purpose_key(SMS_CODE_DIGEST), config["SMS_CODE_TTL_SECONDS"], config["SMS_RESEND_SECONDS"],
                           keep_code=config["ESEAL_DEMO"], address=client_address(),
                           per_address=config["ESEAL_SMS_PER_ADDRESS"])
    return {"phone_masked": mask_phone(data["phone"]), "expires_in": config["SMS_CODE_TTL_SECONDS"],
            "resend_after": config["SMS_RESEND_SECONDS"]}


@blp.post("/auth/login")
@blp.arguments(LoginIn)
@blp.response(200, MeOut)
def login(data):
    """手机号 + 短信验证码登录; a new session id every time."""
    db, at, config = common.session(), common.now(), current_app.config
    sms.consume_login_code(db, data["phone"], data["code"], at, purpose_key(SMS_CODE_DIGEST),
                           config["SMS_MAX_ATTEMPTS"], common.throttles(), client_address(),
                           config["ESEAL_LOGIN_TRIES_PER_ADDRESS"], config["ESEAL_LOGIN_WRONG_PER_ADDRESS"])
    user = accounts.user_for_phone(db, data["phone"], at)
    accounts.open_session(db, user, at, int(current_app.permanent_session_lifetime.total_seconds()))
    cookie.clear()
    cookie.permanent = True
    login_user(user)
    return me_payload(user)


@blp.post("/auth/logout")
@blp.response(204)
def logout():
    """退出登录."""
    user = common.user()
    accounts.close_session(common.session(), user.auth_session.id, common.now())
    logout_user()
    cookie.clear()


@blp.get("/me")
@blp.response(200, MeOut)
def me():
    """当前用户与实名认证状态."""
    return me_payload(common.user())


@blp.post("/realname")
@blp.arguments(RealnameIn)
@blp.response(201, CheckOut)
def start_realname(data):
    """实名认证第一步: 姓名 + 身份证号 (a limited number per account and per client address)."""
    config = current_app.config
    check = realname.start_check(common.session(), common.user(), data["name"], data["id_number"],
                                 common.now(), common.id_key(), common.throttles(), client_address(),
                                 config["ESEAL_REALNAME_PER_ACCOUNT"], config["ESEAL_REALNAME_PER_ADDRESS"])
    return {"check_id": check.id, "status": "face_pending", "name_masked": mask_name(check.real_name),
            "id_number_masked": check.id_masked}


@blp.post("/realname/<int:check_id>/face")
@blp.arguments(ApiSchema)
@blp.response(200, MeOut)
def face_step(_data, check_id):
    """实名认证第二步: 人脸识别 (simulated)."""
    user = realname.complete_face_step(common.session(), common.user(), check_id, common.now())
    return me_payload(user)

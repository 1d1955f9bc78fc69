"""下载印章: the declaration, the jump to the licence app, its callback and the download itself."""
import hmac
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import current_app, redirect, session as cookie
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from .. import jump
from ..errors import page_error
from ..models import DownloadSession, Enterprise
from ..services import declaration, downloads, jump_tokens
from ..services.errors import DomainError, NotFound
from ..services.seals import seal_name
from . import common
from .fields import ApiSchema, Flag, Text
from .seal_images import image_url

blp = Blueprint("downloads", __name__, url_prefix="/api", description="下载印章")


class DeclarationOut(Schema):
    version = fields.String(required=True)
    title = fields.String(required=True)
    paragraphs = fields.List(fields.String(), required=True)


class JwksOut(Schema):
    keys = fields.List(fields.Dict(), required=True)


class StartIn(ApiSchema):
    declaration_version = Text(required=True)
    agreed = Flag(required=True)


class StartOut(Schema):
    id = fields.String(required=True)
    jump_url = fields.String(required=True)


class ResultQuery(ApiSchema):
    result = Text(required=True)


class ReceiptOut(Schema):
    receipt_id = fields.Integer(attribute="id", required=True)
    seal_id = fields.Integer(required=True)
    name = fields.Function(lambda r: seal_name(r.seal), required=True)
    thumb_url = fields.Function(lambda r: image_url(r.seal, "thumb"), required=True)
    received_at = fields.DateTime(required=True)


class DownloadDoneOut(Schema):
    status = fields.String(required=True)
    enterprise_id = fields.Integer(required=True)
    receipts = fields.List(fields.Nested(ReceiptOut), required=True)


def pseudonym(user):
    return downloads.pseudonym(common.id_key(), user.id)


@blp.get("/jwks.json")
@blp.response(200, JwksOut)
def jwks():
    """This app's public signing keys (JWKS), for the licence app on another origin."""
    return current_app.extensions["eseal_key_ring"].jwks(common.now())


@blp.get("/downloads/declaration")
@blp.response(200, DeclarationOut)
def show_declaration():
    """《印章下载声明》."""
    return {"version": declaration.VERSION, "title": declaration.TITLE, "paragraphs": list(declaration.PARAGRAPHS)}


@blp.post("/enterprises/<int:enterprise_id>/downloads")
@blp.arguments(StartIn)
@blp.response(201, StartOut)
def start(data, enterprise_id):
    """开始下载: agree to the declaration, get the signed jump to the 电子营业执照 app."""
    if not data["agreed"] or data["declaration_version"] != declaration.VERSION:
        raise DomainError("declaration_required", "请先阅读并同意《印章下载声明》",
                          {"agreed": "请先阅读并同意《印章下载声明》"}, status=422)
    db, user, config = common.session(), common.user(), current_app.config
    download = downloads.start(db, user, enterprise_id, declaration.VERSION, common.now(),
                               config["ESEAL_JUMP_TTL_SECONDS"])
    enterprise = db.get(Enterprise, enterprise_id)
    cookie["download"] = {"id": download.id, "state": download.state}
    token = jump_tokens.issue_jump_request(
        current_app.extensions["eseal_key_ring"], issuer=config["ESEAL_CLIENT_ID"], audience=config["ELICENSE_ISSUER"],
        subject=pseudonym(user), credit_code=enterprise.credit_code, purpose="download",
        redirect_uri=jump.callback_url(config), state=download.state, nonce=download.nonce, now=common.now(),
        ttl_seconds=config["ESEAL_JUMP_TTL_SECONDS"])
    return {"id": download.id, "jump_url": f"{jump.elicense_base(config)}/jump?{urlencode({'request': token})}"}


def verified_result(token, download_id=None, refuse_spent=False):
    """Everything DESIGN.md asks of a result before it is believed; returns (claims, download).

    refuse_spent (the callback): a token already spent is refused first, also once completion has
    dropped this browser's binding. Completion itself leaves a spent token to complete_once, which
    answers a concurrent second call with the same receipts.
    """
    config, user = current_app.config, common.user()
    claims = jump_tokens.verify(token, jump.licence_app_keys(current_app), expected_typ=jump_tokens.RESULT_TYP,
                                issuer=config["ELICENSE_ISSUER"], audience=config["ESEAL_CLIENT_ID"], now=common.now())
    if refuse_spent and downloads.token_spent(common.session(), claims["jti"]):
        raise downloads.DownloadRefused("token_replayed", "该跳转凭证已使用，请重新发起下载")
    bound = cookie.get("download") or {}
    if not bound.get("state") or not hmac.compare_digest(bound["state"], claims["state"]):
        raise downloads.DownloadRefused("state_mismatch", "下载会话与当前浏览器不符，请重新发起下载")
    download = common.session().get(DownloadSession, bound["id"])
    if download is None or (download_id and download.id != download_id) or download.user_id != user.id:
        raise downloads.DownloadRefused("download_session_mismatch", "下载会话与当前用户不符，请重新发起下载")
    enterprise = common.session().get(Enterprise, download.enterprise_id)
    if not (hmac.compare_digest(claims["nonce"], download.nonce) and claims["sub"] == pseudonym(user)
            and claims["credit_code"] == enterprise.credit_code):
        raise downloads.DownloadRefused("token_claims", "跳转凭证与本次下载不符，请重新发起下载")
    return claims, download


@blp.get("/elicense/callback")
@blp.arguments(ResultQuery, location="query")
@blp.response(303)
def callback(query):
    """电子营业执照 app's way back: verify, remember in this browser's session, 303 to a clean H5 URL."""
    try:
        claims, download = verified_result(query["result"], refuse_spent=True)
    except DomainError as exc:
        return _no_referrer(page_error(exc.status, exc.message))
    if claims["outcome"] == "cancelled":
        target = f"/h5/#/eseal/download?ent={download.enterprise_id}&cancelled=1"
    else:
        cookie["download"] = {**cookie["download"], "result": query["result"]}
        target = f"/h5/#/eseal/result?download={download.id}"
    return _no_referrer(redirect(target, 303))


def _no_referrer(response):
    response = current_app.make_response(response)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.post("/downloads/<download_id>/complete")
@blp.arguments(ApiSchema)
@blp.response(200, DownloadDoneOut)
def complete(_data, download_id):
    """下载: the verified seals into the wallet, exactly once however often this is called."""
    db, user, now = common.session(), common.user(), common.now()
    download = db.get(DownloadSession, download_id)
    if download is None or download.user_id != user.id:
        raise NotFound("download_not_found", "未找到该下载记录")
    if download.status != "completed":
        token = (cookie.get("download") or {}).get("result")
        if not token:
            raise downloads.DownloadRefused("not_verified", "尚未完成电子营业执照身份验证，请重新发起下载")
        claims, download = verified_result(token, download_id)
        if claims["outcome"] != "verified":
            raise downloads.DownloadRefused("not_verified", "尚未完成电子营业执照身份验证，请重新发起下载")
        expires = datetime.fromtimestamp(claims["exp"], UTC)
        receipts = downloads.complete_once(db, download, user, claims["jti"], expires, now)
        cookie.pop("download", None)  # spent: the result token no longer rides along with every request
    else:
        receipts = downloads.receipts_of(db, download.id)
    return {"status": "completed", "enterprise_id": download.enterprise_id, "receipts": receipts}


"""下载印章: the declaration, the jump to the licence app, its callback and the download itself."""
from flask import current_app, redirect
from flask import session as cookie
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..errors import page_error
from ..services import declaration, downloads, stamping
from ..services.errors import DomainError
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


def jumps():
    """The jump service, composed once in the factory (backend/jump.py)."""
    return current_app.extensions["eseal_jump"]


@blp.get("/jwks.json")
@blp.response(200, JwksOut)
def jwks():
    """This app's public signing keys (JWKS), for the licence app on another origin."""
    return jumps().jwks(common.now())


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
    db, now = common.session(), common.now()
    download = downloads.start(db, common.user(), enterprise_id, declaration.VERSION, now,
                               current_app.config["ESEAL_JUMP_TTL_SECONDS"])
    cookie["download"] = {"id": download.id, "state": download.state}
    return {"id": download.id, "jump_url": downloads.request_url(db, jumps(), download, now)}


@blp.get("/elicense/callback")
@blp.arguments(ResultQuery, location="query")
@blp.response(303)
def callback(query):
    """电子营业执照 app's way back: the result believed once, the download (or 用印) marked verified, 303 to a
    clean URL."""
    db, now = common.session(), common.now()
    try:
        claims = jumps().verify_result(query["result"], now)
        if _business(claims) == stamping.PURPOSE:
            return _no_referrer(redirect(_stamp_target(db, claims, now), 303))
        download = downloads.accept_claims(db, jumps(), claims, cookie.get("download"), common.user(), now)
    except DomainError as exc:
        return _no_referrer(page_error(exc.status, exc.message))
    if download.status == "cancelled":
        cookie.pop("download", None)
        target = f"/h5/#/eseal/download?ent={download.enterprise_id}&cancelled=1"
    else:
        target = f"/h5/#/eseal/result?download={download.id}"
    return _no_referrer(redirect(target, 303))


def _business(claims):
    """Which business the result is for: its purpose, unless this browser started only the other one (whose
    checks then refuse it as a result for another purpose)."""
    started = {name for name in ("download", "stamp") if cookie.get(name)}
    return next(iter(started)) if len(started) == 1 else claims["purpose"]


def _stamp_target(db, claims, now):
    stamp = stamping.accept_claims(db, jumps(), claims, cookie.get("stamp"), common.user(), now)
    if stamp.status == "cancelled":
        return f"/h5/#/eseal/stamp/place?request={stamp.id}&cancelled=1"
    return f"/h5/#/eseal/stamp/result?request={stamp.id}"


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
    download, receipts = downloads.complete(common.session(), download_id, common.user(), cookie.get("download"),
                                            common.now())
    if (cookie.get("download") or {}).get("id") == download.id:
        cookie.pop("download", None)  # done: the binding no longer rides along with every request
    return {"status": "completed", "enterprise_id": download.enterprise_id, "receipts": receipts}

"""App B's pages under /elicense: the jump in, 下载执照, 执照验证 and the signed way back to app A.

Settings (app.config): ELICENSE_PEER_KEYS (A's public keys: dict kid → key, JwksKeys or RemoteJwks, or a
callable returning one), ELICENSE_CLIENTS ({A's client id: [registered redirect URIs]}), ELICENSE_ISSUER
(B's own id, default "elicense"), optional ELICENSE_KEY_RING (else B's ring in instance/keys).
"""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from ..context import id_key, now
from ..extensions import db
from ..services import jump_tokens
from ..services.errors import DomainError, Forbidden, NotFound
from . import cookie, service
from .keys import elicense_key_ring
from .models import ElicenseHolder, LicenceHolding
from .tokens import unverified_issuer

blp = Blueprint("elicense", __name__, url_prefix="/elicense", template_folder="templates", static_folder="static")
DEFAULT_ISSUER = "elicense"


class NoJump(DomainError):
    status = 400

    def __init__(self):
        super().__init__("jump_missing", "请从一网通电子印章发起下载，再进入电子营业执照")


def issuer():
    return current_app.config.get("ELICENSE_ISSUER", DEFAULT_ISSUER)


def ttl():
    return current_app.config.get("ESEAL_JUMP_TTL_SECONDS", jump_tokens.MAX_TTL_SECONDS)


def key_ring():
    ring = current_app.config.get("ELICENSE_KEY_RING") or current_app.extensions.get("elicense_key_ring")
    if ring is None:
        ring = elicense_key_ring(current_app.instance_path, now(), ttl())
        current_app.extensions["elicense_key_ring"] = ring
    return ring


def peer_keys():
    keys = current_app.config.get("ELICENSE_PEER_KEYS")
    return keys() if callable(keys) else (keys or {})


@blp.before_request
def _load_state():
    g.elicense = cookie.load(current_app.config["SECRET_KEY"], request.cookies.get(cookie.COOKIE_NAME))
    if request.method == "POST" and not cookie.csrf_ok(g.elicense, request.form.get("csrf")):
        raise Forbidden("csrf", "页面已过期，请返回重新操作")


@blp.after_request
def _save_state(response):
    state = g.get("elicense")
    if state is not None:
        secure = current_app.session_interface.get_cookie_secure(current_app)
        response.set_cookie(cookie.COOKIE_NAME, cookie.dump(current_app.config["SECRET_KEY"], state),
                            max_age=cookie.MAX_AGE_SECONDS, path="/elicense", httponly=True, samesite="Lax",
                            secure=secure)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@blp.errorhandler(DomainError)
def _domain_error(exc):
    db.session.rollback()
    return render_template("elicense/message.html", title="提示", message=exc.message), exc.status, exc.headers


def page(name, **context):
    return render_template(f"elicense/{name}.html", state=g.elicense, jump=g.elicense.get("jump"), **context)


def jump():
    found = g.elicense.get("jump")
    if not found:
        raise NoJump()
    return found


def holder():
    holder_id = g.elicense.get("holder_id")
    return db.session.get(ElicenseHolder, holder_id) if holder_id else None


@blp.get("/.well-known/jwks.json")
def jwks():
    return key_ring().jwks(now())


@blp.get("/jump")
def receive_jump():
    claims = jump_tokens.verify(request.args.get("request", ""), peer_keys(),
                                expected_typ=jump_tokens.JUMP_REQUEST_TYP, issuer=request_issuer(),
                                audience=issuer(), now=now())
    registered = current_app.config.get("ELICENSE_CLIENTS", {}).get(claims["iss"], ())
    if not jump_tokens.redirect_uri_allowed(claims["redirect_uri"], registered):
        raise jump_tokens.TokenError("token_claims", "跳转地址未登记，已拒绝")
    service.spend_request(db.session, claims["jti"], datetime.fromtimestamp(claims["exp"], UTC)
                          + timedelta(seconds=jump_tokens.LEEWAY_SECONDS), now())
    g.elicense["jump"] = {name: claims[name] for name in
                          ("iss", "sub", "credit_code", "purpose", "redirect_uri", "state", "nonce")}
    g.elicense.pop("verified", None)
    known = service.holder_for_subject(db.session, claims["iss"], claims["sub"])
    g.elicense["holder_id"] = known.id if known else None
    return redirect(url_for(".licences"), 303)


def request_issuer():
    """The client id the token names, accepted only if it is a registered client (checked again by verify)."""
    candidate = unverified_issuer(request.args.get("request", ""))
    return candidate if candidate in current_app.config.get("ELICENSE_CLIENTS", {}) else None


@blp.get("/")
def licences():
    jump()
    person = holder()
    holdings = service.holdings_of(db.session, person) if person else []
    return page("licences", holder=person, holdings=holdings)


@blp.route("/download/realname", methods=["GET", "POST"])
def realname():
    jump()
    if request.method == "GET":
        return page("realname", form={}, fields={})
    form = {"name": request.form.get("name", ""), "id_number": request.form.get("id_number", "")}
    try:
        person = service.holder_from_realname(db.session, form["name"], form["id_number"], id_key(), now())
    except DomainError as exc:
        return page("realname", form=form, fields=exc.fields, error=exc.message), exc.status
    g.elicense.update(pending_holder_id=person.id, holder_id=None)
    return redirect(url_for(".face"), 303)


@blp.route("/download/face", methods=["GET", "POST"])
def face():
    jump()
    pending = g.elicense.get("pending_holder_id")
    if not pending:
        return redirect(url_for(".realname"), 303)
    if request.method == "GET":
        return page("face", pending=db.session.get(ElicenseHolder, pending))
    g.elicense.update(holder_id=pending, pending_holder_id=None)  # 实人认证 is simulated: always passes
    person = holder()
    service.remember_subject(db.session, jump()["iss"], jump()["sub"], person, now())
    if service.holding_for(db.session, person, jump()["credit_code"]) is not None:
        return redirect(url_for(".licences"), 303)  # FAQ 五: already downloaded, no second download
    return redirect(url_for(".place"), 303)


def require_holder():
    person = holder()
    if person is None:
        raise Forbidden("elicense_identity_required", "请先录入实名信息并完成实人认证")
    return person


@blp.route("/download/place", methods=["GET", "POST"])
def place():
    jump()
    require_holder()
    if request.method == "GET":
        return page("place", places=service.REGISTRATION_PLACES)
    if request.form.get("place") not in service.REGISTRATION_PLACES:
        return page("place", places=service.REGISTRATION_PLACES, error="请选择登记地"), 422
    return redirect(url_for(".choose"), 303)


@blp.route("/download/choose", methods=["GET", "POST"])
def choose():
    jump()
    person = require_holder()
    found = service.licences_for_principal(db.session, person.real_name, person.id_digest)
    held = {h.credit_code for h in service.holdings_of(db.session, person)}
    if request.method == "GET":
        return page("choose", enterprises=found, held=held)
    code = request.form.get("credit_code")
    error = None
    if code not in {e.credit_code for e in found} or code in held:
        error = "请勾选要下载的执照"
    elif request.form.get("agree") != "yes":
        error = "请阅读并同意《执照下载声明》"
    if error:
        return page("choose", enterprises=found, held=held, error=error), 422
    g.elicense["chosen"] = code
    return redirect(url_for(".set_password"), 303)


@blp.get("/declaration")
def declaration():
    return page("declaration")


@blp.route("/download/password", methods=["GET", "POST"])
def set_password():
    jump()
    person = require_holder()
    code = g.elicense.get("chosen")
    if not code:
        return redirect(url_for(".choose"), 303)
    if request.method == "GET":
        return page("set_password", fields={})
    try:
        service.download_licence(db.session, person, code, request.form.get("password", ""),
                                 request.form.get("password2", ""), now(),
                                 current_app.config.get("ESEAL_ELICENSE_SYNC_SECONDS", 30))
    except DomainError as exc:
        if exc.status != 422:
            raise
        return page("set_password", fields=exc.fields, error=exc.message), 422
    g.elicense.pop("chosen", None)
    return redirect(url_for(".licences"), 303)


def own_holding(holding_id):
    holding = db.session.get(LicenceHolding, holding_id)
    if holding is None or holding.holder_id != require_holder().id:
        raise NotFound("licence_not_found", "未找到该执照")
    return holding


@blp.route("/licences/<int:holding_id>/verify", methods=["GET", "POST"])
def verify(holding_id):
    request_ = jump()
    holding = own_holding(holding_id)
    if holding.credit_code != request_["credit_code"]:
        raise Forbidden("licence_mismatch", "该执照不是本次办理业务的企业的执照，请选择正确的执照")
    if request.method == "GET":
        return page("verify", holding=holding)
    try:
        service.verify_password(db.session, current_app.extensions["elicense_throttles"], holding,
                                request.form.get("password", ""), now())
    except DomainError as exc:
        if exc.code == "licence_syncing":
            return page("verify", holding=holding, syncing=exc.message), 409
        return page("verify", holding=holding, error=exc.message), exc.status
    g.elicense["verified"] = holding.credit_code
    return redirect(url_for(".success"), 303)


@blp.get("/success")
def success():
    if g.elicense.get("verified") != jump()["credit_code"]:
        return redirect(url_for(".licences"), 303)
    return page("success")


def back_to_a(outcome):
    request_ = jump()
    token = jump_tokens.issue_result(key_ring(), issuer=issuer(), audience=request_["iss"], subject=request_["sub"],
                                     credit_code=request_["credit_code"], purpose=request_["purpose"], outcome=outcome,
                                     nonce=request_["nonce"], state=request_["state"], now=now(),
                                     ttl_seconds=ttl())
    uri = request_["redirect_uri"]
    for key in ("jump", "verified", "chosen"):
        g.elicense.pop(key, None)
    return redirect(uri + ("&" if "?" in uri else "?") + urlencode({"result": token}), 303)


@blp.post("/return")
def return_to_a():
    if g.elicense.get("verified") != jump()["credit_code"]:
        raise Forbidden("licence_not_verified", "请先完成执照验证")
    return back_to_a("verified")


@blp.post("/cancel")
def cancel():
    return back_to_a("cancelled")

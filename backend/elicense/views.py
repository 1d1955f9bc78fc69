"""App B's pages under /elicense: the jump in, 下载执照, 执照验证 and the signed way back to app A.

Its parts (key ring, the clients' keys, throttles) are on app.extensions["elicense"] (wiring.py); the
registered clients are the setting ELICENSE_CLIENTS. The flow of each jump lives on the server (flows.py).
"""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from ..context import id_key, now
from ..extensions import db
from ..services import jump_tokens
from ..services.errors import DomainError, Forbidden, NotFound
from . import cookie, flows, service
from .models import LicenceHolding
from .tokens import unverified_issuer

blp = Blueprint("elicense", __name__, url_prefix="/elicense", template_folder="templates", static_folder="static")


def licence_app():
    return current_app.extensions["elicense"]


def ttl():
    return current_app.config.get("ESEAL_JUMP_TTL_SECONDS", jump_tokens.MAX_TTL_SECONDS)


def clients():
    return current_app.config.get("ELICENSE_CLIENTS", {})


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
    return (render_template("elicense/message.html", title="提示", message=exc.message, code=exc.code),
            exc.status, exc.headers)


def flow():
    """This browser's flow (cached for the request), or the NoFlow page."""
    if "elicense_flow" not in g:
        g.elicense_flow = flows.current_flow(db.session, g.elicense.get("flow"), now())
    return g.elicense_flow


def page(name, **context):
    found = g.get("elicense_flow")
    return render_template(f"elicense/{name}.html", state=g.elicense, jump=found.request if found else None,
                           business=flows.business_of(found) if found else None, **context)


@blp.get("/.well-known/jwks.json")
def jwks():
    return licence_app().key_ring.jwks(now())


@blp.get("/jump")
def receive_jump():
    claims = jump_tokens.verify(request.args.get("request", ""), licence_app().trusted_keys(),
                                expected_typ=jump_tokens.JUMP_REQUEST_TYP, issuer=request_issuer(),
                                audience=licence_app().issuer, now=now())
    if not jump_tokens.redirect_uri_allowed(claims["redirect_uri"], clients().get(claims["iss"], ())):
        raise jump_tokens.TokenError("token_claims", "跳转地址未登记，已拒绝")
    expires_at = datetime.fromtimestamp(claims["exp"], UTC) + timedelta(seconds=jump_tokens.LEEWAY_SECONDS)
    flow_id, _ = flows.open_flow(db.session, claims, expires_at, now(), login_id=g.elicense.get("login"),
                                 previous_id=g.elicense.get("flow"))
    g.elicense.update(flow=flow_id, csrf=cookie.new_csrf())  # forms of an earlier flow no longer post
    return redirect(url_for(".licences"), 303)


def request_issuer():
    """The client id the token names, accepted only if it is a registered client (checked again by verify)."""
    candidate = unverified_issuer(request.args.get("request", ""))
    return candidate if candidate in clients() else None


@blp.get("/")
def licences():
    person = flows.holder_of(db.session, flow())
    holdings = service.holdings_of(db.session, person) if person else []
    return page("licences", holder=person, holdings=holdings)


@blp.route("/download/realname", methods=["GET", "POST"])
def realname():
    current = flow()
    if request.method == "GET":
        return page("realname", form={}, fields={})
    form = {"name": request.form.get("name", ""), "id_number": request.form.get("id_number", "")}
    try:
        person = service.holder_from_realname(db.session, form["name"], form["id_number"], id_key(), now())
    except DomainError as exc:
        return page("realname", form=form, fields=exc.fields, error=exc.message), exc.status
    flows.set_pending(db.session, current, person)
    return redirect(url_for(".face"), 303)


@blp.route("/download/face", methods=["GET", "POST"])
def face():
    current = flow()
    pending = flows.pending_of(db.session, current)
    if pending is None:
        return redirect(url_for(".realname"), 303)
    if request.method == "GET":
        return page("face", pending=pending)
    # 实人认证 is simulated: it always passes. The browser is now logged in as this person (FAQ 五).
    person, login_id = flows.confirm_identity(db.session, current, now(), login_id=g.elicense.get("login"))
    g.elicense["login"] = login_id
    if service.holding_for(db.session, person, current.request["credit_code"]) is not None:
        return redirect(url_for(".licences"), 303)  # FAQ 五: already downloaded, no second download
    return redirect(url_for(".place"), 303)


@blp.route("/download/place", methods=["GET", "POST"])
def place():
    flows.require_holder(db.session, flow())
    if request.method == "GET":
        return page("place", places=service.REGISTRATION_PLACES)
    if request.form.get("place") not in service.REGISTRATION_PLACES:
        return page("place", places=service.REGISTRATION_PLACES, error="请选择登记地"), 422
    return redirect(url_for(".choose"), 303)


@blp.route("/download/choose", methods=["GET", "POST"])
def choose():
    person = flows.require_holder(db.session, flow())
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
    flows.choose(db.session, flow(), code)
    return redirect(url_for(".set_password"), 303)


@blp.get("/declaration")
def declaration():
    return page("declaration")


@blp.route("/download/password", methods=["GET", "POST"])
def set_password():
    person = flows.require_holder(db.session, flow())
    code = flow().chosen
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
    flows.clear_choice(db.session, flow())
    return redirect(url_for(".licences"), 303)


def own_holding(holding_id):
    """A licence of the person identified in this browser, for the enterprise the request names."""
    person = flows.require_holder(db.session, flow())
    holding = db.session.get(LicenceHolding, holding_id)
    if holding is None or holding.holder_id != person.id:
        raise NotFound("licence_not_found", "未找到该执照")
    if holding.credit_code != flow().request["credit_code"]:
        raise Forbidden("licence_mismatch", "该执照不是本次办理业务的企业的执照，请选择正确的执照")
    return holding


@blp.route("/licences/<int:holding_id>/verify", methods=["GET", "POST"])
def verify(holding_id):
    holding = own_holding(holding_id)
    if request.method == "GET":
        return page("verify", holding=holding)
    try:
        service.verify_password(db.session, licence_app().throttles, holding, request.form.get("password", ""),
                                now())
    except DomainError as exc:
        if exc.code == "licence_syncing":
            return page("verify", holding=holding, syncing=exc.message), 409
        return page("verify", holding=holding, error=exc.message), exc.status
    flows.mark_verified(db.session, flow())
    return redirect(url_for(".success"), 303)


@blp.get("/success")
def success():
    if not flow().verified:
        return redirect(url_for(".licences"), 303)
    return page("success")


def back_to_a(outcome):
    """The flow's one result, signed, carried back to the registered redirect URI."""
    request_ = flows.finish(db.session, flow(), outcome, now())
    licence = licence_app()
    token = jump_tokens.issue_result(licence.key_ring, issuer=licence.issuer, audience=request_["iss"],
                                     subject=request_["sub"], credit_code=request_["credit_code"],
                                     purpose=request_["purpose"], outcome=outcome, nonce=request_["nonce"],
                                     state=request_["state"], now=now(), ttl_seconds=ttl())
    g.elicense.pop("flow", None)
    uri = request_["redirect_uri"]
    return redirect(uri + ("&" if "?" in uri else "?") + urlencode({"result": token}), 303)


@blp.post("/return")
def return_to_a():
    return back_to_a("verified")


@blp.post("/cancel")
def cancel():
    return back_to_a("cancelled")

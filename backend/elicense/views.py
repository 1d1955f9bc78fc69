"""App B's pages under /elicense: the jump in, 下载执照, 执照验证, 删除执照 and the signed way back to app A.

Its parts (key ring, the clients' keys, throttles) are on app.extensions["elicense"] (wiring.py); the
registered clients are the setting ELICENSE_CLIENTS. The flow of each jump lives on the server (flows.py).
Every step answers Post/Redirect/Get (or JSON to the page's script, replies.py), and every page reached by
the back button has a way on.
"""
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, redirect, request, url_for

from ..context import id_key, now
from ..extensions import db
from ..services import jump_tokens
from ..services.errors import DomainError, Forbidden, Invalid
from . import cookie, flows, service
from .replies import next_step, page, refusal_page, refused
from .tokens import unverified_issuer

blp = Blueprint("elicense", __name__, url_prefix="/elicense", template_folder="templates", static_folder="static")
NOTICES = {"licence_deleted": "执照已删除。如需再次使用，请点击「下载执照」重新下载。"}


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
    return refusal_page(exc)


def flow():
    """This browser's flow (cached for the request), or the NoFlow page."""
    if "elicense_flow" not in g:
        g.elicense_flow = flows.current_flow(db.session, g.elicense.get("flow"), now())
    return g.elicense_flow


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
    held = any(h.credit_code == flow().request["credit_code"] for h in holdings)
    return page("licences", holder=person, holdings=holdings, held=held,
                notice=NOTICES.get(g.elicense.pop("notice", None)))


@blp.route("/download/realname", methods=["GET", "POST"])
def realname():
    current = flow()
    if request.method == "GET":
        return page("realname", form={}, fields={})
    form = {"name": request.form.get("name", ""), "id_number": request.form.get("id_number", "")}
    try:
        person = service.holder_from_realname(db.session, form["name"], form["id_number"], id_key(), now())
    except DomainError as exc:
        return refused(exc, "realname", form=form)
    flows.set_pending(db.session, current, person)
    return next_step(".face")


@blp.route("/download/face", methods=["GET", "POST"])
def face():
    current = flow()
    pending = flows.pending_of(db.session, current)
    if pending is None:  # done already (back from the next page), or 实名信息 not entered
        return next_step(".licences" if current.holder_id else ".realname")
    if request.method == "GET":
        return page("face", pending=pending)
    # 实人认证 is simulated: it always passes. The browser is now logged in as this person (FAQ 五).
    person, login_id = flows.confirm_identity(db.session, current, now(), login_id=g.elicense.get("login"))
    g.elicense["login"] = login_id
    if service.holding_for(db.session, person, current.request["credit_code"]) is not None:
        return next_step(".licences")  # FAQ 五: already downloaded, no second download
    return next_step(".place")


@blp.route("/download/place", methods=["GET", "POST"])
def place():
    flows.require_holder(db.session, flow())
    if request.method == "GET":
        return page("place", places=service.REGISTRATION_PLACES)
    if request.form.get("place") not in service.REGISTRATION_PLACES:
        return refused(Invalid("place_required", "请选择登记地", {"place": "请选择登记地"}), "place",
                       places=service.REGISTRATION_PLACES)
    return next_step(".choose")


@blp.route("/download/choose", methods=["GET", "POST"])
def choose():
    person = flows.require_holder(db.session, flow())
    found = service.licences_for_principal(db.session, person.real_name, person.id_digest)
    held = {h.credit_code for h in service.holdings_of(db.session, person)}
    if request.method == "GET":
        return page("choose", enterprises=found, held=held)
    code = request.form.get("credit_code")
    fields = {}
    if code not in {e.credit_code for e in found} or code in held:
        fields["credit_code"] = "请勾选要下载的执照"
    if request.form.get("agree") != "yes":
        fields["agree"] = "请阅读并同意《执照下载声明》"
    if fields:
        return refused(Invalid("licence_choice_invalid", next(iter(fields.values())), fields), "choose",
                       enterprises=found, held=held)
    flows.choose(db.session, flow(), code)
    return next_step(".set_password")


@blp.get("/declaration")
def declaration():
    return page("declaration")


@blp.route("/download/password", methods=["GET", "POST"])
def set_password():
    person = flows.require_holder(db.session, flow())
    code = flow().chosen
    if not code:  # downloaded already (back from the list), or nothing chosen
        return next_step(".choose")
    if request.method == "GET":
        return page("set_password")
    try:
        service.download_licence(db.session, person, code, request.form.get("password", ""),
                                 request.form.get("password2", ""), now(),
                                 current_app.config.get("ESEAL_ELICENSE_SYNC_SECONDS", 30))
    except DomainError as exc:
        if exc.status != 422:
            raise
        return refused(exc, "set_password")
    flows.clear_choice(db.session, flow())
    return next_step(".licences")


def own_holding(holding_id):
    """A licence of the person identified in this browser, for the enterprise the request names."""
    holding = service.holding_of(db.session, flows.require_holder(db.session, flow()), holding_id)
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
        if exc.code == "licence_syncing":  # 【我知道了】 closes it; the password stays for the next 【确认】
            return refused(exc, "verify", dialog=True, holding=holding)
        exc.fields = exc.fields or {"password": exc.message}  # locked, busy: said beside the field as well
        return refused(exc, "verify", holding=holding)
    flows.mark_verified(db.session, flow())
    return next_step(".success")


@blp.route("/licences/<int:holding_id>/delete", methods=["GET", "POST"])
def delete_licence(holding_id):
    """删除执照, after a confirmation (the page's dialog, or this page without script)."""
    person = flows.require_holder(db.session, flow())
    holding = service.holding_of(db.session, person, holding_id)
    if request.method == "GET":
        return page("delete", holding=holding)
    service.delete_licence(db.session, licence_app().throttles, person, holding_id)
    flows.forget_verification(db.session, flow())
    g.elicense["notice"] = "licence_deleted"
    return next_step(".licences")


@blp.get("/success")
def success():
    person = flows.holder_of(db.session, flow())
    holding = person and service.holding_for(db.session, person, flow().request["credit_code"])
    if not flow().verified or holding is None:
        return redirect(url_for(".licences"), 303)
    return page("success", holding=holding)


def back_to_a(outcome):
    """The flow's one result, signed, carried back to the registered redirect URI."""
    request_ = flows.finish(db.session, flow(), outcome, now())
    licence = licence_app()
    token = jump_tokens.issue_result(licence.key_ring, issuer=licence.issuer, audience=request_["iss"],
                                     subject=request_["sub"], credit_code=request_["credit_code"],
                                     purpose=request_["purpose"], outcome=outcome, nonce=request_["nonce"],
                                     state=request_["state"], now=now(), ttl_seconds=ttl(),
                                     binding=(request_.get("stamp") or {}).get("binding"))
    g.elicense.pop("flow", None)
    uri = request_["redirect_uri"]
    return redirect(uri + ("&" if "?" in uri else "?") + urlencode({"result": token}), 303)


@blp.post("/return")
def return_to_a():
    return back_to_a("verified")


@blp.post("/cancel")
def cancel():
    return back_to_a("cancelled")

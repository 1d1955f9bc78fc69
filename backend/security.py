"""Request guards: JSON only, no cross-origin writes; cookie flags; the login loader."""
from urllib.parse import urlsplit

from flask import request
from flask.sessions import SecureCookieSessionInterface

from .api import common
from .extensions import db, login_manager
from .services import accounts
from .services.errors import DomainError

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _same_origin(origin):
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.scheme}://{request.host}"


def guard_api_writes():
    """A write to the API must be JSON and must not come from another site."""
    if request.method not in UNSAFE or not request.path.startswith("/api/"):
        return
    origin = request.headers.get("Origin")
    if (origin and not _same_origin(origin)) or request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise DomainError("cross_origin", "拒绝来自其他网站的请求", status=403)
    if request.mimetype != "application/json":
        raise DomainError("unsupported_media_type", "请以 JSON 格式提交", status=415)


class SessionInterface(SecureCookieSessionInterface):
    """Secure cookies except for a loopback host, unless ESEAL_COOKIE_SECURE says otherwise."""

    def get_cookie_secure(self, app):
        setting = str(app.config.get("ESEAL_COOKIE_SECURE", "auto")).lower()
        if setting in {"1", "true", "yes", "on"}:
            return True
        if setting in {"0", "false", "no", "off"}:
            return False
        return urlsplit(f"//{request.host}").hostname not in LOOPBACK if request else False


def register_security(app):
    app.session_interface = SessionInterface()
    app.before_request(guard_api_writes)
    login_manager.init_app(app)

    @login_manager.user_loader
    def _load(session_id):
        return accounts.load_session(db.session, session_id, common.now())

    @login_manager.unauthorized_handler
    def _unauthorized():
        raise DomainError("unauthenticated", "请先登录", status=401)

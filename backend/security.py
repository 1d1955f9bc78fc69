"""Request guards: known hosts only, JSON only, no cross-origin writes; cookie flags; the login loader."""
from urllib.parse import urlsplit

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface

from .api import common
from .errors import error_body, page_error
from .extensions import db, login_manager
from .services import accounts
from .services.errors import DomainError

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
UNTRUSTED_HOST = "请求的网站地址不正确，请通过平台的正式网址访问"
# The writes that take a file (multipart/form-data) instead of JSON: 验章 of a file or a seal file, 用印's PDF.
UPLOAD_ENDPOINTS = frozenset({"verify.document", "verify.seal", "stamping.upload"})
PROBES = {"/healthz", "/readyz"}  # answered for any host: a load balancer probes by address; no URL is built


def trusted_hosts(config):
    """ESEAL_TRUSTED_HOSTS, else the host of ESEAL_PUBLIC_URL and the loopback names (lowercase, no port)."""
    configured = config.get("ESEAL_TRUSTED_HOSTS")
    if isinstance(configured, str):
        configured = configured.split(",")
    if not configured:
        configured = [urlsplit(config.get("ESEAL_PUBLIC_URL") or "").hostname or "", *sorted(LOOPBACK)]
    return list(dict.fromkeys(name for name in map(_bare_name, configured) if name))


def _bare_name(host):
    """'Eseal.Example:443' → 'eseal.example', '[::1]:5000' and '::1' → '::1', '.example.cn' stays a suffix."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def host_is_trusted(host, trusted):
    """A Host value (as request.host gives it; "" when Werkzeug found it malformed) names a trusted host."""
    name = _bare_name(host) if host else ""
    return bool(name) and any(name == t or (t.startswith(".") and name.endswith(t)) for t in trusted)


def refuse_untrusted_hosts():
    """A Host header (or X-Forwarded-Host behind ProxyFix) naming another site: 400, before any view,
    redirect or URL is built from it. (Flask's TRUSTED_HOSTS cannot name an IPv6 address such as ::1.)"""
    if request.path in PROBES:
        return None
    if host_is_trusted(request.host, current_app.extensions["eseal_trusted_hosts"]):
        return None
    if request.path.startswith("/api/"):
        return error_body("untrusted_host", UNTRUSTED_HOST), 400
    return page_error(400, UNTRUSTED_HOST)


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
    if request.mimetype == "multipart/form-data" and request.endpoint in UPLOAD_ENDPOINTS:
        return
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
    app.extensions["eseal_trusted_hosts"] = trusted_hosts(app.config)
    app.before_request(refuse_untrusted_hosts)
    app.session_interface = SessionInterface()
    app.before_request(guard_api_writes)
    login_manager.init_app(app)

    @login_manager.user_loader
    def _load(session_id):
        return accounts.load_session(db.session, session_id, common.now())

    @login_manager.unauthorized_handler
    def _unauthorized():
        raise DomainError("unauthenticated", "请先登录", status=401)

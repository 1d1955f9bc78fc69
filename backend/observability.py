"""Production serving: trusted proxies, request ids, one JSON access-log line, health probes, DB outages."""
import json
import logging
import re
import sys
import time
import uuid

from flask import Blueprint, g, request
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import HTTP_MESSAGES, error_body, page_error
from .extensions import db

access_log = logging.getLogger("eseal.access")
error_log = logging.getLogger("eseal.errors")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
RETRY_AFTER_SECONDS = "5"
blp = Blueprint("ops", __name__)


def register_proxy_fix(app):
    """ESEAL_PROXY_FIX = how many proxies in front of us to trust for X-Forwarded-*; 0 ignores them."""
    hops = int(app.config.get("ESEAL_PROXY_FIX") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def request_id():
    """The caller's X-Request-ID when it is a sane token, else a fresh one; fixed for the request."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def _start():
    g.request_started = time.perf_counter()
    request_id()


def _finish(response):
    response.headers.setdefault("X-Request-ID", request_id())
    started = g.get("request_started")
    # request.path has no query string: tokens travel there and must never reach a log.
    access_log.info(json.dumps({
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "request_id": request_id(),
        "remote_addr": request.remote_addr,
    }, ensure_ascii=False))
    return response


QUERY = re.compile(r"\?[^\s\"]*")


class NoQueryStrings(logging.Filter):
    """The development server logs whole request lines; their query strings can carry one-time tokens."""

    def filter(self, record):
        if record.args:
            record.args = tuple(QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args)
        return True


def _configure_access_log(app):
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoQueryStrings) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(NoQueryStrings())
    if access_log.level == logging.NOTSET:
        access_log.setLevel(logging.INFO)
    if app.config.get("ESEAL_ACCESS_LOG") and not access_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.propagate = False


def unavailable(as_json=False):
    code, message = HTTP_MESSAGES[503]
    headers = {"Retry-After": RETRY_AFTER_SECONDS}
    if as_json or request.path.startswith("/api/"):
        return error_body(code, message), 503, headers
    body, status = page_error(503, message)
    return body, status, headers


def _database_down(exc, as_json=False):
    """A lost or refused database connection is an outage to wait out (503), not a bug (500)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    error_log.error("database unavailable: %s (request_id=%s)", type(getattr(exc, "orig", None) or exc).__name__, request_id())
    return unavailable(as_json)


@blp.get("/healthz")
def healthz():
    return {"status": "ok"}


@blp.get("/readyz")
def readyz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return _database_down(exc, as_json=True)
    return {"status": "ready"}


def register_observability(app):
    """Runs before the other hooks, so every request (even a refused one) has an id and a log line."""
    register_proxy_fix(app)
    _configure_access_log(app)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(InterfaceError, _database_down)
    app.register_blueprint(blp)

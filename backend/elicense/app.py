"""The 电子营业执照 app as its own process on its own origin.

    ESEAL_ID_HASH_KEY=… ELICENSE_PEER_JWKS_URL=http://127.0.0.1:5000/api/jwks.json \\
    ELICENSE_CLIENT_REDIRECT_URI=http://127.0.0.1:5000/api/elicense/callback \\
    .venv/bin/flask --app "backend.elicense.app:create_elicense_app()" run -p 5001

It reads the enterprise register from the same database (ESEAL_DATABASE_URL) and must hash ID
numbers with the same ESEAL_ID_HASH_KEY as the e-seal app; its cookie and signing keys are its own.
"""
import os
import secrets
from datetime import UTC, datetime

from flask import Flask, redirect

from ..config import INSTANCE, Config
from ..extensions import db
from ..headers import register_headers
from ..observability import register_observability
from ..services.peer_keys import RemoteJwks, fetch_json
from ..services.throttles import throttles_for
from .keys import licence_key_ring
from .wiring import init_licence_app


class ElicenseConfigError(RuntimeError):
    pass


def _setting(app, name, default=None):
    value = app.config.get(name) or os.environ.get(name) or default
    if value is None:
        raise ElicenseConfigError(f"电子营业执照应用缺少配置 {name} (missing setting {name}); see backend/elicense/app.py")
    return value


def create_elicense_app(config=None):
    app = Flask("elicense", instance_path=str(INSTANCE), static_folder=None)
    app.config.from_object(Config)
    app.config.update(config or {})
    app.config["SECRET_KEY"] = _setting(app, "ELICENSE_SECRET_KEY", secrets.token_urlsafe(32))
    app.config["ESEAL_ID_HASH_KEY"] = _setting(app, "ESEAL_ID_HASH_KEY")
    client = _setting(app, "ELICENSE_CLIENT_ID", app.config["ESEAL_CLIENT_ID"])
    app.config["ELICENSE_CLIENT_REDIRECT_URI"] = _setting(app, "ELICENSE_CLIENT_REDIRECT_URI")
    register_observability(app)  # as the e-seal app: ProxyFix, request ids, access log, /healthz, /readyz, 503
    register_headers(app, ("ELICENSE_CLIENT_REDIRECT_URI",))  # forms may lead back to the e-seal app
    db.init_app(app)
    from . import models  # noqa: F401
    ring = licence_key_ring(app.config["ESEAL_KEY_DIR"], datetime.now(UTC), app.config["ESEAL_JUMP_TTL_SECONDS"])
    init_licence_app(
        app, key_ring=ring, peer_keys=RemoteJwks(_setting(app, "ELICENSE_PEER_JWKS_URL"), fetch_json),
        clients={client: [app.config["ELICENSE_CLIENT_REDIRECT_URI"]]},
        # Wrong-password counts and locks: Redis when ESEAL_REDIS_URL is set, else the shared database.
        throttles=throttles_for(app.config.get("ESEAL_REDIS_URL"), prefix="elicense:"))
    app.add_url_rule("/", "root", lambda: redirect("/elicense/"))
    return app


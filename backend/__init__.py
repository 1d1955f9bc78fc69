"""The 一网通 e-seal app: create_app(config=None) wires the pieces together."""
import os
import secrets

from flask import Flask

from .config import INSTANCE, Config
from .headers import register_headers
from .observability import register_observability
from .parsing import register_parsing
from .pki_wiring import register_pki
from .routing import DatabaseInt


def create_app(config=None):
    app = Flask(__name__, instance_path=str(INSTANCE), static_folder=None)
    app.url_map.converters["int"] = DatabaseInt  # before any route: ids beyond the column are 404
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _ensure_secret_key(app)
    _check_seal_font(app)
    app.json.ensure_ascii = False
    register_observability(app)
    register_headers(app)
    register_extensions(app)
    register_pki(app)
    register_parsing(app)  # after the write guards: a cross-site or non-JSON write is refused unread
    register_blueprints(app)
    register_cli(app)
    return app


def _ensure_secret_key(app):
    """Without ESEAL_SECRET_KEY, a random key kept in instance/ (0600) survives restarts."""
    if app.config.get("SECRET_KEY"):
        return
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    app.config["SECRET_KEY"] = path.read_text().strip()


def _check_seal_font(app):
    """Seal pictures need a CJK serif face: fail at start-up, clearly, rather than draw empty boxes."""
    from .imaging import default_font_path, load_font
    path = app.config.get("ESEAL_SEAL_FONT") or default_font_path()
    load_font(path, 32)  # raises SealFontError naming the path and the Debian package
    app.config["ESEAL_SEAL_FONT"] = path


def register_extensions(app):
    from . import models  # noqa: F401  (tables known to Alembic)
    from .elicense import models as _elicense_models  # noqa: F401
    from .extensions import compress, db, migrate
    from .security import register_security
    db.init_app(app)
    from .database import register_database
    register_database(app, db)
    compress.init_app(app)
    migrate.init_app(app, db, directory=str(INSTANCE.parent / "migrations"))
    register_security(app)
    from .cache import register_cache
    from .services.throttles import throttles_for
    register_cache(app)
    # SMS resend slots: Redis when ESEAL_REDIS_URL is set, else the database (services/throttles.py)
    app.extensions["eseal_throttles"] = throttles_for(app.config.get("ESEAL_REDIS_URL"))


def register_blueprints(app):
    from . import web
    from .api import register_api
    from .errors import EsealApi, register_error_handlers
    api = EsealApi(app)
    register_api(api, app.config)
    register_error_handlers(app)
    app.register_blueprint(web.blp)
    from .api import pki
    app.register_blueprint(pki.blp)  # /pki/: DER certificates and CRLs, not part of the JSON API
    app.extensions["eseal_api"] = api
    from .jump import register_jump
    register_jump(app)


def register_cli(app):
    from .cli import register_commands
    register_commands(app)

"""Wiring of the jump between the two apps: key rings, the mounted licence app, whose keys to trust."""
from datetime import UTC, datetime
from pathlib import Path

from .services.peer_keys import RemoteJwks, fetch_json
from .services.signing_keys import KeyRing
from .services.throttles import throttles_for

CALLBACK_PATH = "/api/elicense/callback"


def callback_url(config):
    return config["ESEAL_PUBLIC_URL"].rstrip("/") + CALLBACK_PATH


def set_public_url(app, url):
    """Where this app is reached; the licence app registers exactly this callback for our client id."""
    app.config["ESEAL_PUBLIC_URL"] = url
    if "ELICENSE_CLIENTS" in app.config:
        app.config["ELICENSE_CLIENTS"] = {app.config["ESEAL_CLIENT_ID"]: [callback_url(app.config)]}


def register_jump(app):
    """Our signing keys; the licence app mounted at /elicense, or its JWKS fetched from its own origin."""
    config, now = app.config, datetime.now(UTC)
    ttl = config["ESEAL_JUMP_TTL_SECONDS"]
    ring = KeyRing.load_or_create(Path(config["ESEAL_KEY_DIR"]), "eseal", now, ttl_seconds=ttl)
    app.extensions["eseal_key_ring"] = ring
    if config.get("ESEAL_ELICENSE_URL"):
        app.extensions["elicense_keys"] = RemoteJwks(config["ESEAL_ELICENSE_JWKS_URL"], fetch_json)
        return
    from .elicense.views import blp
    licence_ring = KeyRing.load_or_create(Path(config["ESEAL_KEY_DIR"]), "elicense", now, ttl_seconds=ttl)
    config.setdefault("ELICENSE_KEY_RING", licence_ring)
    config.setdefault("ELICENSE_PEER_KEYS", ring.public_keys)
    config["ELICENSE_CLIENTS"] = {config["ESEAL_CLIENT_ID"]: [callback_url(config)]}
    app.extensions["elicense_keys"] = config["ELICENSE_KEY_RING"].public_keys
    app.extensions["elicense_throttles"] = throttles_for(config.get("ESEAL_REDIS_URL"), prefix="elicense:")
    app.register_blueprint(blp)


def elicense_base(config):
    return (config.get("ESEAL_ELICENSE_URL") or "/elicense").rstrip("/")


def licence_app_keys(app):
    keys = app.extensions["elicense_keys"]
    return keys() if callable(keys) else keys

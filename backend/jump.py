"""Wiring of the jump between the two apps, done once: key rings, the jump service, the mounted licence app."""
from datetime import UTC, datetime
from pathlib import Path

from .context import JUMP_SUBJECT, purpose_key
from .services.jump_service import JumpService
from .services.peer_keys import RemoteJwks, fetch_json
from .services.signing_keys import KeyRing
from .services.throttles import throttles_for

CALLBACK_PATH = "/api/elicense/callback"


def callback_url(config):
    return config["ESEAL_PUBLIC_URL"].rstrip("/") + CALLBACK_PATH


def set_public_url(app, url):
    """Where this app is reached; the licence app registers exactly this callback for our client id."""
    app.config["ESEAL_PUBLIC_URL"] = url
    app.extensions["eseal_jump"].callback_url = callback_url(app.config)
    if "ELICENSE_CLIENTS" in app.config:
        app.config["ELICENSE_CLIENTS"] = {app.config["ESEAL_CLIENT_ID"]: [callback_url(app.config)]}


def register_jump(app):
    """Our signing keys and the jump service; the licence app mounted at /elicense, or its JWKS fetched."""
    config, now = app.config, datetime.now(UTC)
    ttl = config["ESEAL_JUMP_TTL_SECONDS"]
    ring = KeyRing.load_or_create(Path(config["ESEAL_KEY_DIR"]), "eseal", now, ttl_seconds=ttl)
    app.extensions["eseal_key_ring"] = ring
    if config.get("ESEAL_ELICENSE_URL"):
        licence_keys = RemoteJwks(config["ESEAL_ELICENSE_JWKS_URL"], fetch_json)
    else:
        licence_keys = _mount_licence_app(app, ring, now, ttl)
    with app.app_context():
        subject_key = purpose_key(JUMP_SUBJECT)
    app.extensions["eseal_jump"] = JumpService(
        key_ring=ring, licence_keys=licence_keys, client_id=config["ESEAL_CLIENT_ID"],
        licence_issuer=config["ELICENSE_ISSUER"], callback_url=callback_url(config),
        licence_url=elicense_base(config), ttl_seconds=ttl, subject_key=subject_key)


def _mount_licence_app(app, ring, now, ttl):
    """The licence app at /elicense of this server, trusting our ring; answers its public keys."""
    config = app.config
    from .elicense.keys import licence_key_ring
    from .elicense.wiring import init_licence_app
    licence = init_licence_app(app, key_ring=licence_key_ring(config["ESEAL_KEY_DIR"], now, ttl),
                               peer_keys=ring.public_keys,
                               clients={config["ESEAL_CLIENT_ID"]: [callback_url(config)]},
                               throttles=throttles_for(config.get("ESEAL_REDIS_URL"), prefix="elicense:"))
    return licence.key_ring.public_keys


def elicense_base(config):
    return (config.get("ESEAL_ELICENSE_URL") or "/elicense").rstrip("/")

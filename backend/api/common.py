"""Small helpers the blueprints share: the clock, keys, the current user."""
import hashlib
from datetime import UTC, datetime

from flask import current_app
from flask_login import current_user

from ..extensions import db
from ..services.errors import DomainError


def now():
    clock = current_app.config.get("ESEAL_CLOCK")
    return clock() if clock else datetime.now(UTC)


def id_key():
    """Key of the keyed hash of ID numbers and SMS codes."""
    configured = current_app.config.get("ESEAL_ID_HASH_KEY")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"eseal-id-hash:" + current_app.config["SECRET_KEY"].encode()).digest()


def throttles():
    """The shared throttles: Redis when ESEAL_REDIS_URL is set, else the database (services/throttles.py)."""
    return current_app.extensions["eseal_throttles"]


def session():
    return db.session


def user():
    """The logged-in user, or a 401 in our error body."""
    if not current_user.is_authenticated:
        raise DomainError("unauthenticated", "请先登录", status=401)
    return current_user._get_current_object()

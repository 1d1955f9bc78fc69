"""Small helpers the blueprints share: the clock, keys, the current user."""
from flask import current_app
from flask_login import current_user

from ..context import id_key, now  # noqa: F401  (the views' clock and hash key)
from ..extensions import db
from ..services.errors import DomainError


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

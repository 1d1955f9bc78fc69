"""App B's own cookie: random ids only (its flow, its login), the CSRF token and a notice's key, separately signed.

Flask has one session cookie per app, not per blueprint, hence a cookie of its own. What the ids stand
for lives on the server (flows.py), so a saved copy of the cookie is worth nothing once its flow ends.
"""
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..context import ELICENSE_COOKIE, derive_key

COOKIE_NAME = "elicense_session"
SALT = "elicense-session"
MAX_AGE_SECONDS = 7 * 24 * 3600
FIELDS = ("csrf", "flow", "login", "notice")  # notice: a key of views.NOTICES, shown once


def _serializer(secret_key):
    # B's own key (HKDF for its purpose), so that A's session cookie and B's can never be swapped.
    return URLSafeTimedSerializer(derive_key(secret_key, ELICENSE_COOKIE), salt=SALT)


def new_csrf():
    return secrets.token_urlsafe(24)


def load(secret_key, raw):
    """The ids in the cookie, or a fresh state with a new CSRF token when absent, forged or too old.

    Anything else an older cookie carried (the claims of a jump, say) is dropped, never trusted.
    """
    state = None
    if raw:
        try:
            state = _serializer(secret_key).loads(raw, max_age=MAX_AGE_SECONDS)
        except BadSignature:
            state = None
    if not isinstance(state, dict) or not isinstance(state.get("csrf"), str):
        return {"csrf": new_csrf()}
    return {name: state[name] for name in FIELDS if isinstance(state.get(name), str)}


def dump(secret_key, state):
    return _serializer(secret_key).dumps({name: state[name] for name in FIELDS if name in state})


def csrf_ok(state, submitted):
    return isinstance(submitted, str) and hmac.compare_digest(state["csrf"].encode(), submitted.encode())

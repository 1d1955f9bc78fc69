"""App B's own session: a separately signed cookie, since Flask has one session cookie per app, not per blueprint."""
import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "elicense_session"
SALT = "elicense-session"
MAX_AGE_SECONDS = 7 * 24 * 3600


def _serializer(secret_key):
    # B's own key, derived so that A's session cookie and B's can never be swapped for each other.
    key = hashlib.sha256(b"elicense-cookie:" + secret_key.encode()).hexdigest()
    return URLSafeTimedSerializer(key, salt=SALT)


def load(secret_key, raw):
    """The state in the cookie, or a fresh one with a new CSRF token when absent, forged or too old."""
    state = None
    if raw:
        try:
            state = _serializer(secret_key).loads(raw, max_age=MAX_AGE_SECONDS)
        except BadSignature:
            state = None
    if not isinstance(state, dict) or not isinstance(state.get("csrf"), str):
        state = {"csrf": secrets.token_urlsafe(24)}
    return state


def dump(secret_key, state):
    return _serializer(secret_key).dumps(state)


def csrf_ok(state, submitted):
    return isinstance(submitted, str) and hmac.compare_digest(state["csrf"].encode(), submitted.encode())

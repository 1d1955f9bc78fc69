"""Settings, read from ESEAL_* environment variables; tests pass their own mapping."""
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _env(name, default=None):
    return os.environ.get(f"ESEAL_{name}", default)


def _flag(name, default=False):
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name, default):
    value = _env(name)
    return default if value in (None, "") else int(value)


def _list(name):
    """A comma-separated setting as a list; None when unset."""
    value = _env(name)
    return None if value is None else [item.strip() for item in value.split(",") if item.strip()]


def _rate(name, default):
    """A "count/seconds" setting (e.g. "20/3600": 20 an hour) as (count, seconds)."""
    count, seconds = (_env(name) or default).split("/")
    return int(count), int(seconds)


def _database_url(url):
    # psycopg 3 is the PostgreSQL driver; accept the plain scheme too.
    if url and url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if url and url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://"):]
    return url


class Config:
    """Values read once, when the class body runs at import."""

    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(_env("DATABASE_URL")) or f"sqlite:///{INSTANCE / 'eseal.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    ESEAL_DEMO = _flag("DEMO", False)
    ESEAL_OPERATOR_TOKEN = _env("OPERATOR_TOKEN") or None
    ESEAL_PORT = _int("PORT", 5000)
    ESEAL_ELICENSE_SYNC_SECONDS = _int("ELICENSE_SYNC_SECONDS", 30)
    ESEAL_JUMP_TTL_SECONDS = _int("JUMP_TTL_SECONDS", 300)
    # Keyed hash of ID numbers; defaults to a key derived from SECRET_KEY.
    ESEAL_ID_HASH_KEY = _env("ID_HASH_KEY")
    # "auto": Secure cookie unless the request is for a loopback host.
    ESEAL_COOKIE_SECURE = _env("COOKIE_SECURE", "auto")
    ESEAL_SEAL_FONT = _env("SEAL_FONT")
    # The jump to the 电子营业执照 app
    ESEAL_CLIENT_ID = _env("CLIENT_ID", "eseal-h5")
    # This app's external address: the callback registered with the licence app is built from it.
    ESEAL_PUBLIC_URL = _env("PUBLIC_URL") or f"http://127.0.0.1:{_int('PORT', 5000)}"
    # The licence app: mounted at /elicense of this server unless ESEAL_ELICENSE_URL names another origin,
    # whose keys are then fetched from ESEAL_ELICENSE_JWKS_URL.
    ESEAL_ELICENSE_URL = _env("ELICENSE_URL")
    ESEAL_ELICENSE_JWKS_URL = _env("ELICENSE_JWKS_URL")
    ESEAL_KEY_DIR = _env("KEY_DIR") or str(INSTANCE / "keys")
    # Redis, when set: the seal-picture cache, SMS resend slots and licence-password lockouts, shared by
    # every worker and host. Unset: the same counters live in the database (table throttles).
    ESEAL_REDIS_URL = _env("REDIS_URL")
    # Production serving: how many reverse proxies to trust for X-Forwarded-* (0 = none, ignore them);
    # one JSON line per request on the "eseal.access" logger, written to stderr unless turned off.
    ESEAL_PROXY_FIX = _int("PROXY_FIX", 0)
    ESEAL_ACCESS_LOG = _flag("ACCESS_LOG", True)
    # Host names this app answers to (comma-separated; ".example.cn" admits its subdomains); any other
    # Host is refused with 400. Unset: the host of ESEAL_PUBLIC_URL and localhost, 127.0.0.1, ::1.
    ESEAL_TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    # Abuse limits per client address and per account, "count/seconds" in a fixed window (429 past it).
    ESEAL_SMS_PER_ADDRESS = _rate("SMS_PER_ADDRESS", "20/3600")              # login codes sent
    ESEAL_LOGIN_WRONG_PER_ADDRESS = _rate("LOGIN_WRONG_PER_ADDRESS", "20/3600")  # wrong codes, any phone
    ESEAL_LOGIN_TRIES_PER_ADDRESS = _int("LOGIN_TRIES_PER_ADDRESS", 3)       # at one code: below its 5 tries
    ESEAL_REALNAME_PER_ACCOUNT = _rate("REALNAME_PER_ACCOUNT", "5/86400")    # 实名认证 checks started
    ESEAL_REALNAME_PER_ADDRESS = _rate("REALNAME_PER_ADDRESS", "20/86400")
    ESEAL_VERIFY_PER_ADDRESS = _rate("VERIFY_PER_ADDRESS", "60/3600")       # 验章 (POST /api/verify, …/seal)
    # 验章 of a PDF runs in worker processes (at most this many per web process), each stopped past the time limit.
    ESEAL_VERIFY_TIMEOUT_SECONDS = _int("VERIFY_TIMEOUT_SECONDS", 30)
    ESEAL_VERIFY_WORKERS = _int("VERIFY_WORKERS", 2)
    # Seals as signed objects (docs/pki.md): the maker signs seal objects with ECDSA P-256 ("ecdsa") or SM2 with
    # SM3 ("sm2"); seal certificates last the seal's validity; CRLs are issued for this many hours at a time.
    ESEAL_SEAL_ALGORITHM = _env("SEAL_ALGORITHM", "ecdsa")
    ESEAL_SEAL_VALIDITY_YEARS = _int("SEAL_VALIDITY_YEARS", 5)
    ESEAL_CRL_HOURS = _int("CRL_HOURS", 168)
    # The key store: a PKCS#11 token when ESEAL_PKCS11_MODULE is set, else key files wrapped (AES-GCM) under
    # ESEAL_SEAL_KEK (base64 of 32 bytes), or under a key generated into ESEAL_KEY_DIR/seal_kek (0600) without it.
    ESEAL_SEAL_KEK = _env("SEAL_KEK")
    ESEAL_PKCS11_MODULE = _env("PKCS11_MODULE")
    ESEAL_PKCS11_TOKEN_LABEL = _env("PKCS11_TOKEN_LABEL", "eseal")
    ESEAL_PKCS11_SLOT = _env("PKCS11_SLOT")
    ESEAL_PKCS11_PIN = _env("PKCS11_PIN")
    # 用印: where uploaded and signed PDFs live, and how many days a signed file is kept (its 用印记录 stays)
    ESEAL_STAMP_DIR = _env("STAMP_DIR") or str(INSTANCE / "stamping")
    ESEAL_STAMP_KEEP_DAYS = _int("STAMP_KEEP_DAYS", 7)
    # Personal data is purged (flask --app backend purge) this many days after it is done with.
    ESEAL_RETENTION_DAYS = _int("RETENTION_DAYS", 30)
    ELICENSE_ISSUER = "elicense"
    SMS_CODE_TTL_SECONDS = 300
    SMS_RESEND_SECONDS = 60
    SMS_MAX_ATTEMPTS = 5
    SESSION_COOKIE_NAME = "eseal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 7 * 24 * 3600
    # The login session ends at a fixed time (auth_sessions.expires_at, set at login), so the cookie is
    # written only when its content changes, not re-signed on every response.
    SESSION_REFRESH_EACH_REQUEST = False
    # flask-smorest / OpenAPI
    API_TITLE = "电子印章 API"
    API_VERSION = "1.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    # A larger request body is refused (413) before it is read: this API's JSON bodies are a few hundred bytes.
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Flask-Compress: whole bodies only (a streamed file would be left open by its chunk compressor)
    COMPRESS_STREAMS = False


class TestConfig(Config):
    TESTING = True
    ESEAL_KEY_DIR = tempfile.mkdtemp(prefix="eseal-test-keys-")
    ESEAL_STAMP_DIR = tempfile.mkdtemp(prefix="eseal-test-stamping-")
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("ESEAL_TEST_DATABASE_URL")) or "sqlite://"
    ESEAL_DEMO = True
    ESEAL_OPERATOR_TOKEN = "test-operator-token"
    ESEAL_ELICENSE_SYNC_SECONDS = 0
    ESEAL_ACCESS_LOG = False
    # The suite's requests name these hosts (the test client's default is localhost).
    ESEAL_TRUSTED_HOSTS = ["localhost", "127.0.0.1", "::1", "eseal.example", "eseal.example.cn"]
    # The login tests try one code five times from the one test client; tests/api/test_abuse_* set the default.
    ESEAL_LOGIN_TRIES_PER_ADDRESS = 5

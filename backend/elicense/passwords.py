"""Licence passwords: six digits, stored only as a salted scrypt hash ("scrypt$n$r$p$salt$hash").

A six-digit password has only a million values, so the hash must be costly: scrypt with N = 2**17,
r = 8, p = 1 (OWASP's minimum for scrypt): 128 MiB and about 0.4 s of one core per hash. Each
hash keeps its own parameters, so older hashes still verify and are re-hashed at the next right
password (needs_rehash). ELICENSE_SCRYPT_LOG2_N lowers N for test runs only (never below 2**14).
"""
import base64
import hashlib
import hmac
import os
import re
import secrets
import threading

N, R, P = 2 ** max(14, int(os.environ.get("ELICENSE_SCRYPT_LOG2_N") or 17)), 8, 1
MAX_MEMORY = 256 * 1024 * 1024  # scrypt needs 128 × r × N bytes: 128 MiB at N = 2**17; refuse more than this
_SIX_DIGITS = re.compile(r"[0-9]{6}")  # ASCII only: \d would accept full-width digits


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_problem(password):
    """None when the password is exactly six ASCII digits, else the Chinese reason."""
    if not isinstance(password, str) or not _SIX_DIGITS.fullmatch(password):
        return "执照密码应为6位数字"
    return None


# One hash at a time per process: with workers ≈ cores, as many hashes run as there are cores, each
# with its 128 MiB in cache and memory bandwidth to itself. More at once (threads) would make each of
# them slower and the memory per host unbounded (threads × 128 MiB); the others wait their turn.
_ONE_AT_A_TIME = threading.Lock()


def _derive(password, salt, n, r, p):
    with _ONE_AT_A_TIME:
        return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=MAX_MEMORY)


def hash_password(password):
    salt = secrets.token_bytes(16)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, N, R, P))}"


def check_password(password, stored):
    """Constant-time comparison of the derived key; a malformed stored value never matches."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        derived = _derive(password if isinstance(password, str) else "", _unb64(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(derived, _unb64(expected))


def needs_rehash(stored):
    """True when the stored hash is weaker than the current parameters (re-hash at the next right password)."""
    try:
        scheme, n, r, p, _salt, _hash = stored.split("$")
        return scheme != "scrypt" or (int(n), int(r), int(p)) < (N, R, P)
    except ValueError:
        return True

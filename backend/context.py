"""What both apps read from the running app: the clock and the keys derived from the master secret."""
from datetime import UTC, datetime
from functools import lru_cache

from flask import current_app

# The purposes of the keys derived from SECRET_KEY (docs/deploy.md lists each key and its setting).
ID_DIGEST = "id-digest"              # keyed hash of ID numbers, unless ESEAL_ID_HASH_KEY is set
SMS_CODE_DIGEST = "sms-code-digest"  # keyed hash of SMS login codes
SEAL_IMAGE_URL = "seal-image-url"    # signatures of seal picture URLs
JUMP_SUBJECT = "jump-subject"        # the pseudonymous user id (sub) the licence app is told
ELICENSE_COOKIE = "elicense-cookie"  # the licence app's own cookie signature
STAMP_CODE_DIGEST = "stamp-code-digest"  # keyed hash of the SMS codes that confirm a grantee's 用印


@lru_cache(maxsize=64)
def derive_key(master, purpose):
    """HKDF-SHA256 of the master secret for one purpose: one leaked key gives away neither others nor master.

    Derived once per (secret, purpose) in a process: the licence app's cookie asks for it on every request."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"eseal-purpose-keys",
                info=purpose.encode()).derive(master.encode())


def now():
    clock = current_app.config.get("ESEAL_CLOCK")
    return clock() if clock else datetime.now(UTC)


def id_key():
    """Key of the keyed hash of ID numbers (shared by both apps, so that they match the same person).

    ESEAL_ID_HASH_KEY when set (the standalone licence app requires it); else derived for its purpose.
    """
    configured = current_app.config.get("ESEAL_ID_HASH_KEY")
    if configured:
        return configured.encode()
    return purpose_key(ID_DIGEST)


def purpose_key(purpose):
    """A key for one purpose (SMS code digests, picture URLs, …), derived from the master secret with HKDF.

    One leaked derived key does not give away the others or the master.
    """
    return derive_key(current_app.config["SECRET_KEY"], purpose)

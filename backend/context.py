"""What both apps read from the running app: the clock and the keyed-hash key (below both apps)."""
import hashlib
from datetime import UTC, datetime

from flask import current_app


def now():
    clock = current_app.config.get("ESEAL_CLOCK")
    return clock() if clock else datetime.now(UTC)


def id_key():
    """Key of the keyed hash of ID numbers (shared by both apps, so that they match the same person)."""
    configured = current_app.config.get("ESEAL_ID_HASH_KEY")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"eseal-id-hash:" + current_app.config["SECRET_KEY"].encode()).digest()


def purpose_key(purpose):
    """A key for one purpose (cookie signing, picture URLs, …), derived from the master secret with HKDF.

    One leaked derived key does not give away the others or the master.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    master = current_app.config["SECRET_KEY"].encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"eseal-purpose-keys",
                info=purpose.encode()).derive(master)

"""App B's signing keys: its own Ed25519 key ring on disk, named "elicense" (no Flask here)."""
from pathlib import Path

from ..services.signing_keys import KeyRing

RING_NAME = "elicense"


def licence_key_ring(key_dir, now, ttl_seconds):
    """B's KeyRing in ``key_dir`` (ESEAL_KEY_DIR); created on first use, safe when several workers start together."""
    return KeyRing.load_or_create(Path(key_dir), RING_NAME, now, ttl_seconds=ttl_seconds)

"""App B's signing keys: its own Ed25519 key ring on disk, named "elicense" (no Flask here)."""
from pathlib import Path

from ..services.signing_keys import KeyRing

RING_NAME = "elicense"


def elicense_key_ring(instance_path, now, ttl_seconds):
    """B's KeyRing in ``<instance>/keys``; created on first use, safe when several workers start together."""
    return KeyRing.load_or_create(Path(instance_path) / "keys", RING_NAME, now, ttl_seconds=ttl_seconds)

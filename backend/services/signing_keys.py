"""Ed25519 signing keys of the jump tokens: our own key ring on disk (the peer's: peer_keys.py)."""
import base64
import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DEFAULT_TTL_SECONDS = 300


def _system_clock():
    return datetime.now(UTC)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw_public(public_key):
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def thumbprint(public_key):
    """RFC 7638 JWK thumbprint, so a kid names its key and cannot collide by accident."""
    members = {"crv": "Ed25519", "kty": "OKP", "x": b64url(_raw_public(public_key))}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return b64url(hashlib.sha256(canonical).digest())


def public_jwk(kid, public_key):
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(_raw_public(public_key)),
            "kid": kid, "alg": "EdDSA", "use": "sig"}


@dataclass
class RingKey:
    kid: str
    private_key: Ed25519PrivateKey
    created_at: datetime | None = None
    retired_at: datetime | None = None


class KeyRing:
    """Our private keys, newest (signing) first; a retired key verifies for one token lifetime more.

    On disk each key is ``<name>-<kid>.pem`` (PKCS#8, mode 0600) with a sidecar ``<name>-<kid>.json``
    holding ``created_at`` and ``retired_at`` (ISO 8601, UTC); the directory is mode 0700.
    """

    def __init__(self, keys, *, ttl_seconds=DEFAULT_TTL_SECONDS, clock=None, directory=None, name=None):
        if not keys or keys[0].retired_at is not None:
            raise ValueError("a key ring needs a current signing key first")
        self.keys = list(keys)
        self.ttl = timedelta(seconds=ttl_seconds)
        self.clock = clock or _system_clock
        self.directory = directory
        self.name = name

    @property
    def signing_key(self):
        return self.keys[0].private_key

    @property
    def signing_kid(self):
        return self.keys[0].kid

    @classmethod
    def from_private_pems(cls, pems, *, ttl_seconds=DEFAULT_TTL_SECONDS, clock=None):
        """Keys given by configuration: the first signs, the others only verify until removed."""
        keys = [_ring_key(_load_private_pem(pem)) for pem in pems]
        return cls(keys, ttl_seconds=ttl_seconds, clock=clock)

    @classmethod
    def load_or_create(cls, directory, name, now, *, ttl_seconds=DEFAULT_TTL_SECONDS, clock=None):
        """Load ``name``'s keys from ``directory``, creating the first one; safe across processes."""
        directory = Path(directory)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
        with _lock(directory, name):
            keys = _read_keys(directory, name)
            if not any(key.retired_at is None for key in keys):
                keys.append(_create_key(directory, name, now))
            keys = _prune(directory, name, keys, now, timedelta(seconds=ttl_seconds))
        return cls(_newest_first(keys), ttl_seconds=ttl_seconds, clock=clock, directory=directory, name=name)

    def rotate(self, now):
        """Start signing with a fresh key; the previous one is retired now and still verifies for ttl."""
        if self.directory is None:
            raise RuntimeError("keys given by configuration are rotated by changing the configuration")
        with _lock(self.directory, self.name):
            keys = _read_keys(self.directory, self.name)
            fresh = _create_key(self.directory, self.name, now)
            for key in keys:
                if key.retired_at is None:
                    key.retired_at = now
                    _write_sidecar(self.directory, self.name, key)
            keys = _prune(self.directory, self.name, keys + [fresh], now, self.ttl)
        self.keys = _newest_first(keys)
        return fresh.kid

    def _live(self, now):
        now = now or self.clock()
        return [key for key in self.keys if key.retired_at is None or now <= key.retired_at + self.ttl]

    def public_keys(self, now=None):
        """{kid: public key} of the keys a verifier should still accept at ``now``."""
        return {key.kid: key.private_key.public_key() for key in self._live(now)}

    def jwks(self, now=None):
        return {"keys": [public_jwk(key.kid, key.private_key.public_key()) for key in self._live(now)]}


def _ring_key(private_key, created_at=None):
    return RingKey(thumbprint(private_key.public_key()), private_key, created_at)


def _load_private_pem(pem):
    key = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("jump token keys must be Ed25519")
    return key


def _newest_first(keys):
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(keys, key=lambda k: (k.retired_at is None, k.created_at or epoch, k.kid), reverse=True)


@contextmanager
def _lock(directory, name):
    """An flock on ``<name>.lock`` so two workers starting together create one key, not two."""
    fd = os.open(Path(directory) / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _paths(directory, name, kid):
    return directory / f"{name}-{kid}.pem", directory / f"{name}-{kid}.json"


def _read_keys(directory, name):
    keys = []
    for pem_path in sorted(directory.glob(f"{name}-*.pem")):
        key = _ring_key(_load_private_pem(pem_path.read_bytes()))
        if pem_path.name != f"{name}-{key.kid}.pem":
            continue  # another ring whose name starts like ours, e.g. "a-b" beside "a"
        sidecar = _paths(directory, name, key.kid)[1]
        if sidecar.exists():
            meta = json.loads(sidecar.read_text())
            key.created_at, key.retired_at = (datetime.fromisoformat(meta[field]) if meta.get(field) else None
                                              for field in ("created_at", "retired_at"))
        else:
            key.created_at = datetime.fromtimestamp(pem_path.stat().st_mtime, UTC)
        keys.append(key)
    return keys


def _write_private(path, data):
    """Write a secret atomically: exclusive 0600 temporary file, then rename, so no torn key is read."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)  # we hold the ring's lock: a leftover is from a crashed writer
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _write_sidecar(directory, name, key):
    meta = {"kid": key.kid, "created_at": key.created_at and key.created_at.isoformat(),
            "retired_at": key.retired_at and key.retired_at.isoformat()}
    _write_private(_paths(directory, name, key.kid)[1], json.dumps(meta).encode())


def _create_key(directory, name, now):
    key = _ring_key(Ed25519PrivateKey.generate(), created_at=now)
    pem = key.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    _write_sidecar(directory, name, key)
    _write_private(_paths(directory, name, key.kid)[0], pem)  # the PEM last: its presence commits
    return key


def _prune(directory, name, keys, now, ttl):
    """Delete keys retired longer than a token lifetime ago: nothing they signed is valid any more."""
    kept = []
    for key in keys:
        if key.retired_at is not None and now > key.retired_at + ttl:
            for path in _paths(directory, name, key.kid):
                path.unlink(missing_ok=True)
        else:
            kept.append(key)
    return kept

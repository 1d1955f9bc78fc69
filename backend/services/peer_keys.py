"""The peer app's Ed25519 public keys, learned from its JWKS (given, or fetched over HTTP and cached)."""
import threading
from collections.abc import Mapping
from datetime import timedelta

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .errors import DomainError
from .signing_keys import _b64url_decode, _raw_public, _system_clock


class KeysUnavailable(DomainError):
    """The peer's JWKS could not be fetched and nothing usable is cached."""

    def __init__(self):
        super().__init__("jwks_unavailable", "暂时无法获取对方应用的验签公钥，请稍后重试", status=503)


class JwksKeys(dict):
    """{kid: Ed25519 public key} learned from a JWKS; keys of other types or uses are ignored."""

    @classmethod
    def from_jwks(cls, jwks):
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise ValueError("not a JWKS: expected {\"keys\": [...]}")
        keys = {}
        for jwk in jwks["keys"]:
            found = _okp_key(jwk)
            if found is None:
                continue
            kid, key = found
            if kid in keys and _raw_public(keys[kid]) != _raw_public(key):
                raise ValueError(f"JWKS names two different keys {kid!r}")
            keys[kid] = key
        return cls(keys)


def fetch_json(url):
    """GET a JSON document (a peer's JWKS) with a short timeout."""
    response = requests.get(url, timeout=5)
    response.raise_for_status()
    return response.json()


def _okp_key(jwk):
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        return None
    if jwk.get("alg", "EdDSA") != "EdDSA" or jwk.get("use", "sig") != "sig":
        return None
    kid, x = jwk.get("kid"), jwk.get("x")
    if not isinstance(kid, str) or not kid or not isinstance(x, str):
        return None
    try:
        return kid, Ed25519PublicKey.from_public_bytes(_b64url_decode(x))
    except ValueError:
        return None


class RemoteJwks(Mapping):
    """The peer's keys from its JWKS URL: cached ``max_age``, refetched on an unknown kid at most every 30 s."""

    def __init__(self, url, fetch, max_age_seconds=300, *, clock=None, min_refetch_seconds=30):
        self.url = url
        self._fetch = fetch
        self.max_age = timedelta(seconds=max_age_seconds)
        self.min_refetch = timedelta(seconds=min_refetch_seconds)
        self.clock = clock or _system_clock
        self._keys = None
        self._fetched_at = None
        self._attempted_at = None
        self._guard = threading.Lock()

    def _may_fetch(self, now):
        return self._attempted_at is None or now - self._attempted_at >= self.min_refetch

    def _refresh(self, now):
        self._attempted_at = now
        try:
            keys = JwksKeys.from_jwks(self._fetch(self.url))
        except Exception:  # network or peer failure of any kind: keep serving what was cached
            return
        self._keys, self._fetched_at = keys, now

    def _current(self, now):
        stale = self._keys is None or now - self._fetched_at >= self.max_age
        if stale and self._may_fetch(now):
            self._refresh(now)
        if self._keys is None:
            raise KeysUnavailable()
        return self._keys

    def __getitem__(self, kid):
        with self._guard:
            now = self.clock()
            keys = self._current(now)
            if kid not in keys and self._may_fetch(now):
                self._refresh(now)  # the peer may have rotated its key since we last looked
                keys = self._keys
            return keys[kid]

    def __iter__(self):
        with self._guard:
            return iter(list(self._current(self.clock())))

    def __len__(self):
        with self._guard:
            return len(self._current(self.clock()))

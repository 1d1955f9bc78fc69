"""Signing keys: files on disk, rotation with a grace period, JWKS publication and the cached remote JWKS."""
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.services.jump_tokens import (
    JUMP_REQUEST_TYP, JwksKeys, KeyRing, KeysUnavailable, RemoteJwks, TokenError, issue_jump_request, verify,
)

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TTL = 300


def token(ring, now=NOW):
    return issue_jump_request(ring, issuer="a", audience="b", subject="u", credit_code="91440101MA5CXXXX0X",
                              purpose="download", redirect_uri="https://a.example/r", state="s", nonce="n",
                              now=now, ttl_seconds=TTL)


def check(token_, keys, now=NOW):
    return verify(token_, keys, expected_typ=JUMP_REQUEST_TYP, issuer="a", audience="b", now=now)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def pem():
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def test_first_load_creates_a_private_key_file_readable_only_by_us(tmp_path):
    keys_dir = tmp_path / "instance" / "keys"
    ring = KeyRing.load_or_create(keys_dir, "elicense", NOW)
    key_file = keys_dir / f"elicense-{ring.signing_kid}.pem"
    assert key_file.exists() and mode(key_file) == 0o600
    assert mode(keys_dir / f"elicense-{ring.signing_kid}.json") == 0o600
    assert mode(keys_dir) == 0o700


def test_loading_twice_gives_the_same_signing_key(tmp_path):
    first = KeyRing.load_or_create(tmp_path, "elicense", NOW)
    second = KeyRing.load_or_create(tmp_path, "elicense", NOW + timedelta(days=30))
    assert first.signing_kid == second.signing_kid
    check(token(first), second.public_keys())


def test_workers_starting_together_share_one_first_key(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        kids = set(pool.map(lambda _: KeyRing.load_or_create(tmp_path, "elicense", NOW).signing_kid, range(8)))
    assert len(kids) == 1 and len(list(tmp_path.glob("elicense-*.pem"))) == 1


def test_rotation_recovers_from_a_leftover_temporary_file(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW)
    (tmp_path / f"elicense-{ring.signing_kid}.json.tmp").write_text("torn")
    old_kid = ring.signing_kid
    assert ring.rotate(NOW) != old_kid
    assert not list(tmp_path.glob("*.tmp"))


def test_rings_with_prefix_names_keep_their_own_keys(tmp_path):
    short = KeyRing.load_or_create(tmp_path, "a", NOW)
    longer = KeyRing.load_or_create(tmp_path, "a-b", NOW)
    assert KeyRing.load_or_create(tmp_path, "a", NOW).public_keys().keys() == {short.signing_kid}
    assert short.signing_kid != longer.signing_kid


def test_kid_is_the_rfc7638_thumbprint():
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
    ring = KeyRing.from_private_pems([private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())])
    assert ring.signing_kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_jwks_publishes_only_public_ed25519_keys(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW)
    (jwk,) = ring.jwks(NOW)["keys"]
    assert jwk.keys() == {"kty", "crv", "x", "kid", "alg", "use"}
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"], jwk["kid"]) == (
        "OKP", "Ed25519", "EdDSA", "sig", ring.signing_kid)


def test_configured_keys_sign_with_the_first_and_verify_with_all():
    old = KeyRing.from_private_pems([pem()])
    ring = KeyRing.from_private_pems([pem(), old.keys[0].private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()])
    assert ring.signing_kid != old.signing_kid
    check(token(old), ring.public_keys(NOW))


def test_configured_key_of_another_type_is_rejected():
    from cryptography.hazmat.primitives.asymmetric import ec
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(ValueError):
        KeyRing.from_private_pems([other])


def test_rotation_signs_with_a_new_key_and_keeps_the_old_one_for_a_token_lifetime(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW, ttl_seconds=TTL)
    old_kid, old_token = ring.signing_kid, token(ring)
    retired = NOW + timedelta(seconds=60)
    new_kid = ring.rotate(retired)
    assert ring.signing_kid == new_kid != old_kid
    check(old_token, ring.public_keys(retired), now=retired)
    grace_end = retired + timedelta(seconds=TTL - 1)
    assert {k["kid"] for k in ring.jwks(grace_end)["keys"]} == {old_kid, new_kid}
    check(token(ring, now=grace_end), ring.public_keys(grace_end), now=grace_end)


def test_rotated_out_key_is_dropped_after_its_grace_and_its_tokens_refused(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW, ttl_seconds=TTL)
    old_kid, old_token = ring.signing_kid, token(ring)
    ring.rotate(NOW)
    later = NOW + timedelta(seconds=TTL + 1)
    assert [k["kid"] for k in ring.jwks(later)["keys"]] == [ring.signing_kid]
    with pytest.raises(TokenError) as caught:
        check(old_token, ring.public_keys(later), now=NOW)
    assert caught.value.code == "token_kid_unknown"
    assert old_kid not in KeyRing.load_or_create(tmp_path, "elicense", later).public_keys(later)
    assert not (tmp_path / f"elicense-{old_kid}.pem").exists()


def test_rotation_survives_a_restart(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW)
    old_kid = ring.signing_kid
    new_kid = ring.rotate(NOW + timedelta(seconds=10))
    reloaded = KeyRing.load_or_create(tmp_path, "elicense", NOW + timedelta(seconds=20))
    assert reloaded.signing_kid == new_kid
    assert reloaded.public_keys(NOW + timedelta(seconds=20)).keys() == {old_kid, new_kid}


def test_rotating_configured_keys_is_refused():
    with pytest.raises(RuntimeError):
        KeyRing.from_private_pems([pem()]).rotate(NOW)


def test_token_verifies_with_keys_learned_from_the_jwks(tmp_path):
    ring = KeyRing.load_or_create(tmp_path, "elicense", NOW)
    keys = JwksKeys.from_jwks(ring.jwks(NOW))
    assert list(keys) == [ring.signing_kid]
    assert check(token(ring), keys)["sub"] == "u"


def test_jwks_entries_of_other_types_are_ignored():
    ring = KeyRing.from_private_pems([pem()])
    (jwk,) = ring.jwks(NOW)["keys"]
    jwks = {"keys": [{"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB"}, jwk | {"kid": "enc", "use": "enc"},
                     jwk | {"kid": "hs", "alg": "HS256"}, jwk | {"kid": "short", "x": "AAAA"}, jwk]}
    assert list(JwksKeys.from_jwks(jwks)) == [ring.signing_kid]


@pytest.mark.parametrize("bad", [None, [], {}, {"keys": "x"}])
def test_a_document_that_is_no_jwks_is_rejected(bad):
    with pytest.raises(ValueError):
        JwksKeys.from_jwks(bad)


class Peer:
    """The other app's JWKS endpoint as a plain function; counts calls; time is moved by hand."""

    def __init__(self, ring):
        self.ring, self.calls, self.now, self.down = ring, 0, NOW, False

    def fetch(self, url):
        self.calls += 1
        if self.down:
            raise OSError("connection refused")
        return self.ring.jwks(self.now)

    def remote(self):
        return RemoteJwks("https://b.example/.well-known/jwks.json", self.fetch, max_age_seconds=300,
                          clock=lambda: self.now)


def test_remote_jwks_is_fetched_once_within_max_age_and_again_after(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    remote, kid = peer.remote(), peer.ring.signing_kid
    assert kid in remote and peer.calls == 1
    peer.now = NOW + timedelta(seconds=299)
    check(token(peer.ring), remote, now=peer.now)
    assert peer.calls == 1
    peer.now = NOW + timedelta(seconds=300)
    assert kid in remote and peer.calls == 2


def test_remote_jwks_refetches_on_an_unknown_kid_at_most_every_30_seconds(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    remote = peer.remote()
    assert peer.ring.signing_kid in remote and peer.calls == 1
    peer.now = NOW + timedelta(seconds=10)
    assert "unknown" not in remote and peer.calls == 1
    peer.now = NOW + timedelta(seconds=31)
    assert "unknown" not in remote and peer.calls == 2
    peer.now = NOW + timedelta(seconds=40)
    assert "unknown" not in remote and peer.calls == 2


def test_remote_jwks_learns_a_rotated_key_on_first_sight(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    remote = peer.remote()
    check(token(peer.ring), remote)
    peer.now = NOW + timedelta(seconds=60)
    peer.ring.rotate(peer.now)
    assert check(token(peer.ring, now=peer.now), remote, now=peer.now)["sub"] == "u"
    assert peer.calls == 2


def test_remote_jwks_refuses_a_kid_it_cannot_learn(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    stranger = KeyRing.from_private_pems([pem()])
    with pytest.raises(TokenError) as caught:
        check(token(stranger), peer.remote())
    assert caught.value.code == "token_kid_unknown"


def test_remote_jwks_keeps_serving_its_cache_while_the_peer_is_down(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    remote = peer.remote()
    assert peer.ring.signing_kid in remote
    peer.down, peer.now = True, NOW + timedelta(seconds=400)
    assert peer.ring.signing_kid in remote and peer.calls == 2


def test_remote_jwks_unreachable_from_the_start_is_a_503(tmp_path):
    peer = Peer(KeyRing.load_or_create(tmp_path, "elicense", NOW))
    peer.down = True
    remote = peer.remote()
    with pytest.raises(KeysUnavailable) as caught:
        check(token(peer.ring), remote)
    assert caught.value.status == 503 and caught.value.code == "jwks_unavailable"
    with pytest.raises(KeysUnavailable):
        remote.get("any")
    assert peer.calls == 1

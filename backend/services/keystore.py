"""Where private keys live, and the only code that touches them: private keys never leave a key store.

One small interface, two back ends, chosen once in the factory (pki_wiring.keystores_for):
- ``WrappedKeyStore`` (the embedded default): one file per key (0600) under the key directory, the
  private key sealed with AES-256-GCM under a key-encryption key (ESEAL_SEAL_KEK, else a random one
  generated into the key directory, 0600). The database holds only references and public data, so a
  backup of the database alone holds no key at all; the key files alone are useless without the KEK.
- ``Pkcs11KeyStore`` (keystore_pkcs11.py): keys generated inside a PKCS#11 token (SoftHSM2 in tests,
  a 密码机 in production), not extractable.

A store answers ``generate(algorithm) -> (key_id, SubjectPublicKeyInfo DER)``, ``sign(key_id, data)``
(DER ECDSA or SM2 signature, or PKCS#1 v1.5 for RSA; the hash is the algorithm's), ``public_key(key_id)``
and ``destroy(key_id)``. ``KeyStores`` names keys "<store>:<id>" and sends each call to its store; a key
whose algorithm the primary store lacks (SM2 on SoftHSM2) is kept by the wrapped store.
A store that cannot be reached raises KeyStoreUnavailable (503): the caller writes nothing.
"""
import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import sm2
from .errors import DomainError
from .signing_keys import (
    _write_private as write_secret,  # the key ring's atomic 0600 writer
)

EC_P256, RSA_3072, SM2 = "ec-p256", "rsa-3072", "sm2"
ALGORITHMS = (EC_P256, RSA_3072, SM2)
UNAVAILABLE_MESSAGE = "印章服务暂时不可用，请稍后再试"
KEK_FILE = "seal_kek"


class KeyStoreUnavailable(DomainError):
    status = 503

    def __init__(self, detail=None):
        super().__init__("keystore_unavailable", UNAVAILABLE_MESSAGE, headers={"Retry-After": "30"})
        self.detail = detail  # for the log only; never shown


class KeyMissing(LookupError):
    """The key was destroyed (or never existed) in its store."""


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def _new_private(algorithm):
    """(private key bytes to wrap, SubjectPublicKeyInfo DER)."""
    if algorithm == SM2:
        return sm2.generate()
    if algorithm == EC_P256:
        key = ec.generate_private_key(ec.SECP256R1())
    elif algorithm == RSA_3072:
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    else:
        raise ValueError(f"unknown key algorithm {algorithm!r}")
    private = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def _sign(algorithm, private, public, data):
    if algorithm == SM2:
        return sm2.sign(private, public, data)
    if algorithm == EC_P256:
        return serialization.load_der_private_key(private, password=None).sign(data, ec.ECDSA(hashes.SHA256()))
    # An RSA key's consistency check (≈ 0.1 s for RSA-3072) is skipped: this key was made here and has just been
    # authenticated by AES-GCM, bound to its id and public key, so it is the key that was generated.
    key = serialization.load_der_private_key(private, password=None, unsafe_skip_rsa_key_validation=True)
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


class WrappedKeyStore:
    """Keys as AES-GCM-wrapped files: ``<directory>/<key_id>.key`` (JSON), the id, algorithm and public
    key bound to the ciphertext as associated data, so no file can be passed off as another key."""

    name = "wrapped"
    algorithms = frozenset(ALGORITHMS)

    def __init__(self, directory, kek):
        if len(kek) != 32:
            raise ValueError("the key-encryption key must be 32 bytes")
        self.directory = Path(directory)
        self._aead = AESGCM(kek)

    def _path(self, key_id):
        if len(key_id) != 32 or not all(c in "0123456789abcdef" for c in key_id):
            raise KeyMissing(key_id)
        return self.directory / f"{key_id}.key"

    @staticmethod
    def _aad(key_id, algorithm, public):
        return b"\x1f".join([b"eseal-wrapped-key-v1", key_id.encode(), algorithm.encode(), public])

    def generate(self, algorithm):
        if algorithm not in self.algorithms:
            raise ValueError(f"unknown key algorithm {algorithm!r}")
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        key_id, nonce = secrets.token_hex(16), os.urandom(12)
        private, public = _new_private(algorithm)
        sealed = self._aead.encrypt(nonce, private, self._aad(key_id, algorithm, public))
        record = {"v": 1, "algorithm": algorithm, "public": _b64(public), "nonce": _b64(nonce), "wrapped": _b64(sealed)}
        try:
            write_secret(self._path(key_id), json.dumps(record).encode())
        except OSError as exc:
            raise KeyStoreUnavailable(str(exc)) from exc
        return key_id, public

    def _read(self, key_id):
        try:
            record = json.loads(self._path(key_id).read_bytes())
        except FileNotFoundError as exc:
            raise KeyMissing(key_id) from exc
        except OSError as exc:
            raise KeyStoreUnavailable(str(exc)) from exc
        return record["algorithm"], base64.b64decode(record["public"]), record

    def public_key(self, key_id):
        return self._read(key_id)[1]

    def sign(self, key_id, data):
        algorithm, public, record = self._read(key_id)
        try:
            private = self._aead.decrypt(base64.b64decode(record["nonce"]), base64.b64decode(record["wrapped"]),
                                         self._aad(key_id, algorithm, public))
        except InvalidTag as exc:  # another KEK than the one the key was wrapped under, or a forged file
            raise KeyStoreUnavailable(f"key {key_id} does not open under this KEK") from exc
        return _sign(algorithm, private, public, data)

    def destroy(self, key_id):
        self._path(key_id).unlink(missing_ok=True)


class KeyStores:
    """The app's key stores by name; new keys go to the primary unless it lacks the algorithm."""

    def __init__(self, primary, wrapped):
        self.primary, self.wrapped = primary, wrapped
        self._stores = {store.name: store for store in (wrapped, primary)}

    def generate(self, algorithm):
        """A new key: ("<store>:<id>", SubjectPublicKeyInfo DER)."""
        store = self.primary if algorithm in self.primary.algorithms else self.wrapped
        key_id, public = store.generate(algorithm)
        return f"{store.name}:{key_id}", public

    def _resolve(self, ref):
        name, _, key_id = ref.partition(":")
        if name not in self._stores or not key_id:
            raise KeyMissing(ref)
        return self._stores[name], key_id

    def sign(self, ref, data):
        store, key_id = self._resolve(ref)
        return store.sign(key_id, data)

    def public_key(self, ref):
        store, key_id = self._resolve(ref)
        return store.public_key(key_id)

    def destroy(self, ref):
        store, key_id = self._resolve(ref)
        store.destroy(key_id)


def load_kek(configured, key_dir):
    """ESEAL_SEAL_KEK (base64 of 32 bytes) when set, else a random KEK kept in ``<key_dir>/seal_kek`` (0600)."""
    if configured:
        kek = base64.b64decode(configured)
        if len(kek) != 32:
            raise ValueError("ESEAL_SEAL_KEK must be the base64 of 32 random bytes")
        return kek
    path = Path(key_dir) / KEK_FILE
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it a moment ago
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(_b64(os.urandom(32)))
    return base64.b64decode(path.read_text().strip())

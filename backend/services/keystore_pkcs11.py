"""The PKCS#11 key store (python-pkcs11): keys generated inside the token, sensitive and not extractable.

ESEAL_PKCS11_MODULE names the module (Debian softhsm2: /usr/lib/softhsm/libsofthsm2.so), the token is
found by ESEAL_PKCS11_SLOT or ESEAL_PKCS11_TOKEN_LABEL and opened with ESEAL_PKCS11_PIN. PKCS#11 logs
in once per process, so the process keeps one session per token and takes turns on it; a forked worker
re-initialises the module. Any token error drops that session (the next call opens a new one) and
answers KeyStoreUnavailable. SoftHSM2 has no SM2 mechanism: SM2 keys stay in the wrapped store.
"""
import hashlib
import os
import secrets
import threading
from contextlib import contextmanager

import pkcs11
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
from pkcs11.exceptions import NoSuchKey, PKCS11Error, UserAlreadyLoggedIn
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
from pkcs11.util.rsa import encode_rsa_public_key

from .keystore import EC_P256, RSA_3072, KeyMissing, KeyStoreUnavailable

_LOCK = threading.RLock()
_SESSIONS = {}  # (module, slot, token label) -> (pid, session)
PRIVATE = {Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True}


class Pkcs11KeyStore:
    name = "pkcs11"
    algorithms = frozenset({EC_P256, RSA_3072})

    def __init__(self, module, token_label=None, pin=None, slot=None):
        self.module, self.token_label, self.pin = module, token_label or "eseal", pin
        self.slot = None if slot in (None, "") else int(slot)
        self._key = (module, self.slot, self.token_label)

    def _token(self, lib):
        if self.slot is None:
            return lib.get_token(token_label=self.token_label)
        slot = next((s for s in lib.get_slots(token_present=True) if s.slot_id == self.slot), None)
        if slot is None:
            raise pkcs11.exceptions.NoSuchToken(f"no token in slot {self.slot}")
        return slot.get_token()

    def _open(self):
        pid, session = _SESSIONS.get(self._key, (None, None))
        if session is not None and pid == os.getpid():
            return session
        lib = pkcs11.lib(self.module)
        if pid is not None:  # a session inherited from the parent process: no use in this one
            lib.reinitialize()
        token = self._token(lib)
        try:
            session = token.open(user_pin=self.pin, rw=True)
        except UserAlreadyLoggedIn:  # this process logged in already through another session
            session = token.open(rw=True)
        _SESSIONS[self._key] = (os.getpid(), session)
        return session

    def _drop(self):
        _pid, session = _SESSIONS.pop(self._key, (None, None))
        if session is not None:
            try:
                session.close()
            except PKCS11Error:
                pass

    @contextmanager
    def _session(self):
        with _LOCK:
            try:
                yield self._open()
            except NoSuchKey as exc:
                raise KeyMissing(str(exc)) from exc
            except PKCS11Error as exc:  # module missing, token gone, PIN refused, device error
                self._drop()
                raise KeyStoreUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def generate(self, algorithm):
        key_id = secrets.token_bytes(16)
        names = {"id": key_id, "label": f"eseal-{key_id.hex()}", "store": True, "private_template": PRIVATE}
        with self._session() as session:
            if algorithm == EC_P256:
                params = session.create_domain_parameters(
                    KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
                public, _private = params.generate_keypair(**names)
            elif algorithm == RSA_3072:
                public, _private = session.generate_keypair(KeyType.RSA, 3072, **names)
            else:
                raise ValueError(f"the token holds no {algorithm!r} keys")
            return key_id.hex(), _spki(public)

    def _private(self, session, key_id):
        return session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=_id_bytes(key_id))

    def public_key(self, key_id):
        with self._session() as session:
            return _spki(session.get_key(object_class=ObjectClass.PUBLIC_KEY, id=_id_bytes(key_id)))

    def sign(self, key_id, data):
        with self._session() as session:
            key = self._private(session, key_id)
            if key.key_type == KeyType.EC:
                raw = key.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
                half = len(raw) // 2
                return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
            return key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS)

    def destroy(self, key_id):
        with self._session() as session:
            for item in list(session.get_objects({Attribute.ID: _id_bytes(key_id)})):
                item.destroy()


def _id_bytes(key_id):
    try:
        return bytes.fromhex(key_id)
    except ValueError as exc:
        raise KeyMissing(key_id) from exc


def _spki(public):
    if public.key_type == KeyType.EC:
        return encode_ec_public_key(public)
    key = serialization.load_der_public_key(encode_rsa_public_key(public))  # PKCS#1 → SubjectPublicKeyInfo
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

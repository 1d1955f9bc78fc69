"""Both key stores behind one interface: the same tests on wrapped files and on a SoftHSM2 token."""
import os
import stat

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from backend.services import sm2
from backend.services.keystore import (
    EC_P256,
    RSA_3072,
    SM2,
    KeyMissing,
    KeyStores,
    KeyStoreUnavailable,
    WrappedKeyStore,
)
from tests.pki_kit import PIN, SOFTHSM_MODULE, TOKEN_LABEL
from tests.pki_kit.fixtures import softhsm  # noqa: F401  (fixture)

DATA = b"DER(SES_SealInfo) stands here" * 10


@pytest.fixture(params=["wrapped", "pkcs11"])
def store(request, tmp_path):
    if request.param == "wrapped":
        return WrappedKeyStore(tmp_path / "keystore", os.urandom(32))
    request.getfixturevalue("softhsm")
    from backend.services.keystore_pkcs11 import Pkcs11KeyStore
    return Pkcs11KeyStore(SOFTHSM_MODULE, token_label=TOKEN_LABEL, pin=PIN)


def verify(spki, algorithm, signature, data=DATA):
    """Checked with the public key alone, outside the store."""
    if algorithm == SM2:
        return sm2.verify(spki, data, signature)
    key = serialization.load_der_public_key(spki)
    try:
        if algorithm == EC_P256:
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def test_an_ec_key_signs_and_its_public_key_verifies(store):
    key_id, spki = store.generate(EC_P256)
    signature = store.sign(key_id, DATA)
    assert verify(spki, EC_P256, signature)
    assert not verify(spki, EC_P256, signature, DATA + b"!")
    assert store.public_key(key_id) == spki


def test_an_rsa_3072_key_signs_pkcs1_sha256(store):
    key_id, spki = store.generate(RSA_3072)
    assert serialization.load_der_public_key(spki).key_size == 3072
    assert verify(spki, RSA_3072, store.sign(key_id, DATA))
    store.destroy(key_id)


def test_two_keys_are_two_keys(store):
    (first, spki1), (second, spki2) = store.generate(EC_P256), store.generate(EC_P256)
    assert first != second and spki1 != spki2
    assert not verify(spki2, EC_P256, store.sign(first, DATA))


def test_a_destroyed_key_signs_no_more(store):
    key_id, _spki = store.generate(EC_P256)
    store.destroy(key_id)
    with pytest.raises(KeyMissing):
        store.sign(key_id, DATA)
    with pytest.raises(KeyMissing):
        store.public_key(key_id)


def test_an_unknown_key_id_is_missing(store):
    with pytest.raises(KeyMissing):
        store.sign("00" * 16, DATA)
    with pytest.raises(KeyMissing):
        store.sign("../../etc/passwd", DATA)


def test_sm2_keys_go_to_the_wrapped_store_when_the_primary_lacks_them(store, tmp_path):
    wrapped = store if store.name == "wrapped" else WrappedKeyStore(tmp_path / "fallback", os.urandom(32))
    keys = KeyStores(store, wrapped)
    ref, spki = keys.generate(SM2)
    assert ref.startswith("wrapped:")
    assert sm2.verify(spki, DATA, keys.sign(ref, DATA))
    ec_ref, _ = keys.generate(EC_P256)
    assert ec_ref.startswith(f"{store.name}:")


def test_wrapped_key_files_are_0600_and_hold_no_private_key_in_clear(tmp_path):
    store = WrappedKeyStore(tmp_path / "keystore", os.urandom(32))
    key_id, _spki = store.generate(SM2)
    path = tmp_path / "keystore" / f"{key_id}.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    record = path.read_text()
    assert "PRIVATE KEY" not in record and set(record) <= set('{}":, ' + "abcdefghijklmnopqrstuvwxyz"
                                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=-")


def test_wrapped_keys_do_not_open_under_another_kek(tmp_path):
    key_id, _spki = WrappedKeyStore(tmp_path, os.urandom(32)).generate(EC_P256)
    with pytest.raises(KeyStoreUnavailable) as refused:
        WrappedKeyStore(tmp_path, os.urandom(32)).sign(key_id, DATA)
    assert refused.value.status == 503 and refused.value.message == "印章服务暂时不可用，请稍后再试"


def test_a_wrapped_key_file_passed_off_as_another_key_does_not_open(tmp_path):
    store = WrappedKeyStore(tmp_path, os.urandom(32))
    (first, _), (second, _) = store.generate(EC_P256), store.generate(EC_P256)
    (tmp_path / f"{second}.key").write_bytes((tmp_path / f"{first}.key").read_bytes())
    with pytest.raises(KeyStoreUnavailable):
        store.sign(second, DATA)


def test_a_token_that_cannot_be_opened_is_unavailable(softhsm):
    from backend.services.keystore_pkcs11 import Pkcs11KeyStore
    for store in (Pkcs11KeyStore(SOFTHSM_MODULE, token_label="no-such-token", pin=PIN),
                  Pkcs11KeyStore("/nonexistent/libpkcs11.so", token_label=TOKEN_LABEL, pin=PIN)):
        with pytest.raises(KeyStoreUnavailable):
            store.generate(EC_P256)


def test_pkcs11_private_keys_are_sensitive_and_not_extractable(softhsm):
    import pkcs11

    from backend.services.keystore_pkcs11 import Pkcs11KeyStore
    store = Pkcs11KeyStore(SOFTHSM_MODULE, token_label=TOKEN_LABEL, pin=PIN)
    key_id, _spki = store.generate(EC_P256)
    with store._session() as session:
        key = session.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, id=bytes.fromhex(key_id))
        assert key[pkcs11.Attribute.SENSITIVE] and not key[pkcs11.Attribute.EXTRACTABLE]

"""Session fixtures of the PKI kit: the platform is made once per key store and session (RSA-3072 is slow)."""
import pytest

from . import EPOCH, init_token, keystores, make_pki, softhsm_missing


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """Settings of a SoftHSM2 token made for this session (skipped, saying why, without SoftHSM2)."""
    reason = softhsm_missing()
    if reason:
        pytest.skip(reason)
    return init_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture(scope="session")
def wrapped_pki(tmp_path_factory):
    """The wrapped-key PKI in a key directory of its own, its platform made as of EPOCH (once per session; the
    test apps make theirs in TestConfig's key directory when they first need it)."""
    key_dir = tmp_path_factory.mktemp("wrapped-keys")
    pki = make_pki(key_dir, keystores(key_dir))
    pki.platform(EPOCH)
    return pki


@pytest.fixture(scope="session")
def pkcs11_pki(softhsm, tmp_path_factory):
    key_dir = tmp_path_factory.mktemp("pkcs11-keys")
    pki = make_pki(key_dir, keystores(key_dir, softhsm))
    pki.platform(EPOCH)
    return pki


@pytest.fixture(params=["wrapped", "pkcs11"])
def any_pki(request):
    """Both key stores: a test taking it runs once on each."""
    return request.getfixturevalue(f"{request.param}_pki")

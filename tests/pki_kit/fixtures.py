"""Session fixtures of the PKI kit: the platform is made once per key store and session (RSA-3072 is slow)."""
from datetime import UTC, datetime

import pytest

from . import app_key_dir, init_token, keystores, make_pki, softhsm_missing

# The platform of the test session is made as of this date, so that tests may run their clocks from any
# later day (the factories' NOW is 2026-11-20).
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """Settings of a SoftHSM2 token made for this session (skipped, saying why, without SoftHSM2)."""
    reason = softhsm_missing()
    if reason:
        pytest.skip(reason)
    return init_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture(scope="session")
def wrapped_pki():
    """The wrapped-key PKI in the test apps' key directory, its platform made (once per session)."""
    pki = make_pki(app_key_dir(), keystores(app_key_dir()))
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

"""Filing on the PKCS#11 key store (SoftHSM2), and a key store that cannot be reached: 503, nothing half written."""
import pytest

from backend.testing.client import OPERATOR
from backend.testing.pki import assert_refused, certificate_row, operator
from tests.pki_kit import SOFTHSM_MODULE

UNAVAILABLE = "印章服务暂时不可用，请稍后再试"


@pytest.fixture
def token():
    return "present"


@pytest.fixture
def app_config(clock, request, tmp_path, token):
    """The session's token (its platform made once), or (token "missing") one that is not there."""
    if token == "missing":
        request.getfixturevalue("softhsm")  # the module reads the test token's configuration, like the others
        return {"ESEAL_CLOCK": clock, "ESEAL_KEY_DIR": str(tmp_path), "ESEAL_PKCS11_MODULE": SOFTHSM_MODULE,
                "ESEAL_PKCS11_TOKEN_LABEL": "no-such-token", "ESEAL_PKCS11_PIN": "000000"}
    pki = request.getfixturevalue("pkcs11_pki")
    return {"ESEAL_CLOCK": clock, "ESEAL_KEY_DIR": pki.settings.key_dir, **request.getfixturevalue("softhsm")}


def carved_seal(client, make_principal):
    _client, enterprise = make_principal(seals=("official",))
    seal_id = _client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]["id"]
    assert client.post(f"/api/operator/seals/{seal_id}/carve", json={}, headers=OPERATOR).status_code == 200
    return _client, enterprise, seal_id


def test_filing_on_the_token_keeps_the_seal_key_in_it(app, client, make_principal):
    principal, enterprise, seal_id = carved_seal(client, make_principal)
    response = operator(client, f"/seals/{seal_id}/file")
    assert response.status_code == 200, response.get_json()
    assert certificate_row(app, seal_id)["key_ref"].startswith("pkcs11:")
    assert operator(client, f"/seals/{seal_id}/revoke", reason="cessation").status_code == 200
    assert certificate_row(app, seal_id)["key_destroyed_at"] is not None


@pytest.mark.parametrize("token", ["missing"])
def test_a_token_that_is_not_there_answers_503_and_the_seal_stays_carved(app, client, make_principal):
    _principal, _enterprise, seal_id = carved_seal(client, make_principal)
    assert_refused(app, lambda: operator(client, f"/seals/{seal_id}/file"), 503, UNAVAILABLE)
    assert client.get("/api/operator/startups", headers=OPERATOR).status_code == 200  # the rest still works
    assert client.get("/pki/crl/root.crl").status_code == 503

"""/pki/: CA certificates and CRLs in DER, where every certificate's AIA and CRL DP point."""
from datetime import timedelta
from urllib.parse import urlsplit

from cryptography import x509

from backend.services import seal_objects
from backend.services.keystore import KeyStoreUnavailable
from backend.testing.pki import crl_of, seal_file


def fetch(client, url, mimetype):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200 and response.mimetype == mimetype, response.get_data(as_text=True)[:200]
    return response.data


def aia(certificate):
    access = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    return access[0].access_location.value


def crl_dp(certificate):
    return certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value[0].full_name[0].value


def test_the_chain_and_crls_are_found_from_a_seal_certificate_alone(holder):
    client, _enterprise, receipts = holder
    contents = seal_objects.decode(seal_file(client, receipts[0]["receipt_id"]).data).contents
    seal = x509.load_der_x509_certificate(contents.certificates[0])
    issuing = x509.load_der_x509_certificate(fetch(client, aia(seal), "application/pkix-cert"))
    seal.verify_directly_issued_by(issuing)
    root = x509.load_der_x509_certificate(fetch(client, aia(issuing), "application/pkix-cert"))
    issuing.verify_directly_issued_by(root)
    root.verify_directly_issued_by(root)
    for certificate, issuer in ((seal, issuing), (issuing, root)):
        crl = x509.load_der_x509_crl(fetch(client, crl_dp(certificate), "application/pkix-crl"))
        assert crl.is_signature_valid(issuer.public_key()) and crl.issuer == issuer.subject


def test_the_index_lists_every_authority_with_its_urls(client):
    body = client.get("/pki/").get_json()
    names = {a["name"]: a for a in body["authorities"]}
    assert {"root", "issuing-1", "maker-1", "maker-sm2-1", "tsa-1"} <= set(names)
    assert names["root"]["crl_url"] == "/pki/crl/root.crl" and names["tsa-1"]["crl_url"] is None
    for authority in body["authorities"]:
        assert client.get(authority["certificate_url"]).status_code == 200


def test_unknown_names_and_end_entities_have_no_crl(client):
    for path in ("/pki/crl/maker-1.crl", "/pki/crl/tsa-1.crl", "/pki/crl/issuing-999.crl", "/pki/crl/..%2Froot.crl",
                 "/pki/ca/nobody.cer", "/pki/crl/root"):
        assert client.get(path).status_code == 404, path


def test_a_crl_is_issued_anew_before_its_next_update(app, client, clock):
    first = crl_of(client, "root")
    number = first.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert crl_of(client, "root").extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == number
    clock.advance(app.config["ESEAL_CRL_HOURS"] * 3600 - 12 * 3600)  # within a day of nextUpdate
    renewed = crl_of(client, "root")
    assert renewed.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == number + 1
    assert renewed.next_update_utc - renewed.last_update_utc == timedelta(hours=app.config["ESEAL_CRL_HOURS"])
    assert renewed.next_update_utc > first.next_update_utc


def test_a_key_store_that_is_down_keeps_the_current_crl_until_its_next_update(app, client, clock, monkeypatch):
    crl_of(client, "root")
    pki = app.extensions["eseal_pki"]

    def down(ref, data):
        raise KeyStoreUnavailable("token removed")
    monkeypatch.setattr(pki.keys, "sign", down)
    clock.advance(app.config["ESEAL_CRL_HOURS"] * 3600 - 3600)
    assert client.get("/pki/crl/root.crl").status_code == 200  # renewal due, the current one still holds
    clock.advance(2 * 3600)
    response = client.get("/pki/crl/root.crl")
    assert response.status_code == 503 and response.get_json()["message"] == "印章服务暂时不可用，请稍后再试"

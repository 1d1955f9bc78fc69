"""备案完成 makes the seal a signed object: its key, certificate and SESeal, all or nothing."""
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from sqlalchemy import func, select

from backend.models import Seal, SealCertificate, SealEvent, SealObject
from backend.services import seal_objects, sealing, seals
from backend.services.keystore import KeyStoreUnavailable
from tests.factories import enterprise
from tests.pki_kit import PUBLIC_URL, with_algorithm
from tests.pki_kit.fixtures import any_pki, pkcs11_pki, softhsm, wrapped_pki  # noqa: F401  (fixtures)

NOW = datetime.now(UTC).replace(microsecond=0)


def file_all(session, company, pki, now=NOW):
    for seal in seals.seals_of(session, company):
        seals.mark_carved(session, seal.id, now)
        seals.mark_filed(session, seal.id, now, pki=pki)
    return seals.seals_of(session, company)


def certificate_of(seal):
    return x509.load_der_x509_certificate(seal.certificate.der)


def attribute(name, oid):
    return name.get_attributes_for_oid(oid)[0].value


def snapshot(session, pki):
    count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return {"seals": session.execute(select(Seal.id, Seal.status, Seal.code)).all(), "events": count(SealEvent),
            "certificates": count(SealCertificate), "objects": count(SealObject),
            "key_files": len(list((pki.keys.wrapped.directory).glob("*.key")))}


def test_filing_makes_the_key_certificate_and_object_on_either_key_store(session, applicant, any_pki):
    company = enterprise(session, applicant, seals_=("official",))
    seal = file_all(session, company, any_pki)[0]
    assert seal.certificate.key_ref.startswith(f"{any_pki.keys.primary.name}:")
    assert seal.certificate.status == "good" and seal.certificate.issuer == "issuing-1"
    decoded = seal_objects.decode(seal.seal_object.der)
    assert decoded.contents.certificates == (seal.certificate.der,)
    maker = any_pki.platform(NOW).maker("ec-p256")
    assert decoded.maker_certificate == maker.certificate.public_bytes(Encoding.DER)
    assert seal.seal_object.maker == maker.name


def test_the_seal_certificate_names_the_enterprise_the_seal_and_its_code(session, applicant, wrapped_pki, tmp_path):
    company = enterprise(session, applicant, name="广州市穗新科技有限公司", seals_=("official", "finance"))
    finance = file_all(session, company, wrapped_pki)[1]
    certificate = certificate_of(finance)
    subject = certificate.subject
    assert attribute(subject, NameOID.ORGANIZATION_NAME) == "广州市穗新科技有限公司"
    assert attribute(subject, NameOID.COMMON_NAME) == "广州市穗新科技有限公司财务专用章"
    assert attribute(subject, NameOID.SERIAL_NUMBER) == finance.code
    assert attribute(subject, NameOID.ORGANIZATION_IDENTIFIER) == company.credit_code
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign and not usage.value.key_encipherment
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    assert certificate.public_key().curve.name == "secp256r1"
    assert certificate.not_valid_after_utc.year == NOW.year + 5
    aia = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    assert aia[0].access_location.value == f"{PUBLIC_URL}/pki/ca/issuing-1.cer"
    cdp = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert cdp[0].full_name[0].value == f"{PUBLIC_URL}/pki/crl/issuing-1.crl"
    platform = wrapped_pki.platform(NOW)
    assert platform.chain(certificate, NOW)[-1] == platform.root.certificate
    (tmp_path / "root.pem").write_bytes(platform.root.certificate.public_bytes(Encoding.PEM))
    (tmp_path / "ca.pem").write_bytes(platform.issuing.certificate.public_bytes(Encoding.PEM))
    (tmp_path / "seal.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    result = subprocess.run(["openssl", "verify", "-CAfile", tmp_path / "root.pem", "-untrusted", tmp_path / "ca.pem",
                             tmp_path / "seal.pem"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_long_name_keeps_the_seal_name_whole_in_a_64_byte_cn(session, applicant, wrapped_pki):
    company = enterprise(session, applicant, name="广州市珠江创新投资合伙企业（有限合伙）", type_="partnership",
                         seals_=("official", "personal"))
    personal = file_all(session, company, wrapped_pki)[1]
    subject = certificate_of(personal).subject
    common = attribute(subject, NameOID.COMMON_NAME)
    assert len(common.encode()) <= 64 and common.endswith("执行事务合伙人名章") and common.startswith("广州市珠江")
    assert attribute(subject, NameOID.ORGANIZATION_NAME) == "广州市珠江创新投资合伙企业（有限合伙）"


def test_the_seal_object_holds_its_code_name_validity_and_true_size_picture(session, applicant, wrapped_pki):
    company = enterprise(session, applicant, seals_=("official", "invoice", "personal"))
    for seal, size, kind in zip(file_all(session, company, wrapped_pki), ((42, 42), (40, 30), (20, 20)), (1, 1, 2)):
        contents = seal_objects.decode(seal.seal_object.der).contents
        assert (contents.es_id, contents.name, contents.seal_type) == (seal.code, seals.seal_name(seal), kind)
        assert (contents.width_mm, contents.height_mm) == size
        assert contents.picture == wrapped_pki.pictures.png(seal) and contents.picture.startswith(b"\x89PNG")
        assert (contents.valid_start, contents.valid_end) == (seal.certificate.not_before, seal.certificate.not_after)


def test_a_key_store_that_fails_at_filing_leaves_the_seal_carved_and_nothing_half(session, applicant, wrapped_pki,
                                                                                   monkeypatch):
    company = enterprise(session, applicant, seals_=("official",))
    seal = seals.seals_of(session, company)[0]
    seals.mark_carved(session, seal.id, NOW)
    before = snapshot(session, wrapped_pki)
    real_sign = wrapped_pki.keys.sign
    signed = []

    def fails_the_second_time(ref, data):  # the certificate is signed, then the token goes away
        signed.append(ref)
        if len(signed) == 2:
            raise KeyStoreUnavailable("token removed")
        return real_sign(ref, data)
    monkeypatch.setattr(wrapped_pki.keys, "sign", fails_the_second_time)
    with pytest.raises(KeyStoreUnavailable):
        seals.mark_filed(session, seal.id, NOW, pki=wrapped_pki)
    assert snapshot(session, wrapped_pki) == before
    assert session.get(Seal, seal.id).status == "carved"


def test_sm2_seal_objects_are_signed_by_the_sm2_maker_and_openssl_verifies_them(session, applicant, wrapped_pki,
                                                                               tmp_path):
    pki = with_algorithm(wrapped_pki, "sm2")
    seal = file_all(session, enterprise(session, applicant, seals_=("official",)), pki)[0]
    decoded = seal_objects.decode(seal.seal_object.der)
    assert decoded.sign_algorithm == "sm2" and seal.seal_object.maker == "maker-sm2-1"
    (tmp_path / "maker.der").write_bytes(decoded.maker_certificate)
    (tmp_path / "info.der").write_bytes(decoded.signed_bytes)
    (tmp_path / "signature.der").write_bytes(decoded.signature)
    subprocess.run(["openssl", "x509", "-inform", "DER", "-in", tmp_path / "maker.der", "-pubkey", "-noout", "-out",
                    tmp_path / "maker.pub"], check=True, capture_output=True)
    verify = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", tmp_path / "maker.pub", "-rawin", "-digest", "sm3",
              "-pkeyopt", "distid:1234567812345678", "-sigfile", tmp_path / "signature.der", "-in"]
    good = subprocess.run(verify + [tmp_path / "info.der"], capture_output=True, text=True, check=False)
    assert good.returncode == 0 and "Signature Verified Successfully" in good.stdout, good.stdout + good.stderr
    (tmp_path / "changed.der").write_bytes(decoded.signed_bytes.replace(seal.code.encode(), b"4401009999999"))
    bad = subprocess.run(verify + [tmp_path / "changed.der"], capture_output=True, text=True, check=False)
    assert bad.returncode != 0


def test_seals_filed_without_the_pki_get_theirs_from_issue_missing(session, applicant, wrapped_pki):
    company = enterprise(session, applicant, seals_=("official", "finance"))
    for seal in seals.seals_of(session, company):
        seals.mark_carved(session, seal.id, NOW - timedelta(days=30))
        seals.mark_filed(session, seal.id, NOW - timedelta(days=30))
    assert all(s.certificate is None for s in seals.seals_of(session, company))
    assert sealing.issue_missing(session, wrapped_pki, NOW) == 2
    for seal in seals.seals_of(session, company):
        assert seal.certificate.not_before == NOW - timedelta(days=30, minutes=5)  # valid from the filing
        assert seal_objects.decode(seal.seal_object.der).contents.created == NOW
    assert sealing.issue_missing(session, wrapped_pki, NOW) == 0


def test_the_object_is_made_again_only_when_what_it_holds_changes(session, applicant, wrapped_pki):
    seal = file_all(session, enterprise(session, applicant, seals_=("official",)), wrapped_pki)[0]
    first = seal.seal_object.der
    assert sealing.current_object(session, wrapped_pki, seal, NOW + timedelta(days=1)).der == first
    sm2_pki = with_algorithm(wrapped_pki, "sm2")
    remade = sealing.current_object(session, sm2_pki, seal, NOW + timedelta(days=1))
    assert remade.der != first and remade.algorithm == "sm2"
    assert seal_objects.decode(remade.der).contents.created == NOW + timedelta(days=1)

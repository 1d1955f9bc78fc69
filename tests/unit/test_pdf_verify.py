"""验章 of a stamped PDF: every signature reported with its seal, box and time; tampering, revocation and a
foreign root each show in the report, and nothing but DocumentRefused is raised."""
import io
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from backend.services.pdf_documents import DocumentRefused
from backend.services.pdf_signing import Placement, Riding, sign_document
from backend.services.pdf_verify import verify_document
from tests.unit.test_pdf_documents import make_pdf
from tests.unit.test_pdf_signing import NOW, make_kit

KEYS = {"field_name", "intact", "valid", "trusted", "revoked", "docmdp_ok", "timestamp_ok", "signed_at", "coverage",
        "modification_level", "box_mm", "page", "seal_object_der", "signer_certificate_der"}


@pytest.fixture(scope="module")
def kit(wrapped_pki):
    return make_kit(wrapped_pki)


@pytest.fixture(scope="module")
def stamped(kit):
    (a, cert_a), (b, _cert_b), (riding, _) = kit.seal("Seal1"), kit.seal("Seal2", 45, 30), kit.seal("Riding")
    data = sign_document(make_pdf(2), [Placement(a, 2, 10, 10), Placement(b, 1, 100, 150)], Riding(riding, 80),
                         keys=kit.pki.keys, authority=kit.authority, now=NOW).data
    return {"data": data, "seals": {"Seal1": a, "Seal2": b, "Riding": riding}, "certificate": cert_a}


def report(kit, data, **changes):
    arguments = {"trust_roots_der": [kit.authority.root_der], "crls_der": kit.authority.crls_der, **changes}
    return {item["field_name"]: item for item in verify_document(data, **arguments)}


def test_each_seal_is_reported_whole(kit, stamped):
    found = report(kit, stamped["data"])
    assert list(found) == ["Riding", "Seal1", "Seal2"]
    for name, item in found.items():
        assert set(item) == KEYS
        seal = stamped["seals"][name]
        assert item["intact"] and item["valid"] and item["trusted"] and item["timestamp_ok"] and item["docmdp_ok"]
        assert not item["revoked"] and item["signed_at"] == NOW
        assert item["seal_object_der"] == seal.seal_object_der
        assert item["signer_certificate_der"] == seal.certificate_der
    assert (found["Seal1"]["page"], found["Seal1"]["box_mm"]) == (2, (42.0, 42.0))
    assert (found["Seal2"]["page"], found["Seal2"]["box_mm"]) == (1, (45.0, 30.0))
    assert found["Riding"]["box_mm"] == (0.0, 0.0)
    assert [(i["coverage"], i["modification_level"]) for i in found.values()] == [
        ("ENTIRE_REVISION", "FORM_FILLING"), ("ENTIRE_REVISION", "FORM_FILLING"), ("ENTIRE_FILE", "NONE")]


def test_the_document_carries_its_own_crls(kit, stamped):
    found = report(kit, stamped["data"], crls_der=())
    assert all(item["trusted"] and item["timestamp_ok"] for item in found.values())


def test_a_seal_revoked_after_it_signed_still_holds_for_what_it_signed(kit, stamped):
    later = NOW + timedelta(days=2)
    crls = kit.crls([(stamped["certificate"], NOW + timedelta(days=1))], at=later)
    found = report(kit, stamped["data"], crls_der=crls)
    assert found["Seal1"]["trusted"] and not found["Seal1"]["revoked"]


def test_a_seal_revoked_before_its_timestamp_is_not_trusted(kit, stamped):
    crls = kit.crls([(stamped["certificate"], NOW - timedelta(hours=1))], at=NOW + timedelta(days=1))
    found = report(kit, stamped["data"], crls_der=crls)
    assert found["Seal1"]["intact"] and found["Seal1"]["valid"]
    assert found["Seal1"]["revoked"] and not found["Seal1"]["trusted"]
    assert found["Seal2"]["trusted"]


def test_another_root_trusts_none_of_them(kit, stamped):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "另一个根CA")])
    other_root = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                  .serial_number(1).not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=9))
                  .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                  .sign(key, hashes.SHA256()).public_bytes(Encoding.DER))
    found = report(kit, stamped["data"], trust_roots_der=[other_root])
    assert all(item["intact"] and item["valid"] and not item["trusted"] for item in found.values())


def test_a_changed_byte_is_not_intact(kit, stamped):
    tampered = stamped["data"].replace(b"(Page 2)", b"(Page 9)")
    found = report(kit, tampered)
    assert [item["intact"] for item in found.values()] == [False, False, False]


def test_content_added_after_the_last_seal_shows_as_a_modification(kit, stamped):
    writer = IncrementalPdfFileWriter(io.BytesIO(stamped["data"]), strict=False)
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 m 100 100 l S")))
    out = io.BytesIO()
    writer.write(out)
    found = report(kit, out.getvalue())
    assert all(item["intact"] and item["valid"] for item in found.values())
    assert {item["modification_level"] for item in found.values()} == {"OTHER"}
    assert not any(item["docmdp_ok"] for item in found.values())


def test_a_document_without_seals_reports_none(kit):
    assert verify_document(make_pdf(1), trust_roots_der=[kit.authority.root_der]) == []


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\n" + bytes(500)])
def test_what_cannot_be_read_is_refused(kit, data):
    with pytest.raises(DocumentRefused):
        verify_document(data, trust_roots_der=[kit.authority.root_der])


def test_a_cut_stamped_document_is_refused_or_reported_never_an_error(kit, stamped):
    data = stamped["data"]
    for cut in (len(data) - 10, len(data) // 2, len(data) * 3 // 4):
        try:
            found = verify_document(data[:cut], trust_roots_der=[kit.authority.root_der])
        except DocumentRefused:
            continue
        assert all(set(item) == KEYS for item in found)

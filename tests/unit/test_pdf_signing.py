"""用印 signs with keys that stay in the key store: checked by pyHanko's validator, poppler's pdfsig and qpdf.

One stamped document (a riding seal and two placed seals on three pages) is made once for the module and read
by most tests; the keys, certificates and CRLs are the session's platform PKI (tests/pki_kit).
"""
import base64
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import RevokedError

from backend.pki_wiring import keystores_for
from backend.services import pki_certs, seal_objects
from backend.services.keystore import EC_P256, KeyStoreUnavailable
from backend.services.pdf_documents import MM_PER_PT, DocumentRefused
from backend.services.pdf_signing import (
    SEAL_OBJECT_OID,
    Authority,
    Placement,
    Riding,
    StampSeal,
    sign_document,
    unused_field_names,
)
from tests.unit.test_pdf_documents import make_pdf

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def der(certificate):
    return certificate.public_bytes(Encoding.DER)


def seal_picture(size_px=496, fill=False):
    """A seal-red ring on transparent ground (or a filled square, whose drawn box is easy to measure)."""
    image = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if fill:
        draw.rectangle((0, 0, size_px - 1, size_px - 1), fill=(230, 0, 18, 255))
    else:
        draw.ellipse((8, 8, size_px - 9, size_px - 9), outline=(230, 0, 18, 255), width=24)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass
class Kit:
    pki: object
    authority: Authority

    def crls(self, revoked=(), at=NOW):
        """The root's and the issuing CA's CRLs as of `at`; revoked: [(certificate, revoked_at)]."""
        platform = self.pki.platform(NOW)
        entries = [(c.serial_number, when, "key_compromise") for c, when in revoked]
        return tuple(der_crl(pki_certs.sign_crl(self.pki.keys, ca.as_issuer(), 2, at, at + timedelta(days=7), items))
                     for ca, items in ((platform.root, []), (platform.issuing, entries)))

    def seal(self, field_name, width_mm=42, height_mm=42, picture=None):
        """A seal's key in the store, its certificate from the issuing CA and a seal object signed by the maker."""
        platform, keys = self.pki.platform(NOW), self.pki.keys
        key, spki = keys.generate(EC_P256)
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "广州市星河科技有限公司"),
                             x509.NameAttribute(NameOID.COMMON_NAME, f"广州市星河科技有限公司{field_name}")])
        certificate = pki_certs.issue(keys, platform.issuing.as_issuer(), subject, spki, NOW - timedelta(days=30),
                                      NOW + timedelta(days=365 * 5), pki_certs.signer_extensions(), "http://eseal.test")
        picture = picture or seal_picture()
        maker = platform.maker(EC_P256)
        contents = seal_objects.Contents(
            es_id=f"4401000{len(field_name):06d}", seal_type=seal_objects.ORGANISATION_SEAL, name="公章",
            certificates=(der(certificate),), created=NOW, valid_start=certificate.not_valid_before_utc,
            valid_end=certificate.not_valid_after_utc, picture=picture, width_mm=width_mm, height_mm=height_mm)
        seal_object = seal_objects.make(contents, der(maker.certificate), EC_P256,
                                        lambda data: keys.sign(maker.key, data))
        return StampSeal(field_name, der(certificate), key, picture, width_mm, height_mm, seal_object), certificate


def der_crl(revocation_list):
    return revocation_list.public_bytes(Encoding.DER)


def make_kit(pki):
    platform = pki.platform(NOW)
    chain = (der(platform.issuing.certificate), der(platform.root.certificate))
    kit = Kit(pki, None)
    kit.authority = Authority(certificates_der=chain, crls_der=kit.crls(),
                              tsa_certificate_der=der(platform.tsa.certificate),
                              tsa_key_ref=platform.tsa.key, tsa_chain_der=chain, root_der=chain[1])
    return kit


@pytest.fixture(scope="module")
def kit(wrapped_pki):
    return make_kit(wrapped_pki)


@pytest.fixture(scope="module")
def stamped(kit):
    """Three pages: the riding seal at 120 mm, seal A on page 1, seal B on page 3 (a 40 × 30 mm box)."""
    (a, _), (b, _), (riding, _) = kit.seal("Seal1"), kit.seal("Seal2", 40, 30), kit.seal("Riding")
    original = make_pdf(3)
    signed = sign_document(original, [Placement(a, 1, 20, 30), Placement(b, 3, 150.5, 250.25)], Riding(riding, 120),
                           keys=kit.pki.keys, authority=kit.authority, now=NOW)
    return {"original": original, "signed": signed, "seals": {"Seal1": a, "Seal2": b, "Riding": riding}}


def pyhanko_statuses(kit, data):
    """pyHanko's own validator, our root as the only anchor, the CRLs given, nothing fetched."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    statuses = {}
    for signature in reader.embedded_regular_signatures:
        context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(kit.authority.root_der)],
                                    crls=[asn1_crl.CertificateList.load(item) for item in kit.authority.crls_der],
                                    allow_fetching=False, moment=NOW, revocation_mode="hard-fail")
        statuses[signature.field_name] = (signature, validate_pdf_signature(signature, context))
    return statuses


def test_every_seal_is_an_intact_valid_signature_trusted_to_our_root_with_a_timestamp(kit, stamped):
    statuses = pyhanko_statuses(kit, stamped["signed"].data)
    assert list(statuses) == ["Riding", "Seal1", "Seal2"]  # the riding seal first: it draws on the pages
    for _signature, status in statuses.values():
        assert status.intact and status.valid and status.trusted and not status.revoked
        assert status.validation_path[0].dump() == kit.authority.root_der
        stamp = status.timestamp_validity
        assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted
        assert stamp.timestamp == NOW
    assert [(s.field_name, s.signed_at) for s in stamped["signed"].signatures] == [
        ("Riding", NOW), ("Seal1", NOW), ("Seal2", NOW)]


def test_a_later_seal_leaves_the_earlier_ones_valid_as_form_filling(kit, stamped):
    statuses = pyhanko_statuses(kit, stamped["signed"].data)
    levels = {name: (status.coverage.name, status.modification_level.name, status.docmdp_ok)
              for name, (_signature, status) in statuses.items()}
    assert levels == {"Riding": ("ENTIRE_REVISION", "FORM_FILLING", True),
                      "Seal1": ("ENTIRE_REVISION", "FORM_FILLING", True),
                      "Seal2": ("ENTIRE_FILE", "NONE", True)}


def test_each_seal_is_drawn_at_its_true_size_where_it_was_placed(kit, stamped):
    statuses = pyhanko_statuses(kit, stamped["signed"].data)
    for name, (x_mm, y_mm, width, height) in {"Seal1": (20, 30, 42, 42), "Seal2": (150.5, 250.25, 40, 30)}.items():
        x1, y1, x2, y2 = (float(v) for v in statuses[name][0].sig_field["/Rect"])
        assert abs((x2 - x1) * MM_PER_PT - width) <= 0.01 and abs((y2 - y1) * MM_PER_PT - height) <= 0.01
        assert abs(x1 * MM_PER_PT - x_mm) <= 0.01 and abs(297 - y2 * MM_PER_PT - y_mm) <= 0.01


def test_the_seal_object_travels_in_a_signed_attribute(kit, stamped):
    statuses = pyhanko_statuses(kit, stamped["signed"].data)
    for name, (signature, _status) in statuses.items():
        found = [a for a in signature.signer_info["signed_attrs"] if a["type"].dotted == SEAL_OBJECT_OID]
        assert len(found) == 1
        assert found[0]["values"][0].native == stamped["seals"][name].seal_object_der
        assert seal_objects.decode(found[0]["values"][0].native).contents.name == "公章"


def page_contents(data):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return [reader.find_page_for_modification(i)[0].get_object().raw_get("/Contents") for i in range(3)]


def test_the_riding_seal_draws_a_strip_on_every_page_in_its_signed_revision(kit, stamped):
    data = stamped["signed"].data
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    riding = next(s for s in reader.embedded_regular_signatures if s.field_name == "Riding")
    signed_part = data[: int(riding.byte_range[2]) + int(riding.byte_range[3])]  # as the riding signature signed it
    before, after = page_contents(stamped["original"]), page_contents(signed_part)
    assert all(str(b) != str(a) for b, a in zip(before, after, strict=True))  # each page's content grew
    assert page_contents(data) == after  # and no later revision changed it
    assert riding.sig_field["/Rect"] == [0, 0, 0, 0]  # an invisible field: the strips are the picture


def pdfsig_report(data):
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig is not installed (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "stamped.pdf")
        path.write_bytes(data)
        # No -nocert: pdfsig then also reports the certificate (untrusted here, NSS has no database with our
        # root), but its "Signature Validation" line is the integrity check of the CMS over the byte ranges.
        done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return [block for block in re.split(r"^Signature #\d+:$", done.stdout, flags=re.MULTILINE)[1:]]


def test_pdfsig_finds_every_signature_valid(stamped):
    blocks = pdfsig_report(stamped["signed"].data)
    assert len(blocks) == 3
    assert all("Signature Validation: Signature is Valid." in block for block in blocks)
    assert "- Total document signed" in blocks[-1]
    assert [re.search(r"Field Name: (\S+)", block).group(1) for block in blocks] == ["Riding", "Seal1", "Seal2"]


def test_qpdf_finds_the_structure_sound(stamped):
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "stamped.pdf")
        path.write_bytes(stamped["signed"].data)
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def test_a_byte_changed_after_signing_breaks_every_signature_over_it(kit, stamped):
    data = stamped["signed"].data
    assert data.count(b"(Page 1)") == 1
    tampered = data.replace(b"(Page 1)", b"(Page 7)")
    statuses = pyhanko_statuses(kit, tampered)
    assert [status.intact for _signature, status in statuses.values()] == [False, False, False]


def test_a_placement_off_its_page_is_refused_before_anything_is_signed(kit):
    (seal, _) = kit.seal("Seal1")
    data, keys = make_pdf(2), kit.pki.keys
    for placement in (Placement(seal, 1, 168.01, 0), Placement(seal, 1, 0, 255.5), Placement(seal, 1, -1, 0),
                      Placement(seal, 3, 0, 0), Placement(seal, 0, 0, 0)):
        with pytest.raises(ValueError):
            sign_document(data, [placement], None, keys=keys, authority=kit.authority, now=NOW)
    with pytest.raises(ValueError):
        sign_document(data, [], Riding(seal, 260), keys=keys, authority=kit.authority, now=NOW)
    with pytest.raises(ValueError):
        sign_document(data, [], None, keys=keys, authority=kit.authority, now=NOW)
    with pytest.raises(DocumentRefused):
        sign_document(b"%PDF-1.7 not really", [Placement(seal, 1, 0, 0)], None, keys=keys, authority=kit.authority,
                      now=NOW)


def test_a_page_whose_size_differs_from_the_one_placed_on_is_refused(kit):
    (seal, _) = kit.seal("Seal1")
    data, keys = make_pdf(2), kit.pki.keys
    for sizes in ([(210, 297), (297, 210)], [(210.01, 297.0)] * 2):  # page 2, or page 1 by 0.01 mm: within 0.02
        sign_document(data, [Placement(seal, 1, 0, 0)], None, keys=keys, authority=kit.authority, now=NOW,
                      sizes=sizes)
    for sizes in ([(297, 210), (210, 297)], [(210.05, 297.0)] * 2):
        with pytest.raises(DocumentRefused):
            sign_document(data, [Placement(seal, 1, 0, 0)], None, keys=keys, authority=kit.authority, now=NOW,
                          sizes=sizes)
    with pytest.raises(DocumentRefused):  # a riding seal reads every page
        sign_document(data, [], Riding(seal, 100), keys=keys, authority=kit.authority, now=NOW,
                      sizes=[(210, 297), (297, 210)])


def test_a_field_name_the_document_has_already_is_refused(kit, stamped):
    (seal, _) = kit.seal("Seal1")
    with pytest.raises(ValueError):
        sign_document(stamped["signed"].data, [Placement(seal, 1, 100, 100)], None, keys=kit.pki.keys,
                      authority=kit.authority, now=NOW)


def test_names_for_new_fields_skip_those_the_document_has(stamped):
    assert unused_field_names(make_pdf(1), 2) == ["Seal1", "Seal2"]
    assert unused_field_names(stamped["signed"].data, 2) == ["Seal3", "Seal4"]


def test_a_revoked_seal_cannot_sign(kit):
    seal, certificate = kit.seal("Seal1")
    authority = Authority(**{**kit.authority.__dict__, "crls_der": kit.crls([(certificate, NOW - timedelta(hours=1))])})
    with pytest.raises(SigningError) as caught:
        sign_document(make_pdf(1), [Placement(seal, 1, 10, 10)], None, keys=kit.pki.keys, authority=authority, now=NOW)
    assert isinstance(caught.value.__cause__, RevokedError)


def test_signing_through_the_pkcs11_key_store(pkcs11_pki):
    kit = make_kit(pkcs11_pki)
    assert kit.pki.platform(NOW).tsa.key.startswith("pkcs11:")
    (seal, _), (riding, _) = kit.seal("Seal1"), kit.seal("Riding")
    assert seal.key_ref.startswith("pkcs11:")
    signed = sign_document(make_pdf(2), [Placement(seal, 2, 50, 50)], Riding(riding, 10), keys=kit.pki.keys,
                           authority=kit.authority, now=NOW)
    for _signature, status in pyhanko_statuses(kit, signed.data).values():
        assert status.intact and status.valid and status.trusted
        assert status.timestamp_validity.valid and status.timestamp_validity.trusted
    assert all("Signature is Valid." in block for block in pdfsig_report(signed.data))


def test_a_key_store_that_cannot_sign_stops_the_stamping_with_its_own_error(kit):
    seal, _ = kit.seal("Seal1")
    other_kek = base64.b64encode(bytes(32)).decode()  # the same key files under another key-encryption key
    locked = keystores_for({"ESEAL_KEY_DIR": kit.pki.settings.key_dir, "ESEAL_SEAL_KEK": other_kek})
    with pytest.raises(KeyStoreUnavailable):
        sign_document(make_pdf(1), [Placement(seal, 1, 10, 10)], None, keys=locked, authority=kit.authority, now=NOW)

"""用印: the cost of stamping one seal on a PDF, as a ratio against pyHanko signing the same file directly.

    .venv/bin/python scripts/bench/stamping.py [rounds] [--pkcs11] [--profile]

For generated documents of 1, 10, 50 and 200 pages, each round stamps one visible seal (42 × 42 mm) on page 1:
- "pyhanko, key kept": the baseline, pyHanko alone with in-memory keys (the seal's ECDSA P-256 key, the TSA's
  RSA-3072 key in its DummyTimeStamper, loaded once), the same PAdES B-T/B-LT settings (signature_metadata), the
  same picture, box and validation context;
- "pyhanko (stock)": the same with pyHanko's DummyTimeStamper as it comes (it loads and checks its RSA key for
  every token it signs, ≈ 0.1 s each, two per signature);
- "sign_document": pdf_signing.sign_document, the keys in the key store (wrapped files; with --pkcs11 a SoftHSM2 token
  too), the document read and checked first, the seal object in a signed attribute.
- "api (用印)": the whole 用印 through the HTTP API in process (scripts/bench/stamping_api.py): 选择文件, 【确认用印】,
  the licence app's result (signed as it signs it; its pages and the password hash are not timed), the callback,
  用印 and 【下载文件】 — the upload checked, the file written whole, the 用印记录 appended.
Figures are medians (p50) and p95 of the rounds; "ratio" is the baseline's p50 / this line's p50 (target ≥ 0.8),
since only a ratio measured in the same run means anything on a shared machine; the lines take turns round by round.
--profile: the API's rounds step by step too (p50 of each request, sign_document within 用印).
"""
import hashlib
import io
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from asn1crypto import cms, core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields, general, signers
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from backend.pki_wiring import keystores_for
from backend.services import pki_certs
from backend.services.keystore import EC_P256
from backend.services.pdf_signing import (
    Authority,
    Placement,
    StampSeal,
    sign_document,
    signature_metadata,
    validation_context,
)
from backend.services.pki_service import PkiService, PkiSettings
from backend.services.seal_pictures import SealPictures

NOW = datetime.now(UTC)
PAGES = (1, 10, 50, 200)
SEAL_MM, X_MM, Y_MM = 42, 20, 30
PT = 72 / 25.4
DER = serialization.Encoding.DER


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: tuple[float, ...]

    @property
    def p50(self):
        return statistics.median(self.seconds) * 1000

    @property
    def p95(self):
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def measure_together(actions, rounds, warmup=1):
    """A Timing per entry of {label: action}, the actions taking turns round by round (so that a burst of load
    on the machine falls on all of them alike), after `warmup` untimed rounds."""
    seconds = {label: [] for label in actions}
    for index in range(warmup + rounds):
        for label, action in actions.items():
            start = time.perf_counter()
            action()
            if index >= warmup:
                seconds[label].append(time.perf_counter() - start)
    return [Timing(label, tuple(values)) for label, values in seconds.items()]


def measure(label, action, rounds, warmup=1):
    """Timing of `action()` over `rounds` calls (after `warmup` untimed ones)."""
    return measure_together({label: action}, rounds, warmup)[0]


def report(timing, baseline=None):
    ratio = f"{baseline.p50 / timing.p50:>6.2f}" if baseline is not None else f"{'—':>6}"
    print(f"  {timing.label:<16} p50 {timing.p50:>8.1f} ms   p95 {timing.p95:>8.1f} ms   ratio {ratio}")


def document(pages):
    """A text document of `pages` A4 pages (a few compressed lines each), written by pyHanko."""
    writer = PdfFileWriter()
    name = generic.pdf_name
    font = writer.add_object(generic.DictionaryObject({name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
                                                       name("/BaseFont"): name("/Helvetica")}))
    for index in range(pages):
        lines = b" ".join(b"0 -14 Td (Line %d of page %d: the quick brown fox jumps over the lazy dog.) Tj" % (n, index)
                          for n in range(40))
        stream = generic.StreamObject(stream_data=b"BT /F1 11 Tf 60 780 Td " + lines + b" ET")
        stream.compress()
        resources = generic.DictionaryObject({name("/Font"): generic.DictionaryObject({name("/F1"): font})})
        writer.insert_page(PageObject(contents=writer.add_object(stream), media_box=(0, 0, 595.2756, 841.8898),
                                      resources=resources))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def picture():
    size = round(SEAL_MM / 25.4 * 300)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((8, 8, size - 9, size - 9), outline=(230, 0, 18, 255), width=24)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pki(pkcs11=None):
    key_dir = tempfile.mkdtemp(prefix="bench-stamping-")
    config = {"ESEAL_KEY_DIR": key_dir, **(pkcs11 or {})}
    settings = PkiSettings(key_dir=key_dir, public_url=lambda: "http://127.0.0.1:5000")
    pki = PkiService(settings, lambda: keystores_for(config), SealPictures(None, None))
    pki.platform(NOW - timedelta(days=1))
    return pki


def _subject(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(pki, spki, common_name, purposes=()):
    issuing = pki.platform(NOW).issuing
    return pki_certs.issue(pki.keys, issuing.as_issuer(), _subject(common_name), spki, NOW - timedelta(hours=1),
                           NOW + timedelta(days=365), pki_certs.signer_extensions(purposes), "http://127.0.0.1:5000")


def authority(pki):
    platform = pki.platform(NOW)
    chain = tuple(c.certificate.public_bytes(DER) for c in (platform.issuing, platform.root))
    crls = tuple(pki_certs.sign_crl(pki.keys, ca.as_issuer(), 1, NOW - timedelta(minutes=1), NOW + timedelta(days=7),
                                    []).public_bytes(DER) for ca in (platform.root, platform.issuing))
    return Authority(certificates_der=chain, crls_der=crls,
                     tsa_certificate_der=platform.tsa.certificate.public_bytes(DER),
                     tsa_key_ref=platform.tsa.key, tsa_chain_der=chain, root_der=chain[1])


def ours(pki, auth, png):
    """sign_document with the seal's key in the key store: a callable of the document."""
    key, spki = pki.keys.generate(EC_P256)
    certificate = _certificate(pki, spki, "基准测试公司公章")
    seal = StampSeal("Seal1", certificate.public_bytes(DER), key, png, SEAL_MM, SEAL_MM, b"\x30\x00" * 2000)
    return lambda data: sign_document(data, [Placement(seal, 1, X_MM, Y_MM)], None, keys=pki.keys, authority=auth,
                                      now=NOW).data


def _in_memory(private):
    der = private.private_bytes(DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return asn1_keys.PrivateKeyInfo.load(der)


class KeptKeyTimeStamper(DummyTimeStamper):
    """pyHanko's in-process TSA, its RSA key turned into a cryptography key once instead of for every token (the
    stock one loads and checks it per token, ≈ 0.1 s for RSA-3072): the stricter baseline."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._key = serialization.load_der_private_key(self.tsa_key.dump(), password=None)

    def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
        digest = hashlib.sha256(tst_info_data).digest()
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate", general.as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest)])
        return self._key.sign(signed_attrs.dump(), padding.PKCS1v15(), hashes.SHA256()), signed_attrs


def baseline(pki, auth, png, kept_key=False):
    """pyHanko alone: in-memory seal and TSA keys, certificates from the same CAs, the same settings and box
    (``kept_key``: the TSA's key loaded once, KeptKeyTimeStamper)."""
    load = asn1_x509.Certificate.load
    seal_key, tsa_key = ec.generate_private_key(ec.SECP256R1()), rsa.generate_private_key(65537, 3072)
    spki = seal_key.public_key().public_bytes(DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    tsa_spki = tsa_key.public_key().public_bytes(DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    seal_cert = load(_certificate(pki, spki, "基准测试公司公章").public_bytes(DER))
    tsa_cert = load(_certificate(pki, tsa_spki, "基准测试时间戳", [ExtendedKeyUsageOID.TIME_STAMPING]).public_bytes(DER))
    chain = [load(der) for der in auth.certificates_der]
    middle = layout.AxisAlignment.ALIGN_MID
    rule = layout.SimpleBoxLayoutRule(x_align=middle, y_align=middle, margins=layout.Margins(),
                                      inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)
    style = StaticStampStyle(background=PdfImage(Image.open(io.BytesIO(png))), border_width=0, background_opacity=1,
                             background_layout=rule)
    x1, y2 = X_MM * PT, 841.8898 - Y_MM * PT
    box = (x1, y2 - SEAL_MM * PT, x1 + SEAL_MM * PT, y2)

    signer = signers.SimpleSigner(seal_cert, _in_memory(seal_key), SimpleCertificateStore.from_certs(chain))
    # one time-stamper for all rounds, as a client of a TSA is kept: its sizing token is made once, not per round
    tsa = (KeptKeyTimeStamper if kept_key else DummyTimeStamper)(tsa_cert, _in_memory(tsa_key), certs_to_embed=chain,
                                                                  fixed_dt=NOW)

    def sign(data):
        spec = fields.SigFieldSpec(sig_field_name="Seal1", on_page=0, box=box)
        meta = signature_metadata("Seal1", validation_context(auth, NOW))
        pdf_signer = signers.PdfSigner(meta, signer, timestamper=tsa, stamp_style=style, new_field_spec=spec)
        return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data), strict=False)).getvalue()
    return sign


def report_steps(profile, warmup=1):
    """p50 of each step of the API's timed rounds (the first `warmup` rounds left out, as measure_together does)."""
    parts = [f"{step.strip()} {statistics.median(values[warmup:]) * 1000:.1f}"
             for step, values in profile.items() if len(values) > warmup]
    print("    per request, p50 ms: " + " · ".join(parts))


def run(pki, label, rounds, api=None):
    """pyHanko alone, sign_document, and (with ``api``) the whole 用印 through the HTTP API, on each document."""
    auth, png = authority(pki), picture()
    direct, kept, stamped = baseline(pki, auth, png), baseline(pki, auth, png, kept_key=True), ours(pki, auth, png)
    for pages in PAGES:
        data = document(pages)
        print(f"{pages} page{'s' if pages > 1 else ''} ({len(data) // 1024} KB), key store {label}")
        actions = {"pyhanko, key kept": lambda data=data: kept(data), "pyhanko (stock)": lambda data=data: direct(data),
                   "sign_document": lambda data=data: stamped(data)}
        if api is not None:
            actions["api (用印)"] = lambda data=data: api.stamp(data, X_MM, Y_MM)
            for values in (api.profile or {}).values():
                values.clear()
        base, *others = measure_together(actions, rounds)
        report(base)
        for timing in others:
            report(timing, base)
        if api is not None and api.profile is not None:
            report_steps(api.profile)


def main(rounds, with_pkcs11, profile=False):
    print(f"rounds={rounds}; one visible seal, PAdES B-T + B-LT (TSA in process, CRLs embedded)")
    print("api (用印): upload → 确认用印 → the licence app's result → callback → 用印 → 下载文件, in process (SQLite)")
    from stamping_api import ApiStamping
    api = ApiStamping(profile=profile)
    try:
        run(_pki(), "wrapped", rounds, api)
    finally:
        api.close()
    if with_pkcs11:
        from tests.pki_kit import init_token, softhsm_missing
        reason = softhsm_missing()
        if reason:
            print(f"PKCS#11 skipped: {reason}")
        else:
            run(_pki(init_token(tempfile.mkdtemp(prefix="bench-softhsm-"))), "pkcs11", rounds)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
    else:
        main(int(args[0]) if args else 15, "--pkcs11" in sys.argv, "--profile" in sys.argv)

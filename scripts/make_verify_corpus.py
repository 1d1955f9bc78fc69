"""The 验章 verdict corpus: stamped, tampered, revoked, foreign, unsigned and damaged files, and seal files, each
with the verdict POST /api/verify must give it (expected.json).

    .venv/bin/python scripts/make_verify_corpus.py DIR [--verify]

--verify: each file then goes through POST /api/verify of the app that made it, our verdict printed beside the
expected one (the exit status is 1 when one differs).

Made with the app in process (the QA kit: fresh_app, the driver, the operator), never committed: the files are
generated each time. A file's verdict holds for the app that made it — its PKI and its 用印记录 — which is why the
tests use ``corpus_app`` (the app stays alive while they verify); the tampered, unsigned and damaged files and the
flipped seal file are invalid anywhere, the foreign CA's signature is not ours anywhere. The clock of the app is
moved back for the two "before stamping" cases: the seal is stamped first, then suspended or revoked as of an
earlier instant (what a backdated revocation, or a stolen key used after it, looks like).
"""
import io
import json
import sys
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# name: (file, expected verdict, what it is, intact of each signature in signing order — what pdfsig must agree on)
EXPECTED = {
    "intact_one_seal": ("intact-one-seal.pdf", "valid", "一枚公章，盖章后未修改", [True]),
    "two_seals": ("two-seals.pdf", "valid", "两次用印：公章，再加盖合同专用章", [True, True]),
    "riding_seal": ("riding-seal.pdf", "valid", "骑缝章（公章，每页一条）与第3页的合同专用章", [True, True]),
    "byte_flipped": ("byte-flipped.pdf", "invalid", "盖章后改动了签名范围内的一个字节", [False]),
    "text_appended": ("text-appended.pdf", "invalid", "盖章后在第1页追加了文字（增量更新）", [True]),
    "page_changed": ("page-changed.pdf", "invalid", "盖章后的第二个版本替换了第2页的内容", [True]),
    "bytes_appended": ("bytes-appended.pdf", "valid", "盖章后在文件末尾附加了不构成版本的字节", [True]),
    "revoked_before": ("revoked-before-stamping.pdf", "invalid", "印章在盖章之前已注销（挂失）", [True]),
    "revoked_after": ("revoked-after-stamping.pdf", "valid", "带时间戳盖章后印章才注销：仍然有效", [True]),
    "suspended_after": ("suspended-after-stamping.pdf", "indeterminate", "盖章后印章被停用（暂停，尚可恢复）", [True]),
    "suspended_before": ("suspended-before-stamping.pdf", "invalid", "印章在盖章之前已停用", [True]),
    "foreign_ca": ("foreign-ca.pdf", "indeterminate", "其他CA签发的证书签名（无时间戳）", [True]),
    "unsigned": ("unsigned.pdf", "invalid", "没有签名的PDF", []),
    "damaged": ("damaged.pdf", "invalid", "已盖章文件丢失了结尾（交叉引用表与文件尾）", []),
    "encrypted": ("encrypted.pdf", "indeterminate", "加密的PDF", []),
    "esl_ecdsa": ("seal-ecdsa.esl", "valid", "本平台的印章文件（ECDSA）", [True]),
    "esl_flipped": ("seal-flipped.esl", "invalid", "印章图像中改动了一个字节的印章文件", [False]),
    "esl_sm2": ("seal-sm2.esl", "valid", "SM2/SM3 签名的印章文件（ESEAL_SEAL_ALGORITHM=sm2）", [True]),
}
PDFSIG_JUDGES = {name for name, (file, *_rest) in EXPECTED.items()
                 if file.endswith(".pdf") and name not in ("damaged", "encrypted")}  # pdfsig finds a
# signature in the damaged file (poppler rebuilds the cross-reference table) that it cannot verify, and opens no
# encrypted file without its password: there it cannot judge.


def _holder(app, seals, other=None):
    """A new principal (the QA kit's driver; in another browser than ``other``'s, a new person) who downloaded a new
    enterprise's seals: (driver, {name: seal}, receipts)."""
    from backend.testing.client import driver
    eseal = other.new_browser() if other is not None else driver(app.test_client())
    eseal.sign_up()
    opened = eseal.open_enterprise(seals=seals)
    download = eseal.download_seals(opened)
    return eseal, {s["name"]: s for s in eseal.usable_seals()}, download.receipts


def _place(seal, page=1, x_mm=30, y_mm=30):
    return {"seal_id": seal["seal_id"], "page": page, "x_mm": x_mm, "y_mm": y_mm}


def _flip(data, marker, offset=0):
    at = data.index(marker) + offset
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _incremental(data, change):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_appended(data):
    """A revision that draws more text on page 1 (with the page's own font)."""
    from pyhanko.pdf_utils import generic
    text = b"BT /F1 24 Tf 72 400 Td (Amount: 1,000,000 CNY) Tj ET"
    return _incremental(data, lambda w: w.add_stream_to_page(0, w.add_object(generic.StreamObject(stream_data=text))))


def page_changed(data):
    """A revision whose page 2 has other content."""
    from pyhanko.pdf_utils import generic

    def change(writer):
        page_ref, _resources = writer.find_page_for_modification(1)
        page = page_ref.get_object()
        page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 700 Td (Replaced) Tj ET"))
        writer.update_container(page)
    return _incremental(data, change)


def encrypted(data):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False))
    writer.encrypt("owner-secret", "user-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def foreign_signed(data, now, count=1):
    """``data`` signed ``count`` times (fields Signature1, …) by a certificate of another CA (made here with
    cryptography), no timestamp: pyHanko alone."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def name(org, cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    root_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = name("外省电子认证服务有限公司", "外省电子认证根CA")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name).public_key(root_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=30))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(root_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name("某外地贸易有限公司", "某外地贸易有限公司公章")).issuer_name(root_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(root_key, hashes.SHA256()))
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(leaf.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                                    serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(root.public_bytes(der))]))
    for number in range(1, count + 1):
        field = f"Signature{number}"
        data = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data), strict=False),
                                signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256"), signer=signer,
                                new_field_spec=fields.SigFieldSpec(field, on_page=0, box=(300, 600, 420, 720))).getvalue()
    return data


def _sm2_seal_file(settings):
    """A seal file signed with SM2/SM3 (ESEAL_SEAL_ALGORITHM=sm2), made by an app of its own before the main one
    (on a shared database the apps take turns: each starts on empty tables)."""
    from backend.testing.app import fresh_app
    with fresh_app({**settings, "ESEAL_SEAL_ALGORITHM": "sm2"}) as app:
        eseal, _seals, receipts = _holder(app, ("official",))
        return eseal.download_seal_file(receipts[0])


def _stamp_cases(app, clock, write):
    """The PDFs made through 用印 (and the lifecycle through the operator)."""
    from backend.testing.documents import pdf_document
    document = pdf_document(3)
    eseal, seals, receipts = _holder(app, ("official", "contract"))
    one = eseal.stamp(document, [seals["公章"]]).document
    write("intact_one_seal", one)
    clock.advance(60)
    write("two_seals", eseal.stamp(one, placements=[_place(seals["合同专用章"], page=2)]).document)
    write("riding_seal", eseal.stamp(document, placements=[_place(seals["合同专用章"], page=3, x_mm=120, y_mm=200)],
                                     riding={"seal_id": seals["公章"]["seal_id"], "y_mm": 120}).document)
    write("byte_flipped", _flip(one, b"(Contract - page 2 of 3)", 12))
    write("text_appended", text_appended(one))
    write("page_changed", page_changed(one))
    write("bytes_appended", one + b"\n% appended after stamping: not a revision\n")
    write("damaged", one[:len(one) - 2000])
    write("encrypted", encrypted(document))
    write("unsigned", document)
    write("foreign_ca", foreign_signed(document, clock.now))
    esl = eseal.download_seal_file(receipts[0])
    write("esl_ecdsa", esl)
    write("esl_flipped", _flip(esl, b"IDAT", 40))
    _lifecycle_cases(app, clock, write, document, eseal)


def _lifecycle_cases(app, clock, write, document, first):
    """Four seals of another enterprise: suspended or revoked as of before their stamping, and after it."""
    eseal, seals, _receipts = _holder(app, ("official", "contract", "finance", "invoice"), first)
    operator, start = eseal.operator, clock.now
    names = {"suspended_before": "公章", "revoked_before": "合同专用章", "suspended_after": "财务专用章",
             "revoked_after": "发票专用章"}
    clock.now = start + timedelta(hours=1)
    stamped = {case: eseal.stamp(document, [seals[names[case]]]).document for case in ("suspended_before",
                                                                                        "revoked_before")}
    clock.now = start + timedelta(minutes=30)  # back: the suspension and revocation predate the stampings
    operator.suspend(seals[names["suspended_before"]])
    operator.revoke(seals[names["revoked_before"]], reason="compromise")
    clock.now = start + timedelta(hours=2)
    for case in ("suspended_after", "revoked_after"):
        stamped[case] = eseal.stamp(document, [seals[names[case]]]).document
    clock.advance(60)
    operator.suspend(seals[names["suspended_after"]])
    operator.revoke(seals[names["revoked_after"]])
    clock.advance(60)
    for case, data in stamped.items():
        write(case, data)


@contextmanager
def corpus_app(directory, settings=None):
    """Write the corpus and expected.json into ``directory``; yield (app, {name: path}) while the app that made it
    (and would verify it) lives. ``settings`` go to fresh_app over the test settings."""
    from backend.testing.app import fresh_app
    from backend.testing.clock import Clock
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}

    def write(name, data):
        paths[name] = directory / EXPECTED[name][0]
        paths[name].write_bytes(data)

    write("esl_sm2", _sm2_seal_file(settings or {}))
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    with fresh_app(settings, clock=clock) as app:
        _stamp_cases(app, clock, write)
        table = {name: {"file": file, "verdict": verdict, "what": what, "intact": intact}
                 for name, (file, verdict, what, intact) in EXPECTED.items()}
        (directory / "expected.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n")
        yield app, paths


def verify(app, path):
    """POST /api/verify of the file at ``path`` (an anonymous browser): the verdict JSON."""
    response = app.test_client().post("/api/verify", data={"file": (io.BytesIO(Path(path).read_bytes()), Path(path).name)},
                                      content_type="multipart/form-data")
    if response.status_code != 200:
        raise AssertionError(f"{path}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")
    return response.get_json()


def main(argv):
    args = [arg for arg in argv[1:] if arg != "--verify"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    differ = 0
    with corpus_app(args[0], {"ESEAL_VERIFY_PER_ADDRESS": (1000, 3600)}) as (app, paths):
        for name, path in paths.items():
            expected, what = EXPECTED[name][1], EXPECTED[name][2]
            ours = verify(app, path)["verdict"] if "--verify" in argv else ""
            differ += bool(ours) and ours != expected
            print(f"{expected:<14} {ours:<14} {path.name:<32} {what}")
    print(f"{len(paths)} files and expected.json in {args[0]}" + (f"; {differ} verdicts differ" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""验章: verifications per second through POST /api/verify, against pyHanko's validator alone on the same files.

    .venv/bin/python scripts/bench/verify.py [rounds]

The files are the valid stamped PDFs of the verdict corpus (scripts/make_verify_corpus.py, made in process: one
公章; 公章 then 合同专用章; a 骑缝章 and a 合同专用章 on three pages), each round verifying every file once:
- "pyhanko alone": the baseline, in this process: PdfFileReader, then for each signature pyHanko's
  async_validate_pdf_signature with a ValidationContext of our root, our CAs' CRLs and the document's DSS, at the
  timestamp's time (what any PAdES verifier must do at least);
- "api (验章)": the whole POST /api/verify in process (the Flask test client, an anonymous browser): the multipart
  upload, the abuse limit, pyHanko's work in the worker process (the document piped there and the answer back),
  then each signature judged against our records — the seal object's maker signature, the CRL statuses at signing
  and now, the 用印记录 by hash — and the JSON answer.
The two take turns file by file. Printed: verifications per second of each (files / total time), p50 and p95 per
file, and the ratio api / baseline (target ≥ 0.8); only a ratio measured in the same run means anything on a shared
machine. The worker's start (once per web process) is left out: a warm-up round runs first.
"""
import asyncio
import importlib.util
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

FILES = ("intact_one_seal", "two_seals", "riding_seal")


def _corpus_script():
    spec = importlib.util.spec_from_file_location("make_verify_corpus", ROOT / "scripts" / "make_verify_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timestamp_time(signature):
    for attribute in signature.signer_info["unsigned_attrs"] or ():
        if attribute["type"].native == "signature_time_stamp_token":
            token = attribute["values"][0]
            return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return None


async def _pyhanko_alone(data, roots, crls):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    certs = list(dss.load_certs())
    all_crls = [*crls, *(asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls)]
    results = []
    for signature in reader.embedded_regular_signatures:
        moment = _timestamp_time(signature)
        context = ValidationContext(trust_roots=roots, other_certs=certs, crls=all_crls, allow_fetching=False,
                                    moment=moment, retroactive_revinfo=True, revocation_mode="hard-fail")
        status = await async_validate_pdf_signature(signature, context)
        results.append(status.bottom_line)
    return results


def _registry_material(app):
    from backend.extensions import db
    from backend.pki_wiring import current_pki
    from backend.services.document_verify_records import Registry
    with app.app_context():
        registry = Registry(db.session, current_pki(), app.config["ESEAL_CLOCK"]())
        return ([asn1_x509.Certificate.load(der) for der in registry.roots_der()],
                [asn1_crl.CertificateList.load(der) for der in registry.crls_der()])


def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv):
    rounds = int(argv[1]) if len(argv) > 1 else 20
    corpus = _corpus_script()
    with corpus.corpus_app(tempfile.mkdtemp(prefix="bench-verify-"), {"ESEAL_VERIFY_PER_ADDRESS": (10**6, 3600)}) as (
            app, paths):
        files = {name: paths[name].read_bytes() for name in FILES}
        roots, crls = _registry_material(app)
        client = app.test_client()

        def api(data):
            response = client.post("/api/verify", data={"file": (io.BytesIO(data), "document.pdf")},
                                   content_type="multipart/form-data")
            answer = response.get_json()
            assert response.status_code == 200 and answer["verdict"] == "valid", answer
            return answer

        def alone(data):
            assert all(asyncio.run(_pyhanko_alone(data, roots, crls)))

        for data in files.values():  # warm-up: the worker started, caches filled
            api(data), alone(data)
        times = {"pyhanko alone": [], "api (验章)": []}
        per_file = {name: {"pyhanko alone": [], "api (验章)": []} for name in files}
        for _ in range(rounds):
            for name, data in files.items():
                for line, run in (("pyhanko alone", alone), ("api (验章)", api)):
                    started = time.perf_counter()
                    run(data)
                    elapsed = time.perf_counter() - started
                    times[line].append(elapsed)
                    per_file[name][line].append(elapsed)
    print(f"{rounds} rounds × {len(files)} files ({', '.join(f'{n} {len(d) // 1024} KB' for n, d in files.items())})")
    print(f"{'':<16}{'verif./s':>10}{'p50':>10}{'p95':>10}")
    rates = {}
    for line, values in times.items():
        rates[line] = len(values) / sum(values)
        print(f"{line:<16}{rates[line]:>10.2f}{_p(values, 0.5) * 1000:>8.1f}ms{_p(values, 0.95) * 1000:>8.1f}ms")
    for name, lines in per_file.items():
        base, ours = statistics.median(lines["pyhanko alone"]), statistics.median(lines["api (验章)"])
        print(f"  {name:<16} pyhanko p50 {base * 1000:7.1f} ms   api p50 {ours * 1000:7.1f} ms   ratio {base / ours:.2f}")
    ratio = rates["api (验章)"] / rates["pyhanko alone"]
    print(f"ratio api / pyhanko alone: {ratio:.2f} (target ≥ 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

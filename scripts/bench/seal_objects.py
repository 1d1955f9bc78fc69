"""Seals as signed objects: the cost of making one seal's key + certificate + SESeal, and of verifying one.

    .venv/bin/python scripts/bench/seal_objects.py [rounds] [--pkcs11]

Each figure is quoted as a ratio against a bare `cryptography` ECDSA P-256 sign (or verify) of the same bytes
(DER of the SES_SealInfo) measured in the same run, since the machine's speed varies. "make" is what 备案完成
adds: a key generated in the key store, the seal certificate built and signed by the issuing CA, the seal
object built and signed by the maker (the picture is drawn once beforehand: its cost is the seal picture's,
see seal_render.py). "verify" is 验章 of the object: parse, the maker's signature, the chain to the root,
the validity window and both certificates against their CA's current CRL. --pkcs11 runs the PKCS#11 key
store on a throw-away SoftHSM2 token too.
"""
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from backend.cache import MemoryCache  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.imaging import default_font_path  # noqa: E402
from backend.models import Enterprise, Seal  # noqa: E402
from backend.pki_wiring import keystores_for  # noqa: E402
from backend.services import seal_certs, seal_objects, seal_verify, sealing  # noqa: E402
from backend.services.pki_service import PkiService, PkiSettings  # noqa: E402
from backend.services.seal_pictures import SealPictures  # noqa: E402

NOW = datetime.now(UTC)


class OnePicture(SealPictures):
    """The seal picture drawn once: the bench measures the PKI, not the drawing."""

    def __init__(self):
        super().__init__(default_font_path(), MemoryCache())
        self._png = None

    def png(self, seal):
        if self._png is None:
            self._png = super().png(seal)
        return self._png


def _pki(key_dir, algorithm, pkcs11=None):
    config = {"ESEAL_KEY_DIR": str(key_dir), **(pkcs11 or {})}
    settings = PkiSettings(key_dir=str(key_dir), public_url=lambda: "http://127.0.0.1:5000", seal_algorithm=algorithm)
    pki = PkiService(settings, lambda: keystores_for(config), OnePicture())
    pki.platform(NOW)
    return pki


def _session():
    engine = create_engine("sqlite://")
    db.metadata.create_all(engine)
    session = Session(engine)
    enterprise = Enterprise(name="广州市星河科技有限公司", credit_code="91440101MA5CXXXX7R", type="llc",
                            address="广州市天河区", principal_name="张三", principal_id_digest="d" * 64,
                            principal_id_masked="4401**********0000", principal_phone="13900000000",
                            established_on=date(2026, 1, 1), created_at=NOW)
    session.add(enterprise)
    session.commit()
    return session, enterprise


def _per_op(action, rounds):
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        action(index)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _new_seal(session, enterprise, index):
    seal = Seal(enterprise_id=enterprise.id, type="official", status="filed", filed_at=NOW, created_at=NOW)
    session.add(seal)
    session.flush()
    seal.code = f"440100{seal.id:07d}"
    return seal


def bench(pki, rounds):
    """Medians (ms): make, its parts (key + certificate, object), verify, bare sign, bare verify; object size."""
    session, enterprise = _session()
    made, parts = [], {"certificate": [], "object": []}

    def make(index):
        seal = _new_seal(session, enterprise, index)
        start = time.perf_counter()
        seal_certs.issue(session, pki, seal, NOW)  # the key generated in the store, the certificate signed
        middle = time.perf_counter()
        sealing.make_object(session, pki, seal, NOW)
        parts["certificate"].append(middle - start)
        parts["object"].append(time.perf_counter() - middle)
        session.flush()
        made.append(seal.seal_object.der)
    make_ms = _per_op(make, rounds)
    session.commit()
    reports = []
    verify_ms = _per_op(lambda i: reports.append(seal_verify.verify_seal(session, pki, made[i], NOW)), rounds)
    assert all(r["verdict"] == "valid" for r in reports), reports[0]
    data = seal_objects.decode(made[0]).signed_bytes
    key = ec.generate_private_key(ec.SECP256R1())
    signature = key.sign(data, ec.ECDSA(hashes.SHA256()))
    sign_ms = _per_op(lambda i: key.sign(data, ec.ECDSA(hashes.SHA256())), rounds)
    bare_verify_ms = _per_op(lambda i: key.public_key().verify(signature, data, ec.ECDSA(hashes.SHA256())), rounds)
    session.close()
    medians = {name: statistics.median(times) * 1000 for name, times in parts.items()}
    return make_ms, medians, verify_ms, sign_ms, bare_verify_ms, len(made[0])


def main(rounds, with_pkcs11):
    rows = [("wrapped", "ecdsa", None), ("wrapped", "sm2", None)]
    if with_pkcs11:
        from tests.pki_kit import init_token, softhsm_missing
        reason = softhsm_missing()
        if reason:
            print(f"PKCS#11 skipped: {reason}")
        else:
            token = init_token(tempfile.mkdtemp(prefix="bench-softhsm-"))
            rows += [("pkcs11", "ecdsa", token), ("pkcs11", "sm2", token)]
    print(f"rounds={rounds} (medians per operation)")
    print(f"{'key store':<9} {'maker':<6} {'make':>9} {'(key+cert':>10} {'object)':>8} {'verify':>8} {'bare sign':>10}"
          f" {'bare verify':>12} {'make/sign':>10} {'verify/verify':>14}  object bytes")
    for store, algorithm, token in rows:
        pki = _pki(tempfile.mkdtemp(prefix="bench-pki-"), algorithm, token)
        make_ms, parts, verify_ms, sign_ms, bare_verify_ms, size = bench(pki, rounds)
        print(f"{store:<9} {algorithm:<6} {make_ms:>7.2f}ms {parts['certificate']:>8.2f}ms {parts['object']:>6.2f}ms"
              f" {verify_ms:>6.2f}ms {sign_ms:>8.3f}ms {bare_verify_ms:>10.3f}ms"
              f" {make_ms / sign_ms:>9.0f}x {verify_ms / bare_verify_ms:>13.0f}x  {size}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 200, "--pkcs11" in sys.argv)

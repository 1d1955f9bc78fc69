"""What our own records say of a signature: its certificate's status in our CRLs (when it was put on hold or
revoked), and the 用印记录 row of the stamping that made it.

The status is read from the CRLs pyHanko was given, so the two agree: a certificate's CRL entry carries the
instant it was put on hold or revoked, and the signature's time (its timestamp) says on which side of it the
signature was made. The 用印记录 row is found by hash: a stamping logs the SHA-256 of the file it delivered,
which ends where the last signature it made ends — so the row of a signature is the one, for the same seal,
whose sha256_after is the hash of the document up to the end of this signature's revision or of a later one.
"""
import hashlib
from datetime import timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from ..models import SealCertificate, StampLog
from . import crls, pki_certs, stamp_log
from .identifiers import mask_name
from .pki import ChainError

CHINA = timezone(timedelta(hours=8), "CST")
STATUS_TEXT = {"valid": "有效", "suspended": "已停用", "revoked": "已注销", "unknown": "无法确认"}
REASON_STATUS = {"certificate_hold": "suspended"}  # every other reason is a revocation (注销, 挂失, 更名)
REASON_TEXT = {"cessation_of_operation": "注销", "key_compromise": "挂失", "affiliation_changed": "企业更名",
               "certificate_hold": "停用", "unspecified": "吊销"}


def china_time(moment):
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


class Registry:
    """Our CAs' current CRLs and certificates for one verification (each CRL read and parsed once)."""

    def __init__(self, session, pki, now):
        self.session, self.pki, self.now = session, pki, now
        self.platform = pki.platform(now)
        self._crls = {}

    def roots_der(self):
        return [self.platform.root.certificate.public_bytes(Encoding.DER)]

    def crls_der(self):
        """Every CA's current CRL, the retired generations' too (the seals they certified are still in use)."""
        return [self._crl(ca.name)[0] for ca in self.platform.cas()]

    def _crl(self, name):
        if name not in self._crls:
            der = crls.current(self.session, self.pki, name, self.now).der
            self._crls[name] = (der, x509.load_der_x509_crl(der))
        return self._crls[name]

    def chain(self, certificate, moment):
        """(True, its issuer's name) when the certificate chains to our root, valid at ``moment``; (False, why)."""
        try:
            path = self.platform.chain(certificate, moment)
        except ChainError as exc:
            return False, str(exc)
        names = path[1].subject.get_attributes_for_oid(NameOID.COMMON_NAME) if len(path) > 1 else []
        return True, names[0].value if names else ""

    def revocation(self, certificate):
        """(reason, since) of the certificate in its CA's current CRL; (None, None) when not listed or not ours."""
        ca = self.platform.issuer_of(certificate)
        if ca is None:
            return None, None
        entry = self._crl(ca.name)[1].get_revoked_certificate_by_serial_number(certificate.serial_number)
        if entry is None:
            return None, None
        try:
            flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
            reason = next((key for key, value in pki_certs.REASONS.items() if value == flag), "unspecified")
        except x509.ExtensionNotFound:
            reason = "unspecified"
        return reason, entry.revocation_date_utc

    def seal_id_of(self, certificate):
        """The seal whose certificate this is (issued here), or None."""
        return self.session.scalar(select(SealCertificate.seal_id)
                                   .where(SealCertificate.serial == format(certificate.serial_number, "x")))


def status_from(reason):
    return "valid" if reason is None else REASON_STATUS.get(reason, "revoked")


def status_text(status, reason=None, since=None):
    """有效 / 已停用（2026-12-02 11:48:24 起） / 已注销（挂失，… 起） / 无法确认."""
    text = STATUS_TEXT[status]
    if status in ("suspended", "revoked") and since is not None:
        label = REASON_TEXT.get(reason, "")
        why = f"{label}，" if status == "revoked" and label and label != "注销" else ""
        return f"{text}（{why}{china_time(since)} 起）"
    return text


def prefix_hashes(data, ends):
    """{end: SHA-256 hex of data[:end]} for each end (one pass over the data, however many ends)."""
    out, digest, done = {}, hashlib.sha256(), 0
    for end in sorted({e for e in ends if 0 < e <= len(data)}):
        digest.update(memoryview(data)[done:end])
        done = end
        out[end] = digest.copy().hexdigest()
    return out


def stamp_rows(session, seal_id, hashes):
    """The seal's 用印记录 rows whose delivered file has one of these hashes."""
    if not hashes:
        return []
    return session.scalars(select(StampLog).where(StampLog.seal_id == seal_id, StampLog.sha256_after.in_(hashes))
                           .order_by(StampLog.seq)).all()


def best_row(rows, taken, kind, page, signed_at):
    """The row that fits the signature best (same kind, page and time), not given to another signature yet."""
    def score(row):
        return ((row.kind == kind) * 4 + (row.page == page) * 2 + (signed_at is not None and row.signed_at == signed_at),
                -row.seq)
    free = [row for row in rows if row.id not in taken]
    return max(free, key=score) if free else None


def row_facts(row):
    """What the page shows of a 用印记录 row: the operator masked, whoever asks."""
    return {"seq": row.seq, "signed_at": row.signed_at, "operator": mask_name(row.operator_name),
            "access": row.access, "access_text": stamp_log.ACCESS_LABELS[row.access], "kind": row.kind,
            "kind_text": stamp_log.KIND_LABELS[row.kind], "page": row.page, "row_hash": row.row_hash,
            "row_intact": row.row_hash == stamp_log.row_hash(row)}

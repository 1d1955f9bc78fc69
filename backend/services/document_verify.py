"""验章 of any file (POST /api/verify, `flask verify FILE`, the #/verify page): a stamped PDF or a seal file (.esl),
told apart by its content, answered with one verdict — valid, invalid, indeterminate — its reason in Chinese, and
every signature in signing order (DESIGN.md's contract).

A PDF is read by pyHanko in a worker process (document_verify_sandbox): at most LIMIT_BYTES, MAX_SIGNATURES
signatures, ``timeout`` seconds. Each signature is then judged against our records (document_verify_signature).
A seal file is seal_verify's five steps, given the same top-level shape. Nothing uploaded is kept.
"""
import base64
import hashlib

from cryptography import x509
from cryptography.x509.oid import NameOID

from . import document_verify_records as records
from . import seal_objects, seal_verify
from .document_verify_sandbox import SandboxBusy, VerifyTimeout, WorkerFailed
from .document_verify_signature import SealObjects, judge
from .document_verify_text import (
    CHECK_NAMES,
    DOCUMENT_REFUSALS,
    VERDICT_TEXT,
    document_reason,
)
from .errors import DomainError, TooMany
from .sms import wait_text

LIMIT_BYTES = 20 * 1024 * 1024
LIMIT_TEXT = "文件超过20MB，请压缩后再上传"
MAX_SIGNATURES = 50
HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first 1024 bytes
NOT_VERIFIABLE = "文件不是PDF或印章文件（.esl），无法验证"


class FileTooLarge(DomainError):
    status = 413

    def __init__(self):
        super().__init__("file_too_large", LIMIT_TEXT, fields={"file": LIMIT_TEXT})


class NotVerifiable(DomainError):
    status = 415

    def __init__(self):
        super().__init__("not_verifiable", NOT_VERIFIABLE, fields={"file": NOT_VERIFIABLE})


class VerifyBusy(DomainError):
    status = 503

    def __init__(self):
        super().__init__("verify_busy", "验章服务繁忙，请稍后再试", headers={"Retry-After": "10"})


def within_limit(session, throttles, address, now, rate):
    """One verification more from this client address against rate = (count, seconds); past it 429 with
    Retry-After, nothing counted. Commits the count (it holds even if the verification then fails)."""
    left, wait = throttles.hit(session, f"verify-from:{address}", now, *rate)
    if left is None:
        session.rollback()
        raise TooMany("verify_too_frequent", f"当前网络验章过于频繁，请{wait_text(wait)}后再试",
                      headers={"Retry-After": str(wait)})
    session.commit()


def file_type(data):
    """"pdf" or "seal_file" by content (a seal file is DER: a SEQUENCE), or NotVerifiable / FileTooLarge."""
    if len(data) > LIMIT_BYTES:
        raise FileTooLarge()
    if b"%PDF-" in bytes(data[:HEADER_WINDOW]):
        return "pdf"
    if data[:1] == b"\x30":
        return "seal_file"
    raise NotVerifiable()


def verify_file(session, pki, data, now, sandbox, timeout=30):
    """The verdict of a file (a dict, the answer of POST /api/verify)."""
    data = bytes(data)
    kind = file_type(data)
    base = {"file_type": kind, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "checked_at": now,
            "steps": None, "seal": None}
    if kind == "seal_file":
        return {**base, **verify_seal_file(session, pki, data, now)}
    return {**base, **verify_pdf(session, pki, data, now, sandbox, timeout)}


def _refused(code, **values):
    verdict, reason = DOCUMENT_REFUSALS[code]
    return {"verdict": verdict, "verdict_text": VERDICT_TEXT[verdict], "reason": reason.format(**values),
            "signatures": []}


def verify_pdf(session, pki, data, now, sandbox, timeout):
    registry = records.Registry(session, pki, now)
    try:
        answer = sandbox.verify(data, roots_der=registry.roots_der(), crls_der=registry.crls_der(),
                                max_signatures=MAX_SIGNATURES, timeout=timeout)
    except VerifyTimeout:
        return _refused("timeout", seconds=f"{timeout:g}")
    except WorkerFailed:
        return _refused("too_complex")
    except SandboxBusy as exc:
        raise VerifyBusy() from exc
    if "refused" in answer:
        code = answer["refused"]
        if code not in DOCUMENT_REFUSALS:  # pdf_too_large and the like cannot come here; damaged is the safe word
            code = "pdf_damaged"
        return _refused(code, count=answer.get("count"), limit=MAX_SIGNATURES)
    found = answer["signatures"]
    if not found:
        return _refused("no_signatures")
    signatures = judge_all(session, pki, data, now, registry, found)
    verdicts = {s["verdict"] for s in signatures}
    verdict = next(v for v in ("invalid", "indeterminate", "valid") if v in verdicts)
    return {"verdict": verdict, "verdict_text": VERDICT_TEXT[verdict], "reason": document_reason(verdict, signatures),
            "signatures": signatures}


def _end(found):
    byte_range = found.get("byte_range")
    return byte_range[2] + byte_range[3] if byte_range and len(byte_range) == 4 else None


def judge_all(session, pki, data, now, registry, found):
    """Each signature judged; they share the document's revision hashes and the 用印记录 rows already matched."""
    ends = [_end(item) for item in found]
    hashes = records.prefix_hashes(data, [end for end in ends if end] + [len(data)])

    def ends_from(index):
        """The hashes a stamping that made signature ``index`` may have logged: its revision's or a later one's."""
        own = ends[index]
        if own is None:
            return []
        later = {end for end in ends[index:] if end and end >= own} | {len(data)}
        return [hashes[end] for end in sorted(later) if end in hashes]

    context = {"taken": set(), "hashes": [ends_from(i) for i in range(len(found))],
               "later_fields": [[other["field_name"] for other in found[i + 1:]] for i in range(len(found))]}
    objects = SealObjects(session, pki, now)
    return [judge(item, index, registry, objects, context) for index, item in enumerate(found, 1)]


def _created_status(registry, certificate, created):
    reason, since = registry.revocation(certificate)
    now_status = records.status_from(reason)
    then = now_status if reason is not None and since <= created else "valid"
    return then, now_status


def verify_seal_file(session, pki, data, now):
    """seal_verify's steps and verdict, and the seal object as the one "signature" (its maker's)."""
    report = seal_verify.verify_seal(session, pki, data, now)
    steps = {step["step"]: step for step in report["steps"]}
    entry = None
    if report["seal"] is not None:
        entry = _seal_entry(session, pki, data, now, report, steps)
    return {"verdict": report["verdict"], "verdict_text": VERDICT_TEXT[report["verdict"]],
            "reason": report["reason"], "steps": report["steps"], "seal": report["seal"],
            "signatures": [entry] if entry else []}


def _seal_entry(session, pki, data, now, report, steps):
    decoded = seal_objects.decode(data)
    contents, seal = decoded.contents, report["seal"]
    certificate = x509.load_der_x509_certificate(contents.certificates[0])
    maker = x509.load_der_x509_certificate(decoded.maker_certificate)
    registry = records.Registry(session, pki, now)
    ours = steps["maker_certificate"]["outcome"] == "passed"
    then, now_status = _created_status(registry, certificate, contents.created) if ours else ("unknown", "unknown")
    intact = steps["signature"]["outcome"] == "passed"
    maker_status = {"passed": "valid", "failed": "invalid"}.get(steps["signature"]["outcome"], "unknown")
    names = maker.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    checks = [{"check": step["step"], "name": CHECK_NAMES[step["step"]],
               "outcome": {"passed": "passed", "failed": "failed"}.get(step["outcome"], "unknown"),
               "detail": step["detail"]} for step in report["steps"]]
    return {
        "index": 1, "field_name": None, "kind": "seal_object", "kind_text": "印章数据", "page": None,
        "width_mm": float(contents.width_mm), "height_mm": float(contents.height_mm),
        "verdict": report["verdict"], "verdict_text": VERDICT_TEXT[report["verdict"]], "reason": report["reason"],
        "picture": "data:image/png;base64," + base64.b64encode(contents.picture).decode(),
        "seal_name": seal["seal_name"], "enterprise_name": seal["enterprise_name"], "credit_code": seal["credit_code"],
        "seal_code": seal["seal_code"], "signer_name": names[0].value if names else None,
        "certificate_serial": seal["certificate_serial"], "signed_at": contents.created,
        "time_source": "signer_clock", "time_source_text": "签名者时钟",
        "intact": intact, "intact_text": "文件完整" if intact else "已被篡改",
        "changes": "none" if intact else "unknown", "changes_text": "印章数据签名后未修改" if intact else "无法判断",
        "chain": "platform" if ours else "unknown", "chain_text": "本平台根证书签发" if ours else "未知的签发机构",
        "status_at_signing": then, "status_at_signing_text": records.STATUS_TEXT[then],
        "status_now": now_status, "status_now_text": records.STATUS_TEXT[now_status],
        "maker_signature": maker_status,
        "maker_signature_text": {"valid": "制章者签名有效", "invalid": "制章者签名无效"}.get(maker_status, "无法确认"),
        "stamp_log": None, "checks": checks,
    }

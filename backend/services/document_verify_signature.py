"""One PDF signature judged: who sealed (the seal object in its signed attribute, the signer certificate), when
(timestamp or the signer's clock), intact or not, what changed after it, the chain, the certificate's status at
signing and now, the seal object's maker signature, the matching 用印记录 — each a fact, a check in words, and
one verdict for the signature.
"""
import base64

from cryptography import x509
from cryptography.x509.oid import NameOID

from . import document_verify_records as records
from . import seal_objects, seal_verify
from .document_verify_text import (
    CHAIN_TEXT,
    CHANGES_TEXT,
    CHECK_NAMES,
    MAKER_TEXT,
    TIME_SOURCE_TEXT,
    VERDICT_TEXT,
    changes_check,
    integrity_check,
    status_now_check,
)

MAKER_STEPS = ("structure", "signature", "maker_certificate")  # what the seal object's genuineness rests on


def _attribute(name, oid):
    found = name.get_attributes_for_oid(oid)
    return found[0].value if found else None


def _certificate(der):
    try:
        certificate = x509.load_der_x509_certificate(der) if der else None
        if certificate is not None:
            certificate.subject, certificate.issuer  # noqa: B018  (parsed now: untrusted bytes)
        return certificate
    except ValueError:  # cryptography's parse error of an untrusted certificate
        return None


def changes_of(found, later_fields):
    """none / seal_added / form_filling / annotations / content_changed / unknown, from pyHanko's analysis."""
    if not found["intact"] or found["coverage"] is None:
        return "unknown"
    if found["coverage"] == "ENTIRE_FILE":
        return "none"
    level = found["modification_level"]
    if level in ("NONE", "LTA_UPDATES"):
        return "none"
    if level == "FORM_FILLING":
        changed = set(found.get("changed_fields") or ())
        return "seal_added" if later_fields and changed <= set(later_fields) else "form_filling"
    if level == "ANNOTATIONS":
        return "annotations"
    return "content_changed" if level == "OTHER" else "unknown"


class SealObjects:
    """The seal objects of one verification, each decoded and checked once (a seal used twice is one object)."""

    def __init__(self, session, pki, now):
        self.session, self.pki, self.now = session, pki, now
        self._seen = {}

    def check(self, der, certificate_der):
        """(maker status, detail, decoded or None)."""
        if not der:
            return "absent", "签名中没有印章数据（GB/T 38540），不是本平台的电子印章", None
        key = (der, certificate_der)
        if key not in self._seen:
            self._seen[key] = self._check(der, certificate_der)
        return self._seen[key]

    def _check(self, der, certificate_der):
        report = seal_verify.verify_seal(self.session, self.pki, der, self.now)
        steps = {step["step"]: step for step in report["steps"]}
        failed = next((steps[name] for name in MAKER_STEPS if steps[name]["outcome"] == "failed"), None)
        if failed is not None:
            return "invalid", f"{failed['name']}：{failed['detail']}", None
        unknown = next((steps[name] for name in MAKER_STEPS if steps[name]["outcome"] != "passed"), None)
        if unknown is not None:
            return "unknown", f"{unknown['name']}：{unknown['detail']}", None
        decoded = seal_objects.decode(der)
        if decoded.contents.certificates[0] != certificate_der:
            return "invalid", "印章数据中的印章证书与签名证书不一致", None
        return "valid", f"制章者签名有效（{report['seal']['algorithm']}）", decoded


def _status(registry, certificate, ours, time_source, signed_at, revoked_then):
    """(status at signing, its text, status now, its text) from our CRLs."""
    if certificate is None or not ours:
        return "unknown", "无法确认（不是本平台签发的证书）", "unknown", "无法确认（不是本平台签发的证书）"
    reason, since = registry.revocation(certificate)
    now_status = records.status_from(reason)
    now_text = records.status_text(now_status, reason, since)
    if reason is None:
        then = "revoked" if revoked_then else "valid"
        return then, records.STATUS_TEXT[then], now_status, now_text
    if time_source != "timestamp":
        return "unknown", "无法确认（签名没有可信时间戳，无法证明盖章早于停用或注销）", now_status, now_text
    if signed_at is not None and since <= signed_at:
        return now_status, records.status_text(now_status, reason, since), now_status, now_text
    return "valid", records.STATUS_TEXT["valid"], now_status, now_text


def _verdict(found, facts):
    """(verdict, reason): the first fault that makes the signature invalid, else what leaves it unsure."""
    if facts["certificate"] is None:
        return "invalid", "签名数据已损坏，无法验证"
    if not found["intact"]:
        return "invalid", "文件在盖章后被篡改"
    if not found["valid"]:
        return "invalid", "签名值无效，签名与签名证书不符"
    if facts["changes"] == "content_changed":
        return "invalid", "盖章后文件内容被修改"
    if facts["status_at_signing"] in ("suspended", "revoked"):
        return "invalid", f"盖章时印章{records.STATUS_TEXT[facts['status_at_signing']]}"
    if facts["maker_signature"] == "invalid":
        return "invalid", f"印章数据不可信（{facts['maker_detail']}）"
    if facts["chain"] != "platform":
        return "indeterminate", "签名证书不是本平台签发的，无法确认盖章单位和印章状态"
    if facts["status_at_signing"] == "unknown":
        return "indeterminate", "签名没有可信时间戳，而印章现已停用或注销，无法确认盖章时印章是否有效"
    if facts["status_now"] == "suspended":
        return "indeterminate", "印章当前已停用：盖章时有效，停用期间无法最终确认（恢复后即为有效）"
    if not found["trusted"]:
        return "indeterminate", f"证书链验证未通过（{found.get('trust_problem') or '原因不明'}）"
    if facts["maker_signature"] == "unknown":
        return "indeterminate", f"印章数据暂时无法确认（{facts['maker_detail']}）"
    return "valid", "印章有效"


def _log(registry, context, index, certificate, found, kind, page):
    """(row facts or None, outcome, detail) of the 用印记录 check."""
    seal_id = registry.seal_id_of(certificate) if certificate is not None else None
    if seal_id is None:
        return None, "unknown", "不是本平台用印，没有用印记录"
    rows = records.stamp_rows(registry.session, seal_id, context["hashes"][index - 1])
    row = records.best_row(rows, context["taken"], kind, page, found["signed_at"])
    if row is None:
        return None, "warning", ("未找到对应的用印记录" if found["intact"] else
                                 "未找到对应的用印记录：文件已被改动，与用印时交付的文件不一致")
    context["taken"].add(row.id)
    facts = records.row_facts(row)
    return facts, "passed", (f"{records.china_time(row.signed_at)} {facts['operator']} {facts['access_text']}"
                             f"{facts['kind_text']}（用印记录第{row.seq}条）")


def judge(found, index, registry, objects, context):
    """The signature's entry in the answer (DESIGN.md's contract plus the page's words)."""
    certificate = _certificate(found["signer_certificate_der"])
    time_source = ("timestamp" if found["timestamp_ok"] else "signer_clock") if found["signed_at"] else None
    signed_at = found["signed_at"]
    ours, chain_detail = registry.chain(certificate, signed_at or registry.now) if certificate else (False, "")
    maker, maker_detail, decoded = objects.check(found["seal_object_der"], found["signer_certificate_der"])
    page, (width, height) = found["page"], found["box_mm"]
    invisible = not width and not height  # a 骑缝章's field has no picture: its strips are page content
    facts = {"certificate": certificate, "chain": "platform" if ours else "unknown", "maker_signature": maker,
             "maker_detail": maker_detail, "changes": changes_of(found, context["later_fields"][index - 1])}
    (facts["status_at_signing"], then_text, facts["status_now"],
     now_text) = _status(registry, certificate, ours, time_source, signed_at, found["revoked"])
    row, log_outcome, log_detail = _log(registry, context, index, certificate, found, "riding" if invisible else "seal",
                                        page)
    kind = row["kind"] if row else (None if invisible else "seal")
    verdict, reason = _verdict(found, facts)
    subject = certificate.subject if certificate is not None else None
    contents = decoded.contents if decoded else None
    out = {
        "index": index, "field_name": found["field_name"], "kind": kind,
        "kind_text": {"seal": "盖章", "riding": "骑缝章"}.get(kind), "page": page if kind != "riding" else None,
        "width_mm": width, "height_mm": height, "verdict": verdict, "verdict_text": VERDICT_TEXT[verdict],
        "reason": reason,
        "picture": "data:image/png;base64," + base64.b64encode(contents.picture).decode() if contents else None,
        "seal_name": contents.name if contents else None,
        "enterprise_name": _attribute(subject, NameOID.ORGANIZATION_NAME) if subject else None,
        "credit_code": _attribute(subject, NameOID.ORGANIZATION_IDENTIFIER) if subject else None,
        "seal_code": contents.es_id if contents else (_attribute(subject, NameOID.SERIAL_NUMBER) if subject else None),
        "signer_name": _attribute(subject, NameOID.COMMON_NAME) if subject else None,
        "certificate_serial": format(certificate.serial_number, "X") if certificate else None,
        "signed_at": signed_at, "time_source": time_source, "time_source_text": TIME_SOURCE_TEXT.get(time_source),
        "intact": bool(found["intact"]), "intact_text": "文件完整" if found["intact"] else "已被篡改",
        "changes": facts["changes"], "changes_text": CHANGES_TEXT[facts["changes"]],
        "chain": facts["chain"], "chain_text": CHAIN_TEXT[facts["chain"]],
        "status_at_signing": facts["status_at_signing"],
        "status_at_signing_text": records.STATUS_TEXT[facts["status_at_signing"]],
        "status_now": facts["status_now"], "status_now_text": records.STATUS_TEXT[facts["status_now"]],
        "maker_signature": maker, "maker_signature_text": MAKER_TEXT[maker], "stamp_log": row,
    }
    out["checks"] = _checks(found, out, facts, chain_detail, then_text, now_text, (log_outcome, log_detail))
    return out


def _checks(found, out, facts, chain_detail, then_text, now_text, log):
    rows = [("integrity", *integrity_check(found, facts["certificate"])),
            ("changes", *changes_check(facts["changes"], found)),
            ("chain", *(("passed", f"由本平台根证书签发（签发机构：{chain_detail}）") if facts["chain"] == "platform" else
                        ("unknown", f"未知的签发机构：{chain_detail or '证书无法解析'}"))),
            ("status_at_signing", {"valid": "passed", "unknown": "unknown"}.get(out["status_at_signing"], "failed"),
             then_text),
            ("status_now", *status_now_check(out["status_now"], out["status_at_signing"], now_text)),
            ("maker_signature", {"valid": "passed", "invalid": "failed"}.get(facts["maker_signature"], "unknown"),
             facts["maker_detail"]),
            ("stamp_log", *log)]
    return [{"check": check, "name": CHECK_NAMES[check], "outcome": outcome, "detail": detail}
            for check, outcome, detail in rows]

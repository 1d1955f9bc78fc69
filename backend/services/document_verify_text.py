"""The words of 验章: each value a machine reads, as the page (and the CLI) says it in Chinese."""

VERDICT_TEXT = {"valid": "有效", "invalid": "无效", "indeterminate": "无法确认"}
TIME_SOURCE_TEXT = {"timestamp": "时间戳", "signer_clock": "签名者时钟"}
CHANGES_TEXT = {"none": "盖章后未修改", "seal_added": "盖章后加盖了其他印章", "form_filling": "盖章后填写了表单",
                "annotations": "盖章后添加了批注", "content_changed": "盖章后内容被修改", "unknown": "无法判断"}
CHAIN_TEXT = {"platform": "本平台根证书签发", "unknown": "未知的签发机构"}
MAKER_TEXT = {"valid": "制章者签名有效", "invalid": "制章者签名无效", "absent": "无印章数据", "unknown": "无法确认"}
CHECK_NAMES = {"integrity": "文件完整性", "changes": "盖章后是否修改", "chain": "证书链",
               "status_at_signing": "盖章时证书状态", "status_now": "当前状态", "maker_signature": "制章者签名",
               "stamp_log": "用印记录",
               # an .esl: seal_verify's steps
               "structure": "印章数据结构", "signature": "制章者签名", "maker_certificate": "制章者证书",
               "validity": "印章有效期", "revocation": "证书吊销状态"}
CHECK_OUTCOMES = {"passed": "通过", "warning": "注意", "failed": "未通过", "unknown": "无法确认"}
FILE_TYPE_TEXT = {"pdf": "PDF文件", "seal_file": "印章文件（.esl）"}


def integrity_check(found, certificate):
    if certificate is None:
        return "failed", "签名数据已损坏，无法验证"
    if not found["intact"]:
        return "failed", "已被篡改：签名范围内的内容与签名不符"
    if not found["valid"]:
        return "failed", "签名值无效：签名与签名证书不符"
    return "passed", "文件完整：签名范围内的内容未被改动"


def changes_check(changes, found):
    if changes == "none":
        trailing = found["coverage"] == "ENTIRE_REVISION" and found.get("revision") == (found.get("revisions") or 0) - 1
        return "passed", CHANGES_TEXT["none"] + ("（文件末尾另有不属于任何版本的数据，不影响显示内容）" if trailing else "")
    if changes == "seal_added":
        return "passed", CHANGES_TEXT["seal_added"] + "，本印章签署的内容未变"
    if changes in ("form_filling", "annotations"):
        return "warning", CHANGES_TEXT[changes] + "，本印章签署的内容未变，请核对表单或批注"
    if changes == "content_changed":
        return "failed", CHANGES_TEXT["content_changed"] + "：盖章后有人改动了页面或文件结构"
    return "unknown", CHANGES_TEXT["unknown"]


def status_now_check(now, then, text):
    if now == "valid":
        return "passed", text
    if now == "unknown":
        return "unknown", text
    if then == "valid" and now == "revoked":
        return "warning", f"{text}；盖章时有效，不影响本次盖章"
    return "warning", text


def document_reason(verdict, signatures):
    """The overall reason: every seal valid, or the first signature at fault (第N枚印章（名称）：why)."""
    if verdict == "valid":
        return "文件中的印章有效" if len(signatures) == 1 else f"文件中的{len(signatures)}枚印章均有效"
    first = next(s for s in signatures if s["verdict"] == verdict)
    name = first["seal_name"] or first["signer_name"] or "未知印章"
    return f"第{first['index']}枚印章（{name}）：{first['reason']}"


DOCUMENT_REFUSALS = {
    "no_signatures": ("invalid", "文件中没有电子印章（数字签名），页面上的印章图案不能证明文件经过盖章"),
    "pdf_damaged": ("invalid", "文件已损坏，无法读取其中的印章"),
    "pdf_encrypted": ("indeterminate", "该PDF文件已加密，无法验证其中的印章，请提供未加密的文件"),
    "too_many_signatures": ("indeterminate", "文件中有{count}个签名，超过{limit}个的上限，未予验证"),
    "timeout": ("indeterminate", "文件结构过于复杂，未能在{seconds}秒内完成验证"),
    "too_complex": ("indeterminate", "文件结构过于复杂，无法完成验证"),
}


def _china(moment):
    from .document_verify_records import china_time
    return china_time(moment)


def report_lines(report):
    """The verdict as text lines (flask verify FILE): the file, each signature with its facts and checks, the verdict."""
    lines = [f"文件：{FILE_TYPE_TEXT[report['file_type']]}，{report['size']:,} 字节，SHA-256 {report['sha256']}"]
    for sig in report["signatures"]:
        where = "骑缝章，每页" if sig["kind"] == "riding" else (f"第{sig['page']}页" if sig["page"] else sig["kind_text"] or "")
        lines.append(f"第{sig['index']}枚印章（{where}）：{sig['seal_name'] or sig['signer_name'] or '未知印章'}")
        lines.append(f"  企业名称：{sig['enterprise_name'] or '—'}；统一社会信用代码：{sig['credit_code'] or '—'}；"
                     f"印章编码：{sig['seal_code'] or '—'}")
        lines.append(f"  盖章时间：{_china(sig['signed_at'])}（北京时间，{sig['time_source_text'] or '未知来源'}）")
        for check in sig["checks"]:
            lines.append(f"  {check['name']}：{CHECK_OUTCOMES[check['outcome']]} — {check['detail']}")
        lines.append(f"  本枚印章：{sig['verdict_text']}（{sig['reason']}）")
    lines.append(f"结论：{report['verdict_text']}（{report['reason']}）")
    return lines

"""The pure parts of 验章: what a file is, what changed after a seal, the hashes a stamping logged, which 用印记录 row
fits a signature, the words of a status and of the overall reason, the CLI's lines."""
import hashlib
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from backend.services import document_verify_records as records
from backend.services.document_verify import FileTooLarge, NotVerifiable, file_type
from backend.services.document_verify_signature import changes_of
from backend.services.document_verify_text import document_reason, report_lines

AT = datetime(2026, 12, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("data, kind", [(b"%PDF-1.7\n...", "pdf"), (b"\n" * 1000 + b"%PDF-1.4", "pdf"),
                                        (b"\x30\x82\x10\x00", "seal_file")])
def test_a_file_is_told_by_its_content(data, kind):
    assert file_type(data) == kind


@pytest.mark.parametrize("data", [b"", b"GIF89a", b"\n" * 1100 + b"%PDF-1.4", "文本".encode()])
def test_what_is_neither_is_not_verifiable(data):
    with pytest.raises(NotVerifiable):
        file_type(data)


def test_the_size_limit_comes_first():
    with pytest.raises(FileTooLarge):
        file_type(b"%PDF-" + bytes(20 * 1024 * 1024))


def found(coverage="ENTIRE_REVISION", level="FORM_FILLING", changed=(), intact=True):
    return {"intact": intact, "coverage": coverage, "modification_level": level, "changed_fields": list(changed)}


@pytest.mark.parametrize("item, later, changes", [
    (found("ENTIRE_FILE", "NONE"), [], "none"),
    (found(level="NONE"), [], "none"),  # bytes after the last %%EOF: no revision, nothing shown changed
    (found(level="LTA_UPDATES"), [], "none"),
    (found(changed=["Seal2"]), ["Seal2"], "seal_added"),
    (found(changed=["Seal2", "Name"]), ["Seal2"], "form_filling"),
    (found(changed=["Name"]), [], "form_filling"),
    (found(level="ANNOTATIONS"), [], "annotations"),
    (found(level="OTHER"), ["Seal2"], "content_changed"),
    (found(intact=False), [], "unknown"),
    (found(coverage=None, level=None), [], "unknown"),
])
def test_what_changed_after_a_seal(item, later, changes):
    assert changes_of(item, later) == changes


def test_the_prefix_hashes_are_those_of_each_revision():
    data = b"revision one|revision two|trailing"
    hashes = records.prefix_hashes(data, [12, 25, len(data), 25, 0, len(data) + 5])
    assert hashes == {end: hashlib.sha256(data[:end]).hexdigest() for end in (12, 25, len(data))}


def row(id_, seq, kind="seal", page=1, signed_at=AT):
    return SimpleNamespace(id=id_, seq=seq, kind=kind, page=page, signed_at=signed_at)


def test_the_row_that_fits_is_taken_and_not_given_twice():
    rows = [row(1, 1, "seal", 1), row(2, 2, "riding", None), row(3, 3, "seal", 3)]
    assert records.best_row(rows, set(), "riding", None, AT).id == 2
    assert records.best_row(rows, set(), "seal", 3, AT).id == 3
    assert records.best_row(rows, {3}, "seal", 3, AT).id == 1
    assert records.best_row(rows, {1, 2, 3}, "seal", 3, AT) is None


def test_a_status_in_words():
    assert records.status_text("valid") == "有效"
    assert records.status_text("suspended", "certificate_hold", AT) == "已停用（2026-12-02 11:04:05 起）"
    assert records.status_text("revoked", "key_compromise", AT) == "已注销（挂失，2026-12-02 11:04:05 起）"
    assert records.status_text("revoked", "cessation_of_operation", AT) == "已注销（2026-12-02 11:04:05 起）"
    assert records.status_from("certificate_hold") == "suspended" and records.status_from("affiliation_changed") == (
        "revoked")


def signature(index, verdict, reason="印章有效", name="公章"):
    return {"index": index, "verdict": verdict, "reason": reason, "seal_name": name, "signer_name": None}


def test_the_overall_reason_names_the_first_signature_at_fault():
    assert document_reason("valid", [signature(1, "valid")]) == "文件中的印章有效"
    assert document_reason("valid", [signature(1, "valid"), signature(2, "valid")]) == "文件中的2枚印章均有效"
    found_ = [signature(1, "valid"), signature(2, "invalid", "文件在盖章后被篡改", "合同专用章"),
              signature(3, "invalid", "盖章时印章已注销")]
    assert document_reason("invalid", found_) == "第2枚印章（合同专用章）：文件在盖章后被篡改"


def test_the_cli_lines():
    check = {"check": "integrity", "name": "文件完整性", "outcome": "failed", "detail": "已被篡改"}
    report = {"file_type": "pdf", "size": 1234, "sha256": "ab" * 32, "verdict": "invalid", "verdict_text": "无效",
              "reason": "第1枚印章（公章）：文件在盖章后被篡改",
              "signatures": [{"index": 1, "kind": "seal", "kind_text": "盖章", "page": 2, "seal_name": "公章",
                              "signer_name": "X", "enterprise_name": "广州市某公司", "credit_code": "9144",
                              "seal_code": "4401", "signed_at": AT, "time_source_text": "时间戳", "checks": [check],
                              "verdict_text": "无效", "reason": "文件在盖章后被篡改"}]}
    assert report_lines(report) == [
        f"文件：PDF文件，1,234 字节，SHA-256 {'ab' * 32}", "第1枚印章（第2页）：公章",
        "  企业名称：广州市某公司；统一社会信用代码：9144；印章编码：4401", "  盖章时间：2026-12-02 11:04:05（北京时间，时间戳）",
        "  文件完整性：未通过 — 已被篡改", "  本枚印章：无效（文件在盖章后被篡改）", "结论：无效（第1枚印章（公章）：文件在盖章后被篡改）"]

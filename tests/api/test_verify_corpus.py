"""验章 over the verdict corpus (scripts/make_verify_corpus.py, made once for this module by the app that verifies
it): every file's verdict as the table says, the facts of each signature, the same PDFs judged by poppler's pdfsig
where it can (integrity, signer, whether the last seal covers the whole file), the CLI and the QA kit's step.

Only the module's own app is used here: on PostgreSQL every app of the suite shares one database."""
import base64
import importlib.util
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_verify_corpus", ROOT / "scripts" / "make_verify_corpus.py")
corpus_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_script)
EXPECTED = corpus_script.EXPECTED
CONTRACT_KEYS = {"intact", "seal_name", "enterprise_name", "credit_code", "seal_code", "signed_at", "time_source",
                 "status_at_signing", "status_now"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(app, {name: path}, {name: the answer of POST /api/verify}) — the app that made the files, still alive."""
    directory = tmp_path_factory.mktemp("verify-corpus")
    with corpus_script.corpus_app(directory, {"ESEAL_VERIFY_PER_ADDRESS": (1000, 3600)}) as (app, paths):
        yield app, paths, {name: corpus_script.verify(app, path) for name, path in paths.items()}


@pytest.fixture(scope="module")
def answers(corpus):
    return corpus[2]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_file_gets_the_verdict_of_the_table(answers, name):
    _file, verdict, what, intact = EXPECTED[name]
    answer = answers[name]
    assert answer["verdict"] == verdict, (what, answer["reason"])
    assert answer["verdict_text"] == {"valid": "有效", "invalid": "无效", "indeterminate": "无法确认"}[verdict]
    assert [s["intact"] for s in answer["signatures"]] == intact, what
    assert answer["reason"]
    for signature in answer["signatures"]:
        assert CONTRACT_KEYS <= set(signature)
        assert [c["check"] for c in signature["checks"]][:1] in (["integrity"], ["structure"])


def test_the_table_is_written_beside_the_files(corpus):
    _app, paths, _answers = corpus
    table = json.loads((paths["unsigned"].parent / "expected.json").read_text())
    assert {name: row["verdict"] for name, row in table.items()} == {name: row[1] for name, row in EXPECTED.items()}
    assert all(path.exists() for path in paths.values())


def test_a_two_seal_file_names_each_seal_its_time_and_its_stamp_log(answers):
    first, second = answers["two_seals"]["signatures"]
    assert (first["seal_name"], second["seal_name"]) == ("公章", "合同专用章")
    assert first["enterprise_name"] == second["enterprise_name"] and first["enterprise_name"].startswith("广州市")
    assert first["credit_code"] == second["credit_code"] and len(first["credit_code"]) == 18
    assert re.fullmatch(r"\d{13}", first["seal_code"]) and first["seal_code"] != second["seal_code"]
    assert {first["time_source"], second["time_source"]} == {"timestamp"} and first["signed_at"] < second["signed_at"]
    assert (first["changes"], second["changes"]) == ("seal_added", "none")
    assert (first["page"], second["page"]) == (1, 2) and (first["width_mm"], first["height_mm"]) == (42.0, 42.0)
    for signature in (first, second):
        assert signature["chain"] == "platform" and signature["maker_signature"] == "valid"
        assert (signature["status_at_signing"], signature["status_now"]) == ("valid", "valid")
        assert base64.b64decode(signature["picture"].removeprefix("data:image/png;base64,"))[:8] == b"\x89PNG\r\n\x1a\n"
        log = signature["stamp_log"]
        assert re.fullmatch(r".\*+", log["operator"]) and log["access_text"] == "本人" and log["row_intact"]
        assert log["signed_at"] == signature["signed_at"] and log["page"] == signature["page"]
    assert [c["outcome"] for c in first["checks"]] == ["passed"] * 7


def test_a_riding_seal_is_told_from_the_seal_placed_with_it(answers):
    riding, placed = answers["riding_seal"]["signatures"]
    assert (riding["kind"], riding["kind_text"], riding["page"]) == ("riding", "骑缝章", None)
    assert (placed["kind"], placed["page"], placed["seal_name"]) == ("seal", 3, "合同专用章")
    assert riding["stamp_log"]["kind"] == "riding" and placed["stamp_log"]["kind"] == "seal"
    assert riding["stamp_log"]["seq"] != placed["stamp_log"]["seq"] or riding["seal_code"] != placed["seal_code"]


@pytest.mark.parametrize("name, changes, intact", [
    ("byte_flipped", "unknown", False), ("text_appended", "content_changed", True),
    ("page_changed", "content_changed", True), ("bytes_appended", "none", True), ("intact_one_seal", "none", True)])
def test_what_changed_after_stamping(answers, name, changes, intact):
    (signature,) = answers[name]["signatures"]
    assert (signature["changes"], signature["intact"]) == (changes, intact)
    assert signature["intact_text"] == ("文件完整" if intact else "已被篡改")
    outcome = {c["check"]: c["outcome"] for c in signature["checks"]}
    assert outcome["integrity"] == ("passed" if intact else "failed")
    assert outcome["changes"] == {"none": "passed", "content_changed": "failed", "unknown": "unknown"}[changes]


@pytest.mark.parametrize("name, at_signing, now", [
    ("revoked_before", "revoked", "revoked"), ("suspended_before", "suspended", "suspended"),
    ("revoked_after", "valid", "revoked"), ("suspended_after", "valid", "suspended")])
def test_the_status_at_signing_and_now(answers, name, at_signing, now):
    (signature,) = answers[name]["signatures"]
    assert (signature["status_at_signing"], signature["status_now"]) == (at_signing, now)
    assert signature["status_now_text"] == {"revoked": "已注销", "suspended": "已停用"}[now]
    checks = {c["check"]: c for c in signature["checks"]}
    assert checks["status_at_signing"]["outcome"] == ("passed" if at_signing == "valid" else "failed")
    assert checks["status_now"]["outcome"] == "warning" and "起" in checks["status_now"]["detail"]
    assert signature["stamp_log"] is not None  # stamped here: its 用印记录 is found however it ended


def test_a_foreign_signature_is_reported_but_not_vouched_for(answers):
    (signature,) = answers["foreign_ca"]["signatures"]
    assert signature["signer_name"] == "某外地贸易有限公司公章" and signature["enterprise_name"] == "某外地贸易有限公司"
    assert (signature["chain"], signature["time_source"], signature["maker_signature"]) == (
        "unknown", "signer_clock", "absent")
    assert signature["picture"] is None and signature["stamp_log"] is None and signature["intact"]
    assert "不是本平台签发" in answers["foreign_ca"]["reason"]


def test_a_seal_file_answers_the_same_shape_with_its_steps(answers):
    for name, algorithm in (("esl_sm2", "SM2 / SM3"), ("esl_ecdsa", "ECDSA P-256 / SHA-256")):
        answer = answers[name]
        assert answer["file_type"] == "seal_file" and answer["seal"]["algorithm"] == algorithm
        assert [s["outcome"] for s in answer["steps"]] == ["passed"] * 5
        (entry,) = answer["signatures"]
        assert (entry["kind"], entry["seal_name"], entry["maker_signature"]) == ("seal_object", "公章", "valid")
        assert entry["picture"].startswith("data:image/png;base64,")
    flipped = answers["esl_flipped"]
    assert [s["outcome"] for s in flipped["steps"]][:2] == ["passed", "failed"]
    assert flipped["signatures"][0]["maker_signature"] == "invalid"


def test_the_bad_files_are_verdicts_with_their_reason(answers):
    assert answers["unsigned"]["signatures"] == [] and "没有电子印章" in answers["unsigned"]["reason"]
    assert "已损坏" in answers["damaged"]["reason"] and "已加密" in answers["encrypted"]["reason"]


def pdfsig(path):
    """[{valid, common_name, total}] per signature, as poppler's pdfsig reports them (no trust database: its
    "Signature Validation" line is the integrity of the signed bytes)."""
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    blocks = re.split(r"^Signature #\d+:$", done.stdout, flags=re.MULTILINE)[1:]
    return [{"valid": "Signature Validation: Signature is Valid." in block,
             "common_name": (re.search(r"Signer Certificate Common Name: (.*)", block) or [None, None])[1],
             "total": "- Total document signed" in block} for block in blocks]


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) is installed by scripts/test.sh")
@pytest.mark.parametrize("name", sorted(corpus_script.PDFSIG_JUDGES))
def test_poppler_pdfsig_agrees_on_integrity_and_signer(corpus, name):
    _app, paths, answers = corpus
    theirs, ours = pdfsig(paths[name]), answers[name]["signatures"]
    assert len(theirs) == len(ours)
    for their, our in zip(theirs, ours, strict=True):
        assert their["valid"] == our["intact"], name
        assert their["common_name"] == our["signer_name"]
        if their["total"] and our["intact"]:
            assert our["changes"] == "none"
        if our["changes"] in ("seal_added", "content_changed", "form_filling"):
            assert not their["total"]


@pytest.mark.parametrize("name, code", [("intact_one_seal", 0), ("byte_flipped", 1), ("foreign_ca", 2),
                                        ("esl_sm2", 0)])
def test_flask_verify_prints_the_facts_and_exits_with_the_verdict(corpus, name, code):
    app, paths, answers = corpus
    result = app.test_cli_runner().invoke(args=["verify", str(paths[name])])
    assert result.exit_code == code, result.output
    label = {0: "有效", 1: "无效", 2: "无法确认"}[code]
    assert f"结论：{label}（{answers[name]['reason']}）" in result.output
    assert "第1枚印章" in result.output and "文件完整性：" in result.output or "印章数据结构：" in result.output


def test_the_qa_kit_step_answers_the_verdict(corpus):
    from backend.testing.client import driver
    app, paths, _answers = corpus
    eseal = driver(app.test_client())
    answer = eseal.verify_document(paths["two_seals"].read_bytes(), "two-seals.pdf")
    assert answer["verdict"] == "valid" and len(answer["signatures"]) == 2
    assert eseal.verify_document(paths["byte_flipped"].read_bytes())["verdict"] == "invalid"
    answer = eseal.verify_document(io.BytesIO(paths["esl_sm2"].read_bytes()).getvalue(), "seal.esl")
    assert answer["file_type"] == "seal_file"

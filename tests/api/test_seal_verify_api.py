"""POST /api/verify/seal and flask verify-seal: GB/T 38540's order, each step by name, one verdict, never a 500."""
import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend.services import seal_objects
from backend.testing.pki import operator, seal_file

STEPS = ["structure", "signature", "maker_certificate", "validity", "revocation"]
NAMES = ["印章数据结构", "制章者签名", "制章者证书", "印章有效期", "证书吊销状态"]


def verify(client, data, filename="seal.esl"):
    response = client.post("/api/verify/seal", data={"file": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def outcomes(report):
    assert [s["step"] for s in report["steps"]] == STEPS and [s["name"] for s in report["steps"]] == NAMES
    return [s["outcome"] for s in report["steps"]]


@pytest.fixture
def esl(holder):
    client, enterprise, receipts = holder
    return client, seal_file(client, receipts[0]["receipt_id"]).data, receipts


def test_a_seal_file_from_the_platform_is_valid_step_by_step(esl, holder):
    client, data, _receipts = esl
    report = verify(client, data)
    assert report["verdict"] == "valid" and outcomes(report) == ["passed"] * 5
    seal = report["seal"]
    assert (seal["seal_name"], seal["enterprise_name"]) == ("公章", holder[1]["name"])
    assert seal["credit_code"] == holder[1]["credit_code"] and seal["algorithm"] == "ECDSA P-256 / SHA-256"
    assert (seal["width_mm"], seal["height_mm"]) == (42, 42)
    assert verify(client, data)["verdict"] == "valid"  # nothing was used up


def picture_flipped(data):
    at = data.index(b"IDAT") + 40  # inside the PNG: still DER, no longer what the maker signed
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


@pytest.mark.parametrize("damage, failed_at, detail", [
    (lambda d: d[: len(d) // 2], "structure", "不是有效的电子印章数据"),
    (lambda d: d[:-1], "structure", "不是有效的电子印章数据"),
    (lambda d: d + b"\x00\x00", "structure", "不是有效的电子印章数据"),
    (lambda d: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "structure", "不是有效的电子印章数据"),
    (lambda d: b"", "structure", "不是有效的电子印章数据"),
    (lambda d: bytes(range(256)) * 8, "structure", "不是有效的电子印章数据"),
    (picture_flipped, "signature", "制章者签名无效"),
])
def test_a_damaged_file_gets_a_clear_verdict(esl, damage, failed_at, detail):
    client, data, _receipts = esl
    report = verify(client, damage(data))
    at = STEPS.index(failed_at)
    assert report["verdict"] == "invalid" and outcomes(report) == ["passed"] * at + ["failed"] + ["skipped"] * (4 - at)
    assert detail in report["steps"][at]["detail"] and detail in report["reason"]


def foreign(data):
    """The same contents, signed by a maker whose certificate is not ours (a well-formed foreign seal)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "某外部平台制章者")])
    now = datetime.now(UTC)
    maker = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
             .serial_number(7).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
             .sign(key, hashes.SHA256()))
    contents = seal_objects.decode(data).contents
    return seal_objects.make(contents, maker.public_bytes(Encoding.DER), "ec-p256",
                             lambda b: key.sign(b, ec.ECDSA(hashes.SHA256())))


def test_a_foreign_seal_file_is_not_ours(esl):
    client, data, _receipts = esl
    report = verify(client, foreign(data))
    assert outcomes(report) == ["passed", "passed", "failed", "skipped", "skipped"]
    assert report["verdict"] == "invalid" and "不是本平台签发的" in report["reason"]


def test_a_revoked_or_suspended_seal_file_is_invalid_by_its_crl(esl):
    client, data, receipts = esl
    operator(client, f"/seals/{receipts[0]['seal_id']}/suspend")
    report = verify(client, data)
    assert outcomes(report)[-1] == "failed" and report["reason"] == "证书吊销状态：印章已停用（印章证书暂停使用）"
    operator(client, f"/seals/{receipts[0]['seal_id']}/revoke", reason="cessation")
    assert verify(client, data)["reason"] == "证书吊销状态：印章已注销"


def test_a_seal_file_past_its_validity_is_invalid(esl, clock):
    client, data, _receipts = esl
    clock.advance(6 * 365 * 24 * 3600)
    report = verify(client, data)
    assert outcomes(report) == ["passed", "passed", "passed", "failed", "skipped"]
    assert "印章已过有效期" in report["reason"]


def test_no_file_or_another_body_is_refused_in_chinese(client):
    response = client.post("/api/verify/seal", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and response.get_json()["message"] == "请选择要验证的印章文件（.esl）"
    response = client.post("/api/verify/seal", json={"file": "x"})
    assert response.status_code == 422
    response = client.post("/api/verify/seal", data="file=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    response = client.post("/api/verify/seal", data={"file": (io.BytesIO(b"x"), "a.esl")},
                           content_type="multipart/form-data", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_the_cli_gives_each_step_and_exits_by_verdict(app, esl, tmp_path):
    client, data, _receipts = esl
    good, bad = tmp_path / "good.esl", tmp_path / "bad.esl"
    good.write_bytes(data)
    bad.write_bytes(data[:100])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["verify-seal", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("1. 印章数据结构：通过") and "结论：有效" in result.output
    result = runner.invoke(args=["verify-seal", str(bad)])
    assert result.exit_code == 1 and "结论：无效" in result.output and "5. 证书吊销状态：未检查" in result.output

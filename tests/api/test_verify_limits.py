"""POST /api/verify at its limits and on bad input: 20 MB, 50 signatures, the time limit on PDF bombs, the abuse
limit per address, uploads never stored, cross-site refused — a verdict or a Chinese error, never a 500 or a hang."""
import importlib.util
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backend.testing.client import assert_error
from backend.testing.documents import pdf_document
from backend.testing.documents import pdf_file as pdf  # the objects given, gaps free, extra trailer entries
from backend.testing.state import row_counts

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_verify_corpus", ROOT / "scripts" / "make_verify_corpus.py")
corpus_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_script)
PAGE = {2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", 3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}


BOUNDARY = "verify-test-boundary-5b1f"


def multipart(data, filename="document.pdf"):
    """The form body with ``data`` as its file part, built here: the test client spools a body over 500 KB into a
    temporary file it never closes."""
    head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def post(client, data, filename="document.pdf", path="/api/verify", **kwargs):
    return client.post(path, data=multipart(data, filename), content_type=f"multipart/form-data; boundary={BOUNDARY}",
                       **kwargs)


def verdict(client, data):
    response = post(client, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()


def many_revisions(count=100_000):
    """10 MB of empty incremental updates, each pointing at the one before: seconds of parsing for pyHanko."""
    out = bytearray(pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGE}))
    previous = int(bytes(out).rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    for _ in range(count):
        offset = len(out)
        out += (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n"
                b"%%%%EOF\n" % (previous, offset))
        previous = offset
    return bytes(out)


def many_fields(count=1_000_000):
    return pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + b"3 0 R " * count + b"] >> >>", **PAGE})


def deep_nesting(depth=200_000):
    return pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields " + b"[" * depth + b"]" * depth + b" >> >>",
                **PAGE})


def xref_loop():
    data = pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGE})
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    return data.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref)


def stream_bomb():
    """A cross-reference stream that inflates (twice deflated) to 64 MB from a few hundred bytes."""
    body = zlib.compress(zlib.compress(bytes(64 << 20), 9), 9)
    head = bytearray(pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGE}).split(b"xref\n")[0])
    xref = len(head)
    head += (b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 1] /Root 1 0 R /Filter [/FlateDecode /FlateDecode] /Length %d >>"
             b"\nstream\n" % len(body) + body + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(head)


@pytest.fixture
def warm(client):
    """A verification done, so that the worker process is started and the CRLs issued before what is measured."""
    assert verdict(client, pdf_document(1))["verdict"] == "invalid"
    return client


@pytest.mark.eseal_settings(ESEAL_VERIFY_TIMEOUT_SECONDS=2)
@pytest.mark.parametrize("bomb", [many_revisions, many_fields])
def test_a_pdf_bomb_is_stopped_at_the_time_limit_and_the_next_file_is_verified(warm, bomb):
    data = bomb()
    started = time.monotonic()
    answer = verdict(warm, data)
    elapsed = time.monotonic() - started
    assert (answer["verdict"], answer["signatures"]) == ("indeterminate", [])
    assert answer["reason"] == "文件结构过于复杂，未能在2秒内完成验证"
    assert 2 <= elapsed < 4.5, elapsed  # the worker is killed at 2 s; a fresh one takes the next file
    assert verdict(warm, pdf_document(1))["reason"].startswith("文件中没有电子印章")


@pytest.mark.parametrize("bomb, reason", [(deep_nesting, "文件结构过于复杂，无法完成验证"),
                                          (xref_loop, "文件已损坏，无法读取其中的印章"),
                                          (stream_bomb, "文件已损坏，无法读取其中的印章")])
def test_bombs_pyhanko_refuses_are_verdicts_at_once(warm, bomb, reason):
    started = time.monotonic()
    answer = verdict(warm, bomb())
    assert (answer["reason"], answer["signatures"]) == (reason, []) and time.monotonic() - started < 2


def test_more_than_50_signatures_are_not_verified(warm):
    data = corpus_script.foreign_signed(pdf_document(1), datetime.now(UTC), 51)
    answer = verdict(warm, data)
    assert (answer["verdict"], answer["signatures"]) == ("indeterminate", [])
    assert answer["reason"] == "文件中有51个签名，超过50个的上限，未予验证"


def test_a_document_longer_than_stamping_takes_is_still_verified(warm):
    answer = verdict(warm, corpus_script.foreign_signed(pdf_document(201), datetime.now(UTC)))
    (signature,) = answer["signatures"]
    assert signature["intact"] and signature["page"] is None and answer["verdict"] == "indeterminate"


def test_a_file_over_20_mb_is_refused_in_chinese_before_it_is_read(client):
    message = "文件超过20MB，请压缩后再上传"
    assert_error(post(client, b"%PDF-1.7\n" + bytes(21 * 1024 * 1024)), 413, "file_too_large", message)
    just_over = b"%PDF-1.7\n" + bytes(20 * 1024 * 1024 - 8)  # within the envelope's slack, one byte past the limit
    assert_error(post(client, just_over), 413, "file_too_large", message)


@pytest.mark.parametrize("data", [b"", b"hello", b"GIF89a" + bytes(100), "中文文本".encode()])
def test_what_is_neither_a_pdf_nor_a_seal_file_is_refused(client, data):
    assert_error(post(client, data), 415, "not_verifiable", "文件不是PDF或印章文件（.esl），无法验证")


def test_der_garbage_is_a_seal_file_that_fails_its_structure(client):
    answer = verdict(client, b"\x30\x82\x01\x00" + bytes(256))
    assert (answer["file_type"], answer["verdict"], answer["signatures"]) == ("seal_file", "invalid", [])
    assert [s["outcome"] for s in answer["steps"]] == ["failed"] + ["skipped"] * 4


def test_no_file_is_a_field_error(client):
    response = client.post("/api/verify", data={}, content_type="multipart/form-data")
    assert_error(response, 422, "invalid", "请选择要验证的文件（PDF或印章文件）")


def test_a_cross_site_upload_is_refused(client):
    response = post(client, pdf_document(1), headers={"Origin": "https://evil.example"})
    assert_error(response, 403, "cross_origin", "拒绝来自其他网站的请求")
    response = post(client, pdf_document(1), headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(response, 403, "cross_origin")


@pytest.mark.eseal_settings(ESEAL_VERIFY_PER_ADDRESS=(3, 3600))
def test_verifications_are_limited_per_address_across_both_endpoints(app, client):
    assert post(client, pdf_document(1)).status_code == 200
    assert post(client, b"x", "s.esl", path="/api/verify/seal").status_code == 200
    assert post(client, b"hello").status_code == 415  # counted too
    response = post(client, pdf_document(1))
    assert_error(response, 429, "verify_too_frequent", "当前网络验章过于频繁，请60分钟后再试")
    assert response.headers["Retry-After"] == "3600"
    other = app.test_client()
    assert post(other, pdf_document(1), environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def test_an_upload_is_kept_in_memory_and_nothing_is_written(warm, app, monkeypatch):
    import werkzeug.wrappers.request as werkzeug_request

    def no_spooling(*_args, **_kwargs):
        raise AssertionError("the upload went to a temporary file")
    monkeypatch.setattr(werkzeug_request, "default_stream_factory", no_spooling)
    big = pdf_document(1) + b"%" + bytes(2 * 1024 * 1024) + b"\n"  # beyond Werkzeug's 500 KB in-memory part
    before = row_counts(app)
    assert verdict(warm, big)["verdict"] == "invalid"
    assert row_counts(app) == before  # the throttle's row is there already; nothing else is added


def test_the_openapi_document_describes_the_endpoint(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/verify"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data"}
    assert {"200", "413", "415", "422", "429", "503"} <= set(operation["responses"])
    schemas = spec["components"]["schemas"]
    signature = schemas["VerifiedSignatureOut"]["properties"]
    assert {"intact", "seal_name", "enterprise_name", "credit_code", "seal_code", "signed_at", "time_source",
            "status_at_signing", "status_now", "checks", "stamp_log", "picture"} <= set(signature)
    assert set(schemas["DocumentVerdictOut"]["required"]) >= {"verdict", "reason", "signatures"}

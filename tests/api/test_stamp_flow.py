"""用印 through the API: upload → 选择印章 → 确认用印 → 电子营业执照 → 用印成功 → 下载文件, and the 用印记录."""
import hashlib

import pytest

from backend.testing.documents import pdf_document

pytestmark = pytest.mark.usefixtures("eseal_app")


@pytest.fixture
def principal(eseal):
    """A principal holding the 公章 and 合同专用章 of a new enterprise (下载印章 done)."""
    eseal.sign_up()
    opened = eseal.open_enterprise(seals=("official", "contract"))
    eseal.download_seals(opened)
    return eseal


def test_a_principal_stamps_a_three_page_pdf_with_two_seals_and_a_riding_seal(principal):
    seals = {s["name"]: s for s in principal.usable_seals()}
    assert set(seals) == {"公章", "合同专用章"}
    document = pdf_document(3)
    stamp = principal.stamp(document, placements=[
        {"seal_id": seals["合同专用章"]["seal_id"], "page": 3, "x_mm": 120, "y_mm": 200},
        {"seal_id": seals["公章"]["seal_id"], "page": 1, "x_mm": 30, "y_mm": 30}],
        riding={"seal_id": seals["公章"]["seal_id"], "y_mm": 120})
    request = stamp.request
    assert request["status"] == "signed" and request["sha256"] == hashlib.sha256(document).hexdigest()
    assert request["sha256_after"] == hashlib.sha256(stamp.document).hexdigest()
    assert [(s["seal_name"], s["kind"], s["page"]) for s in request["signatures"]] == [
        ("合同专用章", "seal", 3), ("公章", "seal", 1), ("公章", "riding", None)]
    assert stamp.document.count(b"/ByteRange") == 3

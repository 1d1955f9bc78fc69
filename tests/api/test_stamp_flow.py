"""用印 through the API: upload → 选择印章 → 确认用印 → 电子营业执照 → 用印成功 → 下载文件, and the 用印记录."""
import hashlib
import io

import pytest
from PIL import Image

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


def test_the_licence_app_shows_the_enterprise_seals_and_document_before_the_password(principal):
    seals = {s["name"]: s for s in principal.usable_seals()}
    uploaded = principal.upload_document(pdf_document(2), "采购合同（二〇二六）.pdf")
    confirmed = principal.confirm_stamp(uploaded["id"], [
        {"seal_id": seals["合同专用章"]["seal_id"], "page": 2, "x_mm": 100, "y_mm": 100}])
    listing = principal.open_licence_app(confirmed["jump_url"]).text
    assert "办理「用印」" in listing and "用印确认" in listing
    assert "采购合同（二〇二六）.pdf" in listing and f"SHA-256 {uploaded['sha256'][:16]}" in listing
    assert "合同专用章" in listing and seals["合同专用章"]["enterprise_name"] in listing


def test_the_page_previews_are_drawn_on_the_server(principal):
    uploaded = principal.upload_document(pdf_document(2))
    assert (uploaded["pages"], uploaded["page_sizes"][0]) == (2, {"width_mm": 210.0, "height_mm": 297.0})
    reply = principal.calls.call("GET", f"/api/stamp-requests/{uploaded['id']}/pages/2?w=480")
    assert reply.headers["content-type"] == "image/png" and reply.content.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(reply.content)).size[0] == 500  # widths come in steps of 100
    assert principal.browser.request("GET", f"/api/stamp-requests/{uploaded['id']}/pages/3").status == 404


def test_a_stamped_document_can_be_stamped_again_and_keeps_its_signatures(principal):
    seals = {s["name"]: s for s in principal.usable_seals()}
    first = principal.stamp(pdf_document(2), [seals["公章"]])
    second = principal.stamp(first.document, [seals["合同专用章"]], page=2, filename="合同-已盖章.pdf")
    assert second.document.startswith(first.document)  # an incremental revision on top of the first
    checked = principal.calls.get(f"/api/stamp-requests/{second.id}/verification")
    assert checked["valid"] and [s["seal_name"] for s in checked["signatures"]] == ["公章", "合同专用章"]

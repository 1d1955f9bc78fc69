"""用印 refused: bad files, bad placements, seals not usable, stale or foreign confirmations — each a Chinese
error with its status, and nothing written (rows, request statuses and files as they were)."""
import gc
import shutil
import subprocess

import pytest
from stamping_support import DOCUMENT, licence_result, placed, principal, stamp_state  # noqa: F401

from backend.testing.documents import pdf_document, pdf_file, pdf_objects

pytestmark = pytest.mark.usefixtures("eseal_app")


def refused(eseal, reply, status, code):
    body = reply.json()
    assert reply.status == status and body["error"] == code, body
    assert body["message"] and not body["message"].isascii()
    return body


def upload(eseal, content, name="合同.pdf"):
    return eseal.browser.request("POST", "/api/stamp-requests", files={"file": (name, content)})


@pytest.mark.parametrize(("content", "status", "code"), [
    (b"hello, this is not a PDF", 415, "not_pdf"),
    (DOCUMENT[: len(DOCUMENT) // 2], 422, "pdf_damaged"),
    (pdf_document(201), 422, "pdf_too_many_pages"),
    (b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024), 413, "pdf_too_large"),
])
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_that_cannot_be_stamped_is_refused_and_nothing_is_kept(principal, eseal_app, content, status, code):
    before = stamp_state(eseal_app)
    refused(principal, upload(principal, content), status, code)
    assert stamp_state(eseal_app) == before
    gc.collect()  # the test client spools a large body to a temporary file it never closes: collected here


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by scripts/test.sh")
def test_an_encrypted_pdf_is_refused_and_nothing_is_kept(principal, eseal_app, tmp_path):
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(DOCUMENT)
    subprocess.run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(plain), str(locked)], check=True)
    before = stamp_state(eseal_app)
    body = refused(principal, upload(principal, locked.read_bytes()), 422, "pdf_encrypted")
    assert body["message"] == "该PDF文件已加密，请先解除密码保护后再上传"
    assert stamp_state(eseal_app) == before


def test_an_upload_without_a_file_is_refused_in_chinese(principal, eseal_app):
    before = stamp_state(eseal_app)
    reply = principal.browser.request("POST", "/api/stamp-requests", files={"other": ("a.pdf", DOCUMENT)})
    assert reply.status == 422 and "请选择要用印的PDF文件" in str(reply.json())
    assert stamp_state(eseal_app) == before


def test_a_json_upload_is_refused(principal, eseal_app):
    reply = principal.browser.request("POST", "/api/stamp-requests", json={"file": "x"})
    assert reply.status in (415, 422) and reply.json()["error"]


@pytest.mark.parametrize(("placement", "code"), [
    ({"page": 1, "x_mm": 190, "y_mm": 30}, "placement_outside"),   # past the right edge (the seal is 40+ mm)
    ({"page": 1, "x_mm": 30, "y_mm": 280}, "placement_outside"),   # past the bottom
    ({"page": 1, "x_mm": -1, "y_mm": 30}, "placement_outside"),
    ({"page": 4, "x_mm": 30, "y_mm": 30}, "placement_page"),
    ({"page": 0, "x_mm": 30, "y_mm": 30}, "placement_page"),
])
def test_a_placement_outside_the_document_is_refused(principal, eseal_app, placement, code):
    uploaded = principal.upload_document(DOCUMENT)
    before = stamp_state(eseal_app)
    reply = principal.browser.request("POST", f"/api/stamp-requests/{uploaded['id']}/confirm", json={
        "placements": [{"seal_id": principal.seals["公章"]["seal_id"], **placement}], "riding": None})
    refused(principal, reply, 422, code)
    assert stamp_state(eseal_app) == before


def test_no_seal_placed_and_a_riding_seal_on_one_page_are_refused(principal, eseal_app):
    one_page = principal.upload_document(pdf_document(1))
    before = stamp_state(eseal_app)
    path = f"/api/stamp-requests/{one_page['id']}/confirm"
    refused(principal, principal.browser.request("POST", path, json={"placements": [], "riding": None}),
            422, "placements_required")
    riding = {"seal_id": principal.seals["公章"]["seal_id"], "y_mm": 100}
    refused(principal, principal.browser.request("POST", path, json={"placements": [], "riding": riding}),
            422, "riding_one_page")
    assert stamp_state(eseal_app) == before


def test_a_seal_suspended_or_not_held_cannot_be_used(principal, eseal_app, eseal_operator):
    uploaded = principal.upload_document(DOCUMENT)
    official = principal.seals["公章"]
    eseal_operator.suspend(official["seal_id"])
    assert "公章" not in {s["name"] for s in principal.usable_seals()}
    before = stamp_state(eseal_app)
    reply = principal.browser.request("POST", f"/api/stamp-requests/{uploaded['id']}/confirm",
                                      json={"placements": [placed(official)], "riding": None})
    refused(principal, reply, 409, "seal_not_usable")
    assert stamp_state(eseal_app) == before


def test_someone_elses_request_and_seal_do_not_exist_for_a_stranger(principal, eseal_app):
    uploaded = principal.upload_document(DOCUMENT)
    stranger = principal.new_browser()
    stranger.sign_up()
    before = stamp_state(eseal_app)
    for method, path, body in [("GET", f"/api/stamp-requests/{uploaded['id']}", None),
                               ("GET", f"/api/stamp-requests/{uploaded['id']}/pages/1", None),
                               ("POST", f"/api/stamp-requests/{uploaded['id']}/confirm",
                                {"placements": [placed(principal.seals["公章"])], "riding": None}),
                               ("POST", f"/api/stamp-requests/{uploaded['id']}/complete", {}),
                               ("GET", f"/api/stamp-requests/{uploaded['id']}/file", None)]:
        refused(stranger, stranger.browser.request(method, path, json=body), 404, "stamp_request_not_found")
    own = stranger.upload_document(DOCUMENT)
    reply = stranger.browser.request("POST", f"/api/stamp-requests/{own['id']}/confirm",
                                     json={"placements": [placed(principal.seals["公章"])], "riding": None})
    refused(stranger, reply, 409, "seal_not_usable")
    for path in (f"/api/seals/{principal.seals['公章']['seal_id']}/stamp-logs",
                 f"/api/seals/{principal.seals['公章']['seal_id']}/stamp-logs.csv"):
        assert stranger.browser.request("GET", path).status == 404
    assert stamp_state(eseal_app)[0]["stamp_logs"] == before[0]["stamp_logs"]


def test_completing_before_the_confirmation_is_refused(principal, eseal_app):
    uploaded = principal.upload_document(DOCUMENT)
    before = stamp_state(eseal_app)
    refused(principal, principal.browser.request("POST", f"/api/stamp-requests/{uploaded['id']}/complete", json={}),
            409, "stamp_not_confirmed")
    assert stamp_state(eseal_app) == before


def confirmed(eseal, placements):
    uploaded = eseal.upload_document(DOCUMENT)
    answer = eseal.confirm_stamp(uploaded["id"], placements)
    assert answer["mode"] == "licence" and "/elicense/jump?request=" in answer["jump_url"]
    return uploaded["id"]


def callback(eseal, token):
    return eseal.browser.request("GET", f"/api/elicense/callback?result={token}")


@pytest.mark.parametrize(("changes", "message"), [
    ({"binding": "f" * 64}, "跳转凭证与本次用印的文件或印章位置不符"),        # another document or placement
    ({"purpose": "download", "binding": None}, "跳转凭证不是为本次业务签发的"),
    ({"nonce": "another-nonce"}, "跳转凭证与本次用印的文件或印章位置不符"),
    ({"state": "another-state"}, "用印会话与当前浏览器不符"),
])
def test_a_result_for_another_document_placement_or_purpose_is_refused(principal, eseal_app, eseal_clock, changes,
                                                                        message):
    request_id = confirmed(principal, [placed(principal.seals["公章"])])
    before = stamp_state(eseal_app)
    reply = callback(principal, licence_result(eseal_app, eseal_clock, request_id, **changes))
    assert reply.status == 400 and message in reply.text
    assert stamp_state(eseal_app) == before


def test_a_result_of_an_earlier_confirmation_is_stale_once_the_placement_changed(principal, eseal_app, eseal_clock):
    request_id = confirmed(principal, [placed(principal.seals["公章"])])
    stale = licence_result(eseal_app, eseal_clock, request_id)
    principal.confirm_stamp(request_id, [placed(principal.seals["公章"], page=2)])  # moved, confirmed again
    before = stamp_state(eseal_app)
    reply = callback(principal, stale)
    assert reply.status == 400 and "用印会话与当前浏览器不符" in reply.text
    assert stamp_state(eseal_app) == before
    fresh = licence_result(eseal_app, eseal_clock, request_id)
    assert callback(principal, fresh).status == 303
    before = stamp_state(eseal_app)
    reply = callback(principal, fresh)  # the same result again
    assert reply.status == 400 and "该跳转凭证已使用" in reply.text
    assert stamp_state(eseal_app) == before


def test_a_result_in_another_browser_is_refused(principal, eseal_app, eseal_clock):
    request_id = confirmed(principal, [placed(principal.seals["公章"])])
    token = licence_result(eseal_app, eseal_clock, request_id)
    other = principal.new_browser()
    eseal_clock.advance(61)  # the next login code for the same phone
    other.login(principal.person)
    before = stamp_state(eseal_app)
    reply = callback(other, token)
    assert reply.status == 400 and "用印会话与当前浏览器不符" in reply.text
    assert stamp_state(eseal_app) == before


def test_a_cancelled_confirmation_goes_back_to_placing_and_may_be_confirmed_again(principal, eseal_app, eseal_clock):
    request_id = confirmed(principal, [placed(principal.seals["公章"])])
    reply = callback(principal, licence_result(eseal_app, eseal_clock, request_id, outcome="cancelled"))
    assert reply.status == 303 and reply.location.endswith(f"/h5/#/eseal/stamp/place?request={request_id}&cancelled=1")
    assert principal.calls.get(f"/api/stamp-requests/{request_id}")["status"] == "cancelled"
    assert principal.confirm_stamp(request_id, [placed(principal.seals["公章"])])["mode"] == "licence"


def test_a_confirmation_past_its_time_is_refused(principal, eseal_app, eseal_clock):
    request_id = confirmed(principal, [placed(principal.seals["公章"])])
    eseal_clock.advance(301)
    token = licence_result(eseal_app, eseal_clock, request_id)  # itself fresh: the confirmation is what expired
    before = stamp_state(eseal_app)
    reply = callback(principal, token)
    assert reply.status == 400 and "用印确认已超时" in reply.text
    assert stamp_state(eseal_app) == before


def nested_tree_document(inner_count):
    """Three pages, the first two under an inner /Pages node that says it holds `inner_count` of them: pdfium
    counts the pages by their /Kids (three), pyHanko's walk by index trusts each /Count."""
    objects = pdf_objects(3)
    objects[10] = b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 6 0 R] /Count %d >>" % inner_count
    objects[2] = b"<< /Type /Pages /Kids [10 0 R 8 0 R] /Count 3 >>"
    return pdf_file(objects)


def through_licence(eseal, app, clock, content, page):
    """Uploaded, the 公章 placed on `page`, confirmed and the licence app's result taken: the request id."""
    uploaded = eseal.upload_document(content)
    eseal.confirm_stamp(uploaded["id"], [placed(eseal.seals["公章"], page=page)])
    assert callback(eseal, licence_result(app, clock, uploaded["id"])).status == 303
    return uploaded["id"]


@pytest.mark.parametrize("page_number", [2, 3])  # not "page": pytest-playwright's fixture
def test_a_page_tree_that_would_put_the_seal_on_another_page_is_refused_when_signing(principal, eseal_app,
                                                                                      eseal_clock, page_number):
    sound = nested_tree_document(2)
    assert principal.stamp(sound, [principal.seals["公章"]], page=page_number).request["status"] == "signed"
    request_id = through_licence(principal, eseal_app, eseal_clock, nested_tree_document(1), page_number)
    before = stamp_state(eseal_app)
    reply = principal.browser.request("POST", f"/api/stamp-requests/{request_id}/complete", json={})
    assert refused(principal, reply, 422, "pdf_damaged")["message"] == "该PDF文件已损坏，无法读取"
    assert stamp_state(eseal_app) == before  # still confirmed, nothing signed, logged or kept


def test_a_page_before_the_wrong_count_is_stamped_where_it_was_placed(principal, eseal_app, eseal_clock):
    request_id = through_licence(principal, eseal_app, eseal_clock, nested_tree_document(1), 1)
    reply = principal.browser.request("POST", f"/api/stamp-requests/{request_id}/complete", json={})
    assert reply.status == 200 and reply.json()["status"] == "signed"
    assert [s["page"] for s in reply.json()["signatures"]] == [1]

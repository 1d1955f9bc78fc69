"""用印 end to end in the browser: a 3-page PDF uploaded, the 合同专用章 dragged to page 3 at its true size, a 骑缝章
across the pages, 【确认用印】 → the licence app (password) → 【返回】 → 用印成功 → 【下载文件】: a signed PDF."""
import io
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from pyhanko.pdf_utils.reader import PdfFileReader

from backend.extensions import db
from backend.services import sealing
from backend.testing.documents import pdf_document
from tests.browser.pages import (confirm_password_until_synced, download_every_seal, identify_in_licence_app,
                                 open_preview, wait_page)

CONTRACT = "合同专用章"


@pytest.fixture
def demo_with_objects(live_app, accounts):
    """The demo data with every filed seal's key, certificate and seal object, as `flask seed-demo` makes it."""
    with live_app.app_context():
        sealing.issue_missing(db.session, live_app.extensions["eseal_pki"], datetime.now(UTC))
        db.session.remove()
    return accounts


def held_seals(page, live_app, live_server, person, sms_code):
    """Logged in as the principal, every seal downloaded; answers the enterprise id."""
    _, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    download_every_seal(page, live_app, live_server)
    return enterprise_id


def upload(page, live_server, enterprise_id, tmp_path, pages=3):
    """电子印章 → 【用印】 → 选择文件 → the PDF's name, size and page count → 【下一步】: 放置印章."""
    page.goto(f"{live_server}/h5/#/eseal?ent={enterprise_id}")
    wait_page(page, "eseal-home").get_by_role("link", name="用印", exact=True).tap()
    chooser = wait_page(page, "stamp-upload")
    path = tmp_path / "采购合同.pdf"
    path.write_bytes(pdf_document(pages))
    chooser.locator("input[type=file]").set_input_files(path)
    doc = wait_page(page, "stamp-upload").locator(".js-doc")
    expect(doc).to_contain_text("采购合同.pdf")
    expect(doc).to_contain_text(f"共{pages}页")
    expect(doc).to_contain_text(re.compile(r"\d+ KB"))
    return chooser


def choose(page, names, title="选择印章"):
    sheet = page.get_by_role("dialog", name=title)
    role = "checkbox" if title == "选择印章" else "radio"
    for name in names:
        sheet.get_by_role(role, name=re.compile(f"^{name}")).check()
    sheet.get_by_role("button", name="确定").tap()
    expect(sheet).to_have_count(0)


def drag(page, source, target, to=(0.5, 0.5)):
    """Presses on `source` and moves to the point `to` (fractions) of `target`, then releases."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] * to[0], end["y"] + end["height"] * to[1], steps=12)
    page.mouse.up()


def test_a_principal_stamps_page_three_with_a_riding_seal_and_downloads_a_signed_pdf(
        page, live_app, live_server, demo_with_objects, sms_code, shoot, tmp_path):
    person = demo_with_objects["licence_downloaded"]
    enterprise_id = held_seals(page, live_app, live_server, person, sms_code)
    chooser = upload(page, live_server, enterprise_id, tmp_path)
    shoot(page, "uploaded")
    chooser.get_by_role("button", name="下一步").tap()

    place = wait_page(page, "stamp-place")
    expect(place.get_by_text("第3页 / 共3页")).to_be_attached()
    place.get_by_role("button", name="选择印章").tap()
    dialog = page.get_by_role("dialog", name="选择印章")
    expect(dialog.get_by_text("有效期：").first).to_be_visible()
    shoot(page, "choose")
    choose(page, [CONTRACT])

    third = place.locator('.js-page[data-page="3"]')
    third.scroll_into_view_if_needed()
    chip = place.get_by_role("button", name=re.compile(f"^{CONTRACT}"))
    drag(page, chip, third, to=(0.6, 0.7))
    mark = third.locator(".js-mark")
    expect(mark).to_have_count(1)
    expect(place.locator(".js-mark")).to_have_count(1)
    # drawn at true size: the seal's width in mm over the page's 210 mm, of the preview's width
    seal = next(s for s in page.evaluate("fetch('/api/stamp-seals').then(r => r.json())")["seals"]
                if s["name"] == CONTRACT)
    ratio = mark.bounding_box()["width"] / third.bounding_box()["width"]
    assert abs(ratio - seal["width_mm"] / 210) < 0.01
    shoot(page, "placed")

    place.get_by_role("switch", name=re.compile("加盖骑缝章")).check()
    choose(page, [CONTRACT], title="选择骑缝章")
    expect(place.locator(".js-strip")).to_have_count(3)
    expect(place.get_by_text("已放置1枚印章，骑缝章1枚")).to_be_visible()
    shoot(page, "riding")

    place.get_by_role("button", name="确认用印").tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    expect(page).to_have_url(re.compile(r"/elicense/"))
    identify_in_licence_app(page, person, shoot)
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    expect(page.get_by_text("采购合同.pdf")).to_be_visible()
    expect(page.get_by_text(CONTRACT).first).to_be_visible()
    shoot(page, "licence-stamp")
    confirm_password_until_synced(page, person["licence_password"], shoot)
    page.get_by_role("button", name="返回").tap()

    result = wait_page(page, "stamp-result")
    expect(result.get_by_text("用印成功")).to_be_visible()
    expect(result.get_by_text("第3页").first).to_be_visible()
    shoot(page, "result")
    with page.expect_download() as info:
        result.get_by_role("link", name="下载文件").tap()
    download = info.value
    assert download.suggested_filename == "采购合同-已盖章.pdf"
    data = (tmp_path / "signed.pdf")
    download.save_as(data)
    signed = data.read_bytes()
    assert signed.startswith(b"%PDF")
    reader = PdfFileReader(io.BytesIO(signed))
    assert len(reader.embedded_signatures) == 2  # the 合同专用章 on page 3 and the 骑缝章

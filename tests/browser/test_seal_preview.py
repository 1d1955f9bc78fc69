"""Seal pictures in the H5: the 公章 thumbnail in 证照卡包, every seal in 印章预览, tap to enlarge."""
import pytest
from playwright.sync_api import expect

from backend.imaging import mm_to_px, seal_size_mm
from tests.browser.pages import log_in, wait_page

# Every <img> the selector matches has loaded a picture (not a broken-image icon).
ALL_LOADED = """selector => {
  const images = [...document.querySelectorAll(selector)];
  return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
}"""
NATURAL_WIDTHS = "selector => [...document.querySelectorAll(selector)].map((img) => img.naturalWidth)"
SEAL_IMAGES = '[data-page="seal-preview"] .seal__image img'
NOT_FILED_NOTICE = "印章备案未完成，请等待实物印章备案完成后再开始下载。"


def loaded_widths(page, selector):
    """Waits until every image the selector matches has loaded; their natural widths."""
    page.wait_for_function(ALL_LOADED, arg=selector)
    return page.evaluate(NATURAL_WIDTHS, selector)


def log_in_home(page, live_server, phone, sms_code):
    """Logs in and waits on 首页 until the 登录成功 toast has gone, so screenshots show the page."""
    log_in(page, live_server, phone, sms_code)
    wait_page(page, "home")
    expect(page.locator(".toast")).to_have_count(0)


def seal_list(page):
    return page.evaluate("""async () => {
      const wallet = await (await fetch('/api/wallet')).json();
      const id = wallet.items[0].enterprise.id;
      return (await (await fetch(`/api/enterprises/${id}/seals`)).json()).items;
    }""")


def open_preview(page, principal):
    """Enterprise id → 印章预览 of the logged-in principal's enterprise."""
    enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
    page.goto(f"{page.url.split('#')[0]}#/eseal/download?ent={enterprise_id}")
    preview = wait_page(page, "seal-preview")
    expect(preview.locator(".seal")).to_have_count(len(principal["seals"]))
    return preview


def test_cards_show_the_official_seal_thumbnail_and_preview_enlarges_it(page, live_server, accounts, sms_code,
                                                                         shoot):
    principal = accounts["licence_not_downloaded"]
    log_in_home(page, live_server, principal["phone"], sms_code)
    page.get_by_role("navigation").last.get_by_role("link", name="证照卡包").tap()
    cards = wait_page(page, "cards")
    thumb = cards.get_by_role("img", name=f"{principal['enterprise']['name']}公章印模")
    expect(thumb).to_be_visible()
    [width] = loaded_widths(page, '[data-page="cards"] .gift__thumb-img')
    assert width == mm_to_px(seal_size_mm("official")[0], 96)
    shoot(page, "cards-thumb")

    cards.get_by_text("电子印章", exact=True).tap()
    wait_page(page, "eseal-home").get_by_role("link", name="下载印章", exact=True).tap()
    preview = wait_page(page, "seal-preview")
    names = [seal["name"] for seal in principal["seals"]]
    expect(preview.locator(".seal__image img")).to_have_count(len(names))
    for name in names:
        expect(preview.get_by_role("img", name=f"{name}印模")).to_be_visible()
    thumbs = loaded_widths(page, SEAL_IMAGES)
    assert len(thumbs) == len(names) and all(width > 0 for width in thumbs)
    shoot(page, "preview")

    preview.get_by_role("button", name="放大查看公章印模").tap()
    viewer = page.get_by_role("dialog", name="公章")
    expect(viewer).to_be_visible()
    expect(viewer.get_by_role("img", name="公章")).to_be_visible()
    [big] = loaded_widths(page, ".viewer .viewer__img")
    assert big == mm_to_px(seal_size_mm("official")[0], 300)
    assert big > max(thumbs)
    shoot(page, "enlarged")
    viewer.get_by_role("button", name="关闭").tap()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(preview.get_by_role("button", name="放大查看公章印模")).to_be_focused()


def test_every_seal_can_be_enlarged_in_the_preview(page, live_server, accounts, sms_code):
    principal = accounts["licence_not_downloaded"]
    log_in_home(page, live_server, principal["phone"], sms_code)
    preview = open_preview(page, principal)
    for seal in seal_list(page):
        preview.get_by_role("button", name=f"放大查看{seal['name']}印模").tap()
        viewer = page.get_by_role("dialog", name=seal["name"])
        expect(viewer).to_be_visible()
        [width] = loaded_widths(page, ".viewer .viewer__img")
        assert width == mm_to_px(seal_size_mm(seal["type"])[0], 300)
        viewer.get_by_role("button", name="关闭").tap()
        expect(page.get_by_role("dialog")).to_have_count(0)


def test_preview_shows_the_seal_images_before_filing(page, live_server, accounts, sms_code, shoot):
    principal = accounts["seals_not_filed"]
    log_in_home(page, live_server, principal["phone"], sms_code)
    preview = open_preview(page, principal)
    expect(preview.get_by_text(NOT_FILED_NOTICE)).to_be_visible()
    expect(preview.get_by_role("button", name="开始下载")).to_have_count(0)
    for seal in principal["seals"]:
        expect(preview.get_by_role("img", name=f"{seal['name']}印模")).to_be_visible()
    assert len(loaded_widths(page, SEAL_IMAGES)) == len(principal["seals"])
    shoot(page, "preview-not-filed")
    preview.get_by_role("button", name="放大查看公章印模").tap()
    loaded_widths(page, ".viewer .viewer__img")
    shoot(page, "enlarged-not-filed")
    page.get_by_role("dialog", name="公章").get_by_role("button", name="关闭").tap()
    expect(page.get_by_role("dialog")).to_have_count(0)


# Together the demo enterprises hold every seal type, and each principal's name seal.
SEALS_BY_CASE = {
    "licence_not_downloaded": ["公章", "财务专用章", "发票专用章", "合同专用章", "法定代表人名章"],
    "partnership": ["公章", "财务专用章", "合同专用章", "执行事务合伙人名章"],
    "branch": ["公章", "合同专用章", "负责人名章"],
}


def review_each_seal(page, live_server, shoot, seals):
    """Opens each seal's picture on its own: a true-size PNG, screenshot for review."""
    for seal in seals:
        response = page.goto(live_server + seal["image_url"])
        assert response.status == 200
        assert response.headers["content-type"] == "image/png"
        expected = [mm_to_px(mm, 300) for mm in seal_size_mm(seal["type"])]
        assert page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]") == expected
        shoot(page, f"seal-{seal['name']}")


@pytest.mark.parametrize("case", list(SEALS_BY_CASE))
def test_each_seal_image_opens_on_its_own_for_review(page, live_server, accounts, sms_code, shoot, case):
    principal = accounts[case]
    log_in_home(page, live_server, principal["phone"], sms_code)
    seals = seal_list(page)
    assert [seal["name"] for seal in seals] == SEALS_BY_CASE[case]
    review_each_seal(page, live_server, shoot, seals)

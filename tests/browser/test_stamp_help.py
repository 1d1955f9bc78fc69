"""帮助中心 after 用印: 使用帮助's 「使用印章」 with pictures of our own pages, and FAQ（六） saying what the product does."""
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.pages import log_in, wait_page

GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "h5" / "img" / "guide"
STAMP_FIGURES = ["15-stamp-upload", "16-stamp-place", "17-stamp-licence", "18-stamp-result", "19-stamp-logs",
                 "20-grant", "21-grants", "22-grantee-sms"]


def open_help(page, live_server, person, sms_code):
    log_in(page, live_server, person["phone"], sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/cards")
    wait_page(page, "cards").get_by_role("link", name="电子印章").first.tap()
    wait_page(page, "eseal-home").get_by_role("link", name="帮助中心").tap()
    return wait_page(page, "help")


def test_the_guide_tells_how_to_stamp_with_pictures_of_our_pages(page, live_server, accounts, sms_code, shoot):
    open_help(page, live_server, accounts["licence_downloaded"], sms_code).get_by_role("link", name="使用帮助").tap()
    guide = wait_page(page, "help-guide")
    guide.get_by_role("link", name="使用印章").tap()  # the table of contents names the section
    section = guide.locator("section", has=page.get_by_role("heading", name="使用印章", exact=True))
    expect(section.get_by_role("heading", name="使用印章", exact=True)).to_be_in_viewport()
    for text in ("【选择印章】", "加盖骑缝章", "【确认用印】", "【下载文件】", "【验章】", "用印记录", "【新增授权】",
                 "【撤销授权】", "短信验证码"):
        expect(section.get_by_text(text).first).to_be_attached()
    for name in STAMP_FIGURES:
        assert (GUIDE_IMAGES / f"{name}.png").exists(), f"{name}.png: run scripts/make_guide_images.py"
        image = section.locator(f'img[src$="{name}.png"]')
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    shoot(page, "guide-stamp")


def test_faq_six_says_what_the_seals_can_be_used_for_now(page, live_server, accounts, sms_code):
    open_help(page, live_server, accounts["licence_downloaded"], sms_code).get_by_role("link", name="常见问题").tap()
    faq = wait_page(page, "help-faq")
    six = faq.get_by_role("button", name="（六）电子印章如何使用？")
    six.tap()
    answer = faq.locator(f"#{six.get_attribute('aria-controls')}")
    expect(answer).to_contain_text("目前支持预览、下载、用印（在PDF文件上加盖电子印章）、授权用印和验章")
    expect(answer).not_to_contain_text("目前只支持预览和下载")

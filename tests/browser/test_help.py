"""帮助中心 in the browser: 使用帮助 (the guide with our screenshots) and 常见问题 (an accordion)."""
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.pages import log_in, wait_page

GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "h5" / "img" / "guide"
SECTIONS = ["申领和使用", "下载印章", "查看印章", "管理印章"]
MESSAGES = ["印章备案未完成，请等待实物印章备案完成后再开始下载。", "数据同步中，请5分钟后再试",
            "即将打开“电子营业执照”小程序", "我已阅读并同意《印章下载声明》"]
BUTTONS = ["【开始下载】", "【下载】", "【允许】", "【确认】", "【我知道了】", "【返回】", "【查看详情】", "【删除】",
           "【查看已下载印章】", "【返回首页】"]


def open_help(page, live_server, person, sms_code):
    """电子印章 home → 帮助中心, the way a user gets there from 证照卡包."""
    log_in(page, live_server, person["phone"], sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/cards")
    wait_page(page, "cards").get_by_role("link", name="电子印章").first.tap()
    wait_page(page, "eseal-home").get_by_role("link", name="帮助中心").tap()
    return wait_page(page, "help")


def test_guide_shows_the_four_sections_with_our_screenshots(page, live_server, accounts, sms_code, shoot):
    open_help(page, live_server, accounts["licence_downloaded"], sms_code).get_by_role("link", name="使用帮助").tap()
    guide = wait_page(page, "help-guide")
    for title in SECTIONS:
        expect(guide.get_by_role("heading", name=title, exact=True)).to_be_visible()
    for text in MESSAGES + BUTTONS + ["印章变动", "印章领用情况", "删除成功"]:
        expect(guide.get_by_text(text).first).to_be_attached()
    shoot(page, "guide")

    images = guide.locator("img")
    shown = 0
    for i in range(images.count()):
        image = images.nth(i)
        assert image.get_attribute("loading") == "lazy"
        assert image.get_attribute("alt") and image.get_attribute("width") and image.get_attribute("height")
        name = image.get_attribute("src").rsplit("/", 1)[-1]
        if not (GUIDE_IMAGES / name).exists():
            continue  # not generated yet: the page leaves its figure out instead of a broken image
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        shown += 1
    assert shown >= 10, f"only {shown} guide screenshots loaded"

    guide.get_by_role("link", name="管理印章").tap()  # the table of contents scrolls to the section
    expect(guide.get_by_role("heading", name="管理印章", exact=True)).to_be_in_viewport()
    shoot(page, "guide-manage")


def test_missing_screenshot_hides_its_figure(page, live_server, accounts, sms_code, shoot):
    page.route("**/img/guide/03-preview.png", lambda route: route.fulfill(status=404))
    open_help(page, live_server, accounts["licence_downloaded"], sms_code).get_by_role("link", name="使用帮助").tap()
    guide = wait_page(page, "help-guide")
    figure = guide.locator("figure").filter(has=page.locator('img[src$="03-preview.png"]'))
    expect(figure).to_be_hidden()  # lazy loading still fetches an image this near the top
    expect(guide.locator("figure").first).to_be_visible()


def test_faq_has_six_questions_that_expand_and_collapse(page, live_server, accounts, sms_code, shoot):
    open_help(page, live_server, accounts["licence_downloaded"], sms_code).get_by_role("link", name="常见问题").tap()
    faq = wait_page(page, "help-faq")
    questions = faq.locator("button[aria-expanded]")
    expect(questions).to_have_count(6)
    for i in range(6):
        question = questions.nth(i)
        answer = faq.locator(f"#{question.get_attribute('aria-controls')}")
        expect(question).to_have_attribute("aria-expanded", "false")
        expect(answer).to_be_hidden()
        question.tap()
        expect(question).to_have_attribute("aria-expanded", "true")
        expect(answer).to_be_visible()
        if i == 3:
            expect(answer).to_contain_text("请点击【我知道了】关闭提示")
            shoot(page, "faq-open")
        question.tap()
        expect(question).to_have_attribute("aria-expanded", "false")
        expect(answer).to_be_hidden()
    expect(questions.nth(1)).to_contain_text("在下载电子印章时为何看不到下载按钮？")
    questions.nth(1).tap()
    expect(faq.locator("#" + questions.nth(1).get_attribute("aria-controls"))).to_contain_text(
        "印章备案未完成，请等待实物印章备案完成后再开始下载。")
    expect(questions.nth(3)).to_contain_text("数据同步中，请5分钟后再试")

"""One title bar inside WeChat: there WeChat draws it (the app sets document.title on every page change and draws
none of its own, keeping an in-page 返回首页 where WeChat's back would leave the app); elsewhere the app's bar stays."""
from playwright.sync_api import expect

from tests.browser.pages import enterprise_id_of, log_in, signed_in, wait_page

BAR_HEIGHT = "document.querySelector('.navbar').getBoundingClientRect().height"


def walk_to_the_preview(page, live_server):
    """首页 → 证照卡包 → 电子印章 → 下载印章, checking the title of each page on the way."""
    steps = [("cards", "证照卡包"), ("eseal-home", "电子印章"), ("seal-preview", "印章预览")]
    taps = [lambda: page.get_by_role("navigation", name="底部导航").get_by_role("link", name="证照卡包").tap(),
            lambda: page.get_by_role("link", name="电子印章").first.tap(),
            lambda: page.get_by_role("link", name="下载印章", exact=True).tap()]
    for (name, title), tap in zip(steps, taps):
        tap()
        wait_page(page, name)
        expect(page).to_have_title(title)
        yield name, title


def test_inside_wechat_the_app_draws_no_title_bar_and_names_each_page(page, live_server, accounts, sms_code, shoot):
    signed_in(page, live_server, accounts["branch"]["phone"], sms_code)
    expect(page).to_have_title("首页")
    for name, _title in walk_to_the_preview(page, live_server):
        assert page.evaluate(BAR_HEIGHT) <= 1  # WeChat's own bar is above the page
        expect(page.get_by_role("button", name="返回", exact=True)).to_be_hidden()
        expect(page.get_by_role("button", name="返回首页")).to_be_hidden()  # WeChat's back serves: pages below
    shoot(page, "wechat-preview")
    page.go_back()  # what WeChat's back does
    wait_page(page, "eseal-home")
    expect(page).to_have_title("电子印章")


def test_inside_wechat_a_page_with_nothing_below_keeps_an_in_page_way_home(page, live_server, accounts, sms_code,
                                                                          shoot):
    log_in(page, live_server, accounts["not_verified"]["phone"], sms_code)
    wait_page(page, "home")
    page.goto("about:blank")
    page.goto(f"{live_server}/h5/#/eseal/download?ent=1")  # a shared link: 实名认证 first, nothing below it
    wait_page(page, "realname")
    expect(page).to_have_title("实名认证")
    home = page.get_by_role("button", name="返回首页")
    expect(home).to_be_visible()
    shoot(page, "wechat-realname")
    home.tap()
    wait_page(page, "home")
    expect(home).to_be_hidden()


def test_in_another_browser_the_app_draws_its_own_title_bar(plain_page, live_server, accounts, sms_code, shoot):
    page = plain_page
    signed_in(page, live_server, accounts["branch"]["phone"], sms_code)
    page.set_viewport_size({"width": 430, "height": 800})
    for name, title in walk_to_the_preview(page, live_server):
        assert page.evaluate(BAR_HEIGHT) == 44
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        back = page.get_by_role("button", name="返回", exact=True)
        expect(back).to_be_hidden() if name == "cards" else expect(back).to_be_visible()  # a tab page has none
    shoot(page, "plain-preview")
    page.get_by_role("button", name="返回", exact=True).tap()
    wait_page(page, "eseal-home")
    assert enterprise_id_of(page)

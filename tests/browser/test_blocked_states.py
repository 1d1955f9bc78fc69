"""Every blocked or empty state says why and what next: no principal, no 实名认证, offline (also before a page's
code has loaded), and a half-filled 开办企业 that is being left."""
from playwright.sync_api import expect

from tests.browser.pages import enterprise_id_of, signed_in, wait_page

PRINCIPAL_ONLY = "只发放给企业的法定代表人（执行事务合伙人、负责人）"
REALNAME_REASON = "只有通过实名认证登录一网通的法定代表人（执行事务合伙人、负责人）才可以查看和下载电子印章"


def tab_bar(page):
    return page.get_by_role("navigation", name="底部导航")


def test_someone_who_is_no_principal_is_told_who_receives_the_seals(page, live_server, accounts, sms_code, shoot):
    signed_in(page, live_server, accounts["not_principal"]["phone"], sms_code).get_by_role("link", name="电子印章").tap()
    cards = wait_page(page, "cards")
    expect(cards.get_by_text("暂无证照")).to_be_visible()
    expect(cards.get_by_text(PRINCIPAL_ONLY)).to_be_visible()
    expect(cards.get_by_role("link", name="开办企业")).to_be_visible()
    expect(tab_bar(page)).to_be_visible()
    shoot(page, "no-principal")


def test_an_unverified_user_keeps_the_tab_bar_and_gets_the_reason_and_the_way(page, live_server, accounts, sms_code,
                                                                              shoot):
    signed_in(page, live_server, accounts["not_verified"]["phone"], sms_code)
    page.set_viewport_size({"width": 320, "height": 640})
    tab_bar(page).get_by_role("link", name="证照卡包").tap()
    cards = wait_page(page, "cards")
    expect(cards.get_by_text("请先完成实名认证")).to_be_visible()
    expect(cards.get_by_text(REALNAME_REASON)).to_be_visible()
    expect(tab_bar(page)).to_be_visible()
    expect(tab_bar(page).get_by_role("link", name="证照卡包")).to_have_attribute("aria-current", "page")
    shoot(page, "unverified")
    cards.get_by_role("link", name="去实名认证").tap()
    wait_page(page, "realname")


def test_offline_offers_retry_also_before_the_code_arrived_and_recovers_online(page, live_server, accounts,
                                                                              sms_code, shoot):
    signed_in(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    page.goto(f"{live_server}/h5/#/eseal?ent={enterprise_id_of(page)}")
    home = wait_page(page, "eseal-home")
    page.context.set_offline(True)
    home.get_by_role("link", name="帮助中心").tap()  # its code was never loaded
    failed = wait_page(page, "help")
    expect(failed.get_by_text("页面加载失败")).to_be_visible()
    expect(failed.get_by_role("button", name="重试")).to_be_visible()
    expect(page.get_by_text("网络连接已断开，请检查网络设置")).to_be_visible()
    shoot(page, "code-offline")
    failed.get_by_role("button", name="重试").tap()  # still offline: the same honest state
    expect(wait_page(page, "help").get_by_role("button", name="重试")).to_be_visible()
    page.context.set_offline(False)  # the network returns: the page loads by itself
    expect(wait_page(page, "help").get_by_role("link", name="使用帮助")).to_be_visible()
    expect(page.get_by_text("网络连接已断开，请检查网络设置")).to_be_hidden()

    page.context.set_offline(True)
    page.go_back()  # code loaded, data not: the data's failure offers 重试 too
    failed = wait_page(page, "eseal-home")
    expect(failed.get_by_text("网络异常，请检查网络后重试")).to_be_visible()
    expect(failed.get_by_role("button", name="重试")).to_be_visible()
    shoot(page, "data-offline")
    page.context.set_offline(False)
    expect(wait_page(page, "eseal-home").get_by_role("link", name="下载印章", exact=True)).to_be_visible()


def fill_a_little(page):
    form = wait_page(page, "startup")
    form.get_by_label("企业名称").fill("广州市半途科技有限公司")
    return form


def test_leaving_a_half_filled_startup_asks_first(plain_page, live_server, accounts, sms_code, shoot):
    page = plain_page
    signed_in(page, live_server, accounts["not_principal"]["phone"], sms_code).get_by_role("link", name="开办企业").tap()
    fill_a_little(page)
    page.get_by_role("button", name="返回", exact=True).tap()
    ask = page.get_by_role("dialog", name="确定放弃填写？")
    expect(ask).to_be_visible()
    shoot(page, "ask")
    ask.get_by_role("button", name="继续填写").tap()
    form = wait_page(page, "startup")
    expect(form.get_by_label("企业名称")).to_have_value("广州市半途科技有限公司")
    tab_home = page.get_by_role("button", name="返回", exact=True)
    tab_home.tap()
    page.get_by_role("dialog", name="确定放弃填写？").get_by_role("button", name="放弃").tap()
    wait_page(page, "home").get_by_role("link", name="开办企业").tap()
    expect(wait_page(page, "startup").get_by_label("企业名称")).to_have_value("")  # given up: a fresh form


def test_browser_back_from_a_half_filled_startup_keeps_the_input(page, live_server, accounts, sms_code, shoot):
    signed_in(page, live_server, accounts["not_principal"]["phone"], sms_code).get_by_role("link", name="开办企业").tap()
    form = fill_a_little(page)
    form.get_by_label("企业类型").select_option(label="合伙企业")
    page.go_back()  # WeChat's or Android's back cannot be asked about: the input is kept
    wait_page(page, "home").get_by_role("link", name="开办企业").tap()
    form = wait_page(page, "startup")
    expect(form.get_by_label("企业名称")).to_have_value("广州市半途科技有限公司")
    expect(form.get_by_label("企业类型")).to_have_value("partnership")
    expect(page.get_by_text("已恢复上次未提交的填写内容")).to_be_visible()
    shoot(page, "kept")

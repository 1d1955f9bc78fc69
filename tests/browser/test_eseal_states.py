"""The 电子印章 pages' other states: no or someone else's enterprise, and a failed load with 重试."""
import re

from playwright.sync_api import expect

from tests.browser.pages import log_in, wait_page

PAGES = ["", "/download", "/declare", "/wallet", "/manage", "/changes"]  # under #/eseal
NOT_YOURS = "未找到该企业：企业的电子印章只能由其法定代表人（执行事务合伙人、负责人）本人查看和下载"


def own_enterprise_id(page):
    return page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")


def test_an_address_without_an_enterprise_says_so_and_leads_back(page, live_server, accounts, sms_code, shoot):
    log_in(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    wait_page(page, "home")
    for path in PAGES:
        page.goto(f"{live_server}/h5/#/eseal{path}")
        expect(page.get_by_text("未找到该企业的电子印章信息")).to_be_visible()
        expect(page.get_by_text("无法查看电子印章")).to_be_visible()
    shoot(page, "no-enterprise")
    page.get_by_role("link", name="返回证照卡包").tap()
    wait_page(page, "cards")


def test_another_enterprise_is_refused_with_the_rule_and_shows_nothing_of_it(page, live_server, accounts,
                                                                              sms_code):
    other = accounts["licence_not_downloaded"]
    log_in(page, live_server, other["phone"], sms_code)
    wait_page(page, "home")
    theirs = own_enterprise_id(page)
    page.context.clear_cookies()
    log_in(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    wait_page(page, "home")
    for path in PAGES:
        page.goto(f"{live_server}/h5/#/eseal{path}?ent={theirs}")
        expect(page.get_by_text(NOT_YOURS)).to_be_visible()
        assert other["enterprise"]["name"] not in page.content()


def test_a_failed_load_offers_retry_and_retry_loads(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    log_in(page, live_server, person["phone"], sms_code)
    wait_page(page, "home")
    enterprise_id = own_enterprise_id(page)
    failures = {"left": 1}

    def once_unavailable(route):  # the network, not our code: one 503 as a proxy would answer it
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=503, content_type="application/json",
                          body='{"error": "unavailable", "message": "服务暂时不可用，请稍后再试", "fields": {}}')
        else:
            route.continue_()
    page.route(re.compile(rf".*/api/enterprises/{enterprise_id}$"), once_unavailable)
    page.goto(f"{live_server}/h5/#/eseal?ent={enterprise_id}")
    expect(page.get_by_text("服务暂时不可用，请稍后再试")).to_be_visible()
    expect(page.get_by_text("加载失败")).to_be_visible()
    shoot(page, "eseal-home-failed")
    page.get_by_role("button", name="重试").tap()
    home = wait_page(page, "eseal-home")
    expect(home.get_by_text(person["enterprise"]["name"])).to_be_visible()
    assert failures["left"] == 0

"""Back never leads to a dead end: from 下载成功 and 印章预览 it lands on a page with a way on, and back from the
licence app finds 下载印章 with the declaration still agreed."""
import re

from playwright.sync_api import expect

from tests.browser.pages import (agree_and_allow, enterprise_id_of, licence_app_answers, open_preview, signed_in,
                                 wait_page)

ENTRIES = ["下载印章", "查看已下载印章", "管理印章", "帮助中心"]


def test_back_from_the_licence_app_keeps_the_declaration_and_back_from_success_is_the_eseal_home(
        page, live_app, live_server, accounts, sms_code, shoot):
    open_preview(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    agree_and_allow(page, shoot)
    expect(page).to_have_url(re.compile(r"/elicense/"))
    page.go_back()  # the browser's (Android's) back inside the licence app
    declare = wait_page(page, "seal-declare")
    expect(declare.get_by_role("checkbox")).to_be_checked()
    expect(declare.get_by_role("button", name="下载", exact=True)).to_be_enabled()
    page.reload()  # loaded afresh rather than from the page cache: still agreed
    declare = wait_page(page, "seal-declare")
    expect(declare.get_by_role("checkbox")).to_be_checked()
    expect(declare.get_by_text("请先阅读《印章下载声明》", exact=True)).to_be_hidden()
    shoot(page, "declare-after-back")

    declare.get_by_role("button", name="下载", exact=True).tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    licence_app_answers(page, live_app, live_server)
    result = wait_page(page, "seal-result")
    expect(result.get_by_text("下载成功")).to_be_visible()
    shoot(page, "result")
    page.go_back()
    home = wait_page(page, "eseal-home")
    for entry in ENTRIES:
        expect(home.get_by_role("link", name=entry, exact=True)).to_be_visible()
    assert "/h5/" in page.url
    shoot(page, "back-from-result")
    page.go_back()
    wait_page(page, "cards")  # the way the 电子印章 home is entered


def test_back_from_a_preview_opened_on_its_own_lands_on_the_eseal_home(plain_page, live_server, accounts, sms_code,
                                                                      shoot):
    page = plain_page
    page.set_viewport_size({"width": 320, "height": 640})
    signed_in(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    enterprise_id = enterprise_id_of(page)
    page.goto("about:blank")
    # As the callback of a cancelled verification opens it: a fresh load of 印章预览.
    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}&cancelled=1")
    preview = wait_page(page, "seal-preview")
    back = page.get_by_role("button", name="返回", exact=True)
    expect(back).to_be_visible()  # a page below it now: our own back, not only 返回首页
    shoot(page, "preview-on-its-own")
    page.go_back()
    home = wait_page(page, "eseal-home")
    expect(home.get_by_role("link", name="下载印章", exact=True)).to_be_visible()
    expect(preview).to_have_count(0)
    page.go_forward()
    wait_page(page, "seal-preview")
    back.tap()  # our back leads to the same place
    wait_page(page, "eseal-home")
    shoot(page, "eseal-home-below")
    back.tap()  # and on, to 证照卡包 where the 电子印章 home is entered
    wait_page(page, "cards")

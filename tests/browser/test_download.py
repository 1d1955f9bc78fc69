"""下载印章 end to end in the browser: 声明, the jump to the licence app, its pages, back, 下载成功."""
import re

from playwright.sync_api import expect

from tests.browser.pages import (agree_and_allow, confirm_password_until_synced, download_licence,
                                 identify_in_licence_app, log_in, open_preview, wait_page)


def finish(page, shoot, seals):
    expect(page.get_by_role("button", name="返回")).to_be_visible()
    shoot(page, "verified")
    page.get_by_role("button", name="返回").tap()
    result = wait_page(page, "seal-result")
    assert "result=" not in page.url
    expect(result.get_by_text("下载成功")).to_be_visible()
    for seal in seals:
        expect(result.get_by_text(seal["name"], exact=True)).to_be_visible()
    shoot(page, "result")
    result.get_by_role("button", name="查看已下载印章").tap()
    held = wait_page(page, "seal-wallet")
    for seal in seals:
        expect(held.get_by_role("img", name=f"{seal['name']}印模")).to_be_visible()
        expect(held.get_by_text(f"印章编码：{seal['code']}")).to_be_visible()
    shoot(page, "wallet")


def test_first_download_downloads_the_licence_then_waits_out_data_sync(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_not_downloaded"]
    open_preview(page, live_server, person["phone"], sms_code)
    agree_and_allow(page, shoot)
    expect(page).to_have_url(re.compile(r"/elicense/"))
    download_licence(page, person, "246810", shoot)
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    refusals = confirm_password_until_synced(page, "246810", shoot)
    assert refusals >= 1  # the freshly downloaded licence was still syncing at first
    finish(page, shoot, person["seals"])


def test_downloaded_licence_is_shown_once_identified_in_this_browser(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    open_preview(page, live_server, person["phone"], sms_code)
    agree_and_allow(page, shoot)
    licence = page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))
    expect(page.get_by_text("一网通电子印章办理「下载印章」")).to_be_visible()
    expect(licence).to_have_count(0)  # the jump identifies nobody: 实名信息 and 实人认证 first, in this browser
    identify_in_licence_app(page, person, shoot)
    expect(licence).to_be_visible()  # FAQ 五: no second download
    expect(page.get_by_role("link", name="下载执照")).to_be_visible()
    shoot(page, "licence-shown")
    licence.tap()
    page.get_by_label("请输入执照密码").fill("000000")
    page.get_by_role("button", name="确认").tap()
    expect(page.get_by_text("执照密码错误，还可尝试4次")).to_be_visible()
    shoot(page, "wrong-password")
    assert confirm_password_until_synced(page, person["licence_password"], shoot) == 0
    finish(page, shoot, person["seals"])


def test_cancel_at_the_dialog_stays_on_the_download_page(page, live_server, accounts, sms_code, shoot):
    open_preview(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    agree_and_allow(page, shoot, allow=False)
    expect(page.get_by_role("dialog")).to_have_count(0)
    wait_page(page, "seal-declare")
    assert "/elicense/" not in page.url


def test_cancel_inside_the_licence_app_comes_back_and_can_start_again(page, live_server, accounts, sms_code, shoot):
    open_preview(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    agree_and_allow(page, shoot)
    page.get_by_role("button", name="返回一网通", exact=True).tap()
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("您已取消电子营业执照身份验证，可重新开始下载。")).to_be_visible()
    shoot(page, "cancelled")
    expect(preview.get_by_role("button", name="开始下载")).to_be_visible()


def test_someone_who_is_not_the_principal_is_refused(page, live_server, accounts, sms_code, shoot):
    log_in(page, live_server, accounts["not_principal"]["phone"], sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/eseal/declare?ent=1")
    expect(page.get_by_text("法定代表人（执行事务合伙人、负责人）本人")).to_be_visible()
    shoot(page, "refused")

"""Back never leads to a dead end in the licence app: the browser's (Android's) back and the app's ‹ 返回 land on
the step before, ‹ 返回 on its first page cancels back to 一网通, and a licence page of a jump that has ended
offers 【返回一网通】 to the e-seal home. No step is ever posted twice by going back."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PLAIN_UA
from tests.browser.pages import (agree_and_allow, confirm_password_until_synced, identify_in_licence_app,
                                 jump_to_licence_app, licence_heading, open_preview, wait_page)


@pytest.fixture
def plain_320(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "user_agent": PLAIN_UA,
                                     "viewport": {"width": 320, "height": 568}})
    yield context.new_page()
    context.close()


def bar_back(page):
    return page.get_by_role("banner").get_by_role("link", name="返回", exact=True)


def posts_seen(page):
    """Every POST the page sends from now on, as (path, was it a navigation)."""
    seen = []
    page.on("request", lambda r: seen.append((r.url.split("?")[0], r.is_navigation_request()))
            if r.method == "POST" else None)
    return seen


def test_back_and_the_apps_own_back_walk_the_download_steps_backwards(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_not_downloaded"]
    open_preview(page, live_server, person["phone"], sms_code)
    agree_and_allow(page, lambda *_: None)
    licence_heading(page, "电子营业执照")
    posts = posts_seen(page)

    page.get_by_role("link", name="下载执照").tap()
    licence_heading(page, "实名信息")
    bar_back(page).tap()  # ‹ 返回: the step before, the browser's own back when it is the page below
    licence_heading(page, "电子营业执照")
    page.go_forward()
    licence_heading(page, "实名信息")
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号").fill(person["id_number"])
    page.get_by_role("button", name="下一步").tap()
    licence_heading(page, "实人认证")
    page.go_back()
    licence_heading(page, "实名信息")  # a form to fill again, not a resubmission prompt
    shoot(page, "back-to-realname")
    page.go_forward()
    page.get_by_role("button", name="开始人脸识别").tap()

    licence_heading(page, "选择登记地")
    expect(bar_back(page)).to_have_attribute("href", "/elicense/")  # identified: the step before is the list
    page.go_back()  # onto 实人认证, done already: the list, where this person is now known
    licence_heading(page, "电子营业执照")
    expect(page.get_by_text("陈**，您已下载的执照：")).to_be_visible()
    expect(page.get_by_role("link", name="下载执照")).to_be_visible()
    shoot(page, "back-from-place")
    page.go_forward()
    licence_heading(page, "选择登记地")
    page.get_by_role("button", name="下一步").tap()
    licence_heading(page, "下载执照")
    bar_back(page).tap()
    licence_heading(page, "选择登记地")
    page.go_forward()
    page.get_by_label(person["enterprise"]["name"]).check()
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).check()
    page.get_by_role("button", name="下载", exact=True).tap()
    licence_heading(page, "设置执照密码")
    page.get_by_label("执照密码（6位数字）").fill("246810")
    page.get_by_label("再次输入").fill("246810")
    page.get_by_role("button", name="确认").tap()
    licence = page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))
    expect(licence).to_be_visible()

    page.go_back()  # onto 设置执照密码 of a licence now downloaded: the choice, which says so and leads on
    licence_heading(page, "下载执照")
    expect(page.get_by_text("（已下载）")).to_be_visible()
    shoot(page, "back-after-download")
    page.get_by_role("link", name="查看已下载的执照").tap()
    licence.tap()
    licence_heading(page, "执照验证")
    bar_back(page).tap()
    licence_heading(page, "电子营业执照")
    page.go_forward()
    confirm_password_until_synced(page, "246810", lambda *_: None)
    licence_heading(page, "身份认证成功")
    bar_back(page).tap()  # the step before: 执照验证
    licence_heading(page, "执照验证")
    page.go_forward()
    licence_heading(page, "身份认证成功")
    shoot(page, "success")
    # No form was posted by a navigation: each step went with fetch and on with a GET, never re-posted by back.
    assert all(not navigation for _, navigation in posts), posts
    page.get_by_role("button", name="返回", exact=True).tap()  # 【返回】: to 一网通 with the result
    expect(wait_page(page, "seal-result").get_by_text("下载成功")).to_be_visible()


def test_back_from_the_first_page_cancels_and_an_ended_jump_leads_back_to_the_eseal_app(
        plain_320, live_server, accounts, sms_code, shoot):
    page, person = plain_320, accounts["licence_downloaded"]
    jump_to_licence_app(page, live_server, person["phone"], sms_code)
    identify_in_licence_app(page, person, lambda *_: None)
    back = page.get_by_role("banner").get_by_role("button", name="返回", exact=True)
    expect(page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))).to_be_visible()
    shoot(page, "first-page")
    back.tap()  # ‹ 返回 on the licence app's first page: cancel, and 一网通 is told so
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("您已取消电子营业执照身份验证，可重新开始下载。")).to_be_visible()

    for _ in range(6):  # back through the pages 一网通 planted below 印章预览, into the licence app again
        page.go_back()
        if "/elicense/" in page.url:
            break
    expect(page).to_have_url(re.compile(r"/elicense/"))  # that jump has ended
    expect(page.get_by_text("请从一网通电子印章发起下载，再进入电子营业执照")).to_be_visible()
    home = page.get_by_role("link", name="返回一网通", exact=True)
    expect(home).to_have_attribute("href", f"{live_server}/h5/#/eseal")
    expect(bar_back(page)).to_have_attribute("href", f"{live_server}/h5/#/eseal")
    shoot(page, "ended")
    home.tap()
    wait_page(page, "eseal-home")

"""The licence app's forms as a user lives them (guide 二(3), FAQ 四): reasons in Chinese beside the fields,
「数据同步中，请5分钟后再试」 as a dialog that 【我知道了】 closes with the password still typed (【确认】 is then
one tap), and 删除执照 behind a confirmation that really deletes the licence — and then it can be downloaded again.
Each runs inside WeChat at 375 px and in a phone's own browser at 320 px."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PLAIN_UA, WECHAT_UA
from tests.browser.pages import (SYNCING, confirm_password_until_synced, identify_in_licence_app,
                                 is_primary, jump_to_licence_app, licence_heading, wait_page)

DEVICES = {"wechat-375": (WECHAT_UA, 375, 667), "plain-320": (PLAIN_UA, 320, 568)}


@pytest.fixture(params=list(DEVICES))
def phone(request, browser, browser_context_args):
    user_agent, width, height = DEVICES[request.param]
    context = browser.new_context(**{**browser_context_args, "user_agent": user_agent,
                                     "viewport": {"width": width, "height": height}})
    yield context.new_page()
    context.close()


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def reason(page, text):
    return page.locator(".lic-error:not([hidden])", has_text=re.compile(f"^{re.escape(text)}$"))


def test_first_download_says_what_is_missing_in_chinese_and_data_sync_keeps_the_password(
        phone, live_server, accounts, sms_code, shoot):
    page, person = phone, accounts["licence_not_downloaded"]
    jump_to_licence_app(page, live_server, person["phone"], sms_code)
    download = page.get_by_role("link", name="下载执照")
    assert is_primary(download)  # nothing held yet: 下载执照 is the way on
    download.tap()

    licence_heading(page, "实名信息")
    assert page.evaluate("[...document.forms].every(form => form.noValidate)")  # never the browser's bubbles
    page.get_by_role("button", name="下一步").tap()
    expect(reason(page, "请输入姓名")).to_be_visible()
    expect(reason(page, "请输入身份证号")).to_be_visible()
    expect(page.get_by_label("姓名")).to_be_focused()
    shoot(page, "realname-empty")
    page.get_by_label("姓名").fill(person["name"])
    expect(reason(page, "请输入姓名")).to_have_count(0)  # put right: the reason goes as it is typed
    wrong_check = person["id_number"][:17] + ("0" if person["id_number"][17] != "0" else "1")
    page.get_by_label("身份证号").fill(wrong_check)
    page.get_by_role("button", name="下一步").tap()
    expect(reason(page, "身份证号校验位不正确")).to_be_visible()  # the server's reason, beside the field
    expect(page.get_by_label("姓名")).to_have_value(person["name"])  # and what was typed stays
    expect(page.get_by_label("身份证号")).to_have_value(wrong_check)
    fits_the_screen(page)
    shoot(page, "realname-refused")
    page.get_by_label("身份证号").fill(person["id_number"])
    page.get_by_role("button", name="下一步").tap()
    page.get_by_role("button", name="开始人脸识别").tap()
    page.get_by_role("button", name="下一步").tap()  # 选择登记地: 广东省

    licence_heading(page, "下载执照")
    page.get_by_role("button", name="下载", exact=True).tap()
    expect(reason(page, "请勾选要下载的执照")).to_be_visible()
    expect(reason(page, "请阅读并同意《执照下载声明》")).to_be_visible()
    shoot(page, "choose-empty")
    page.get_by_label(person["enterprise"]["name"]).check()
    expect(reason(page, "请勾选要下载的执照")).to_have_count(0)
    page.get_by_role("button", name="《执照下载声明》").tap()
    declaration = page.get_by_role("dialog", name="《执照下载声明》")
    expect(declaration).to_contain_text("妥善保管执照密码")
    shoot(page, "declaration")
    declaration.get_by_role("button", name="我已阅读").tap()  # 【我已阅读】 ticks the box
    expect(page.get_by_role("checkbox", name=re.compile("我已阅读并同意"))).to_be_checked()
    expect(reason(page, "请阅读并同意《执照下载声明》")).to_have_count(0)
    page.get_by_role("button", name="下载", exact=True).tap()

    licence_heading(page, "设置执照密码")
    page.get_by_role("button", name="确认").tap()
    expect(reason(page, "请设置6位数字的执照密码")).to_be_visible()
    page.get_by_label("执照密码（6位数字）").fill("2468")
    page.get_by_label("再次输入").fill("246811")
    page.get_by_role("button", name="确认").tap()
    expect(reason(page, "执照密码应为6位数字")).to_be_visible()
    page.get_by_label("执照密码（6位数字）").fill("246810")
    page.get_by_role("button", name="确认").tap()
    expect(reason(page, "两次输入的密码不一致")).to_be_visible()
    shoot(page, "password-mismatch")
    page.get_by_label("再次输入").fill("246810")
    page.get_by_role("button", name="确认").tap()

    licence = page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))
    expect(licence).to_contain_text("去验证 ›")  # the card to tap says so
    assert not is_primary(page.get_by_role("link", name="下载执照"))  # and 下载执照 steps back
    licence.tap()
    field = page.get_by_label("请输入执照密码")
    field.fill("246810")
    page.get_by_role("button", name="确认", exact=True).tap()  # at once: the fresh licence is still syncing
    syncing = page.get_by_role("alertdialog", name=SYNCING)
    expect(syncing).to_be_visible()
    expect(field).to_have_value("246810")
    fits_the_screen(page)
    shoot(page, "syncing")
    syncing.get_by_role("button", name="我知道了").tap()
    expect(syncing).to_be_hidden()
    expect(field).to_have_value("246810")  # 稍等片刻后继续点击【确认】: nothing to type again
    expect(page.get_by_role("button", name="删除执照")).to_be_visible()  # the one the guide warns against
    shoot(page, "syncing-closed")
    for _ in range(20):
        page.get_by_role("button", name="确认", exact=True).tap()
        verified = page.get_by_role("heading", name="身份认证成功")
        expect(verified.or_(syncing).first).to_be_visible()
        if verified.count():
            break
        syncing.get_by_role("button", name="我知道了").tap()
        expect(field).to_have_value("246810")
        page.wait_for_timeout(400)
    expect(page.get_by_role("heading", name="身份认证成功")).to_be_visible()
    page.get_by_role("button", name="返回", exact=True).tap()
    expect(wait_page(page, "seal-result").get_by_text("下载成功")).to_be_visible()


def test_deleting_the_licence_asks_first_then_removes_it_and_it_can_be_downloaded_again(
        phone, live_server, accounts, sms_code, shoot):
    page, person = phone, accounts["licence_downloaded"]
    jump_to_licence_app(page, live_server, person["phone"], sms_code)
    identify_in_licence_app(page, person, lambda *_: None)
    licence = page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))
    expect(licence).to_contain_text("去验证 ›")
    assert not is_primary(page.get_by_role("link", name="下载执照"))  # held: the licence card leads, not 下载执照
    fits_the_screen(page)
    shoot(page, "held")
    licence.tap()

    page.get_by_role("button", name="删除执照").tap()
    confirm = page.get_by_role("alertdialog", name="删除执照")
    expect(confirm).to_contain_text(f"确定删除“{person['enterprise']['name']}”的电子营业执照吗？")
    shoot(page, "delete-confirm")
    confirm.get_by_role("button", name="取消").tap()
    expect(confirm).to_be_hidden()
    licence_heading(page, "执照验证")  # 取消 deletes nothing
    page.get_by_role("button", name="删除执照").tap()
    confirm.get_by_role("button", name="删除", exact=True).tap()

    licence_heading(page, "电子营业执照")
    expect(page.get_by_role("status")).to_have_text("执照已删除。如需再次使用，请点击「下载执照」重新下载。")
    expect(licence).to_have_count(0)
    expect(page.get_by_text("您还没有下载执照。")).to_be_visible()
    assert is_primary(page.get_by_role("link", name="下载执照"))
    shoot(page, "deleted")
    page.reload()  # the notice is said once
    expect(page.get_by_role("status")).to_have_count(0)
    page.go_back()  # onto the page of the licence just deleted: it says so, and leads on
    expect(page.get_by_text("未找到该执照")).to_be_visible()
    expect(page.get_by_role("button", name="返回一网通")).to_be_visible()
    shoot(page, "back-onto-deleted")
    page.get_by_role("link", name="返回执照列表").tap()
    licence_heading(page, "电子营业执照")

    page.get_by_role("link", name="下载执照").tap()  # downloaded again: 实名信息, 实人认证, 登记地, 执照, 密码
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号").fill(person["id_number"])
    page.get_by_role("button", name="下一步").tap()
    page.get_by_role("button", name="开始人脸识别").tap()
    page.get_by_role("button", name="下一步").tap()
    page.get_by_label(person["enterprise"]["name"]).check()  # no longer （已下载）
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).check()
    page.get_by_role("button", name="下载", exact=True).tap()
    page.get_by_label("执照密码（6位数字）").fill("112233")
    page.get_by_label("再次输入").fill("112233")
    page.get_by_role("button", name="确认").tap()
    licence.tap()
    assert confirm_password_until_synced(page, "112233", lambda *_: None) >= 1  # a new licence: it syncs again


def test_without_script_data_sync_is_still_a_dialog_that_closes(page, browser, browser_context_args, live_app,
                                                                 live_server, accounts, sms_code, shoot):
    """The no-script fallback: the form posts, the 409 page draws the dialog open, 【我知道了】 closes it (the
    password field is then empty: a page never re-fills a password)."""
    person = accounts["licence_downloaded"]
    jump_to_licence_app(page, live_server, person["phone"], sms_code)
    identify_in_licence_app(page, person, lambda *_: None)
    verify_url = page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).evaluate("a => a.href")
    still_syncing(live_app)
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    context.add_cookies(page.context.cookies())
    bare = context.new_page()
    bare.goto(verify_url)
    bare.get_by_label("请输入执照密码").fill(person["licence_password"])
    bare.get_by_role("button", name="确认", exact=True).tap()
    syncing = bare.get_by_role("alertdialog", name=SYNCING)
    expect(syncing).to_be_visible()
    shoot(bare, "no-script-syncing")
    syncing.get_by_role("button", name="我知道了").tap()
    expect(syncing).to_be_hidden()
    licence_heading(bare, "执照验证")
    expect(bare.get_by_label("请输入执照密码")).to_have_value("")
    context.close()


def still_syncing(app):
    """Every licence in data sync for another minute, as a freshly downloaded one is."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from backend.elicense.models import LicenceHolding
    from backend.extensions import db
    with app.app_context():
        db.session.execute(update(LicenceHolding).values(sync_until=datetime.now(UTC) + timedelta(minutes=1)))
        db.session.commit()
        db.session.remove()

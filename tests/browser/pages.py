"""Steps the browser tests share, written as a user would do them."""
from playwright.sync_api import expect


def wait_page(page, name):
    locator = page.locator(f'[data-page="{name}"][data-ready="true"]')
    expect(locator).to_be_visible()
    return locator


def log_in(page, base, phone, sms_code, shoot=None):
    page.goto(f"{base}/")
    wait_page(page, "login")
    page.get_by_label("手机号").fill(phone)
    page.get_by_role("button", name="获取验证码").tap()
    # The demo notice appears once the code is sent; it must show the code the outbox holds.
    notice = page.get_by_text("演示模式：短信验证码为")
    expect(notice).to_be_visible()
    code = sms_code(phone)
    expect(notice).to_contain_text(code)
    page.get_by_label("验证码").fill(code)
    if shoot:
        shoot(page, "login")
    page.get_by_role("button", name="登录").tap()


def verify_identity(page, name, id_number, shoot=None):
    wait_page(page, "realname")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("身份证号").fill(id_number)
    if shoot:
        shoot(page, "realname")
    page.get_by_role("button", name="下一步").tap()
    wait_page(page, "face")
    if shoot:
        shoot(page, "face")
    page.get_by_role("button", name="开始识别").tap()

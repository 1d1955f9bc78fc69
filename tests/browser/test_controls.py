"""Controls that look like what they do: 查看已下载印章's radios are empty circles until one is picked, and the
declaration box says 「请先阅读《印章下载声明》」 while it cannot be ticked; 【我已阅读】 ticks it."""
import re

from playwright.sync_api import expect

from tests.browser.pages import download_every_seal, enterprise_id_of, open_preview, signed_in, wait_page

BLUE = "rgb(30, 94, 191)"
WHITE = "rgb(255, 255, 255)"
# How each radio is drawn: its fill and whether a mark (tick or minus) is drawn inside it.
LOOKS = """() => [...document.querySelectorAll('[data-page="seal-wallet"] input[type=radio]')].map((input) => ({
  fill: getComputedStyle(input).backgroundColor,
  mark: getComputedStyle(input, '::after').content,
}))"""


def test_wallet_radios_are_empty_choices_until_one_is_picked(page, live_app, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    _, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    download_every_seal(page, live_app, live_server)
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = wait_page(page, "seal-wallet")
    radios = wallet.get_by_role("radio")
    expect(radios).to_have_count(len(person["seals"]))
    looks = page.evaluate(LOOKS)
    assert looks == [{"fill": WHITE, "mark": "none"}] * len(person["seals"]), looks
    shoot(page, "nothing-picked")
    radios.nth(1).check()
    looks = page.evaluate(LOOKS)
    assert looks[1]["fill"] == BLUE and looks[1]["mark"] != "none"
    assert [look for i, look in enumerate(looks) if i != 1] == [{"fill": WHITE, "mark": "none"}] * (len(looks) - 1)
    expect(wallet.get_by_role("button", name="查看详情")).to_be_enabled()
    shoot(page, "one-picked")


def test_declaration_box_says_read_first_and_i_have_read_ticks_it(page, live_server, accounts, sms_code, shoot):
    signed_in(page, live_server, accounts["partnership"]["phone"], sms_code)
    page.set_viewport_size({"width": 430, "height": 800})
    page.goto(f"{live_server}/h5/#/eseal/declare?ent={enterprise_id_of(page)}")
    declare = wait_page(page, "seal-declare")
    box = declare.get_by_role("checkbox", name=re.compile(r"^我已阅读并同意\s*《印章下载声明》$"))
    expect(box).to_be_disabled()
    expect(box).to_have_accessible_description(
        "下载前需要阅读并同意《印章下载声明》。 请先阅读《印章下载声明》")
    box.tap(force=True)  # a tap on the box before reading says why it stays empty
    expect(page.get_by_role("status").filter(has_text="请先阅读《印章下载声明》")).to_be_visible()
    expect(box).not_to_be_checked()
    shoot(page, "read-first")

    declare.get_by_role("button", name="《印章下载声明》").tap()
    page.get_by_role("dialog").get_by_role("button", name="关闭").tap()  # opened, closed unread: not agreed
    expect(box).to_be_enabled()
    expect(box).not_to_be_checked()
    declare.get_by_role("button", name="《印章下载声明》").tap()
    page.get_by_role("dialog").get_by_role("button", name="我已阅读").tap()
    expect(box).to_be_checked()
    expect(declare.get_by_text("请先阅读《印章下载声明》", exact=True)).to_be_hidden()
    expect(declare.get_by_role("button", name="下载", exact=True)).to_be_enabled()
    shoot(page, "ticked")
    box.uncheck()
    expect(declare.get_by_role("button", name="下载", exact=True)).to_be_disabled()

"""The smaller things: 印章变动 of one seal first, names masked, plain words; 印章详情 without a repeated type; one
colour for 已备案; demo dates in order; 删除（n）; tab order (back before the page, 手机号 → 获取验证码 → 验证码);
the guide not justified."""
import re

from playwright.sync_api import expect

from tests.browser.pages import download_every_seal, enterprise_id_of, open_preview, signed_in, wait_page

TAG_FILL = """page => getComputedStyle([...document.querySelectorAll(`[data-page="${page}"] .tag`)]
  .find((tag) => tag.textContent.trim() === '已备案')).backgroundColor"""


def open_detail(page, live_server, enterprise_id, seal):
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = wait_page(page, "seal-wallet")
    wallet.get_by_role("radio", name=re.compile(f"^{seal}")).check()
    wallet.get_by_role("button", name="查看详情").tap()
    return wait_page(page, "seal-detail")


def test_changes_of_one_seal_come_first_masked_in_plain_words(page, live_app, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    page.set_viewport_size({"width": 320, "height": 640})
    preview, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    filed = page.evaluate(TAG_FILL, "seal-preview")
    download_every_seal(page, live_app, live_server)

    detail = open_detail(page, live_server, enterprise_id, "财务专用章")
    expect(detail.get_by_text("印章类型")).to_have_count(0)  # 财务专用章 is its own type: said once
    assert page.evaluate(TAG_FILL, "seal-detail") == filed
    detail = open_detail(page, live_server, enterprise_id, "公章")
    expect(detail.get_by_text("印章类型")).to_be_visible()
    expect(detail.get_by_text("法定名称章", exact=True)).to_be_visible()
    page.go_back()
    expect(wait_page(page, "seal-wallet").get_by_text("已备案").first).to_be_visible()
    assert page.evaluate(TAG_FILL, "seal-wallet") == filed
    page.go_forward()

    wait_page(page, "seal-detail").get_by_role("link", name="印章变动").tap()
    changes = wait_page(page, "seal-changes")
    one = changes.get_by_role("button", name="本印章（公章）")
    expect(one).to_have_attribute("aria-pressed", "true")
    titles = changes.locator(".timeline__title")
    expect(titles).to_have_count(4)
    for title in titles.all_inner_texts():
        assert title.endswith("公章"), title
    expect(changes.get_by_text("公章已下载", exact=True)).to_be_visible()
    expect(changes.get_by_text("操作人：林**", exact=True)).to_be_visible()
    assert person["name"] not in changes.inner_text()
    shoot(page, "one-seal")
    changes.get_by_role("button", name="全部印章").tap()
    changes = wait_page(page, "seal-changes")
    expect(changes.get_by_role("button", name="全部印章")).to_have_attribute("aria-pressed", "true")
    expect(changes.get_by_text("法定代表人名章已下载", exact=True)).to_be_visible()
    expect(changes.locator(".timeline__title")).to_have_count(20)
    assert person["name"] not in changes.inner_text()
    shoot(page, "all-seals")


def test_demo_dates_run_in_order(page, live_server, accounts, sms_code, shoot):
    signed_in(page, live_server, accounts["partnership"]["phone"], sms_code)
    page.goto(f"{live_server}/h5/#/cards")
    cards = wait_page(page, "cards")
    issued = re.search(r"发放日期 (\S+)", cards.get_by_role("link", name=re.compile("电子印章")).inner_text())[1]
    cards.get_by_role("button", name=re.compile("电子营业执照")).tap()
    licence = page.get_by_role("dialog", name="电子营业执照")
    established = licence.locator("dt", has_text="成立日期").locator("xpath=following-sibling::dd").inner_text()
    shoot(page, "licence")
    licence.get_by_role("button", name="我知道了").tap()
    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id_of(page)}")
    preview = wait_page(page, "seal-preview")
    filed = {re.search(r"备案日期：(\S+)", text)[1] for text in preview.locator(".seal").all_inner_texts()}
    assert established <= issued and all(established < day for day in filed), (established, issued, filed)


def test_tab_order_follows_use_and_back_comes_before_the_page(plain_page, live_server, accounts, sms_code):
    page = plain_page
    page.goto(f"{live_server}/h5/#/login")
    wait_page(page, "login")
    page.get_by_label("手机号").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="获取验证码")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("验证码")).to_be_focused()

    signed_in(page, live_server, accounts["licence_downloaded"]["phone"], sms_code)
    page.goto(f"{live_server}/h5/#/eseal?ent={enterprise_id_of(page)}")
    wait_page(page, "eseal-home").get_by_role("link", name="帮助中心").tap()
    wait_page(page, "help")
    expect(page.get_by_role("heading", level=1, name="帮助中心")).to_be_focused()  # the page change is announced
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="返回", exact=True)).to_be_focused()  # the title is no tab stop
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=re.compile("^使用帮助"))).to_be_focused()

    page.get_by_role("link", name=re.compile("^使用帮助")).tap()
    guide = wait_page(page, "help-guide")
    aligns = guide.locator(".guide__text").evaluate_all("els => [...new Set(els.map(e => getComputedStyle(e).textAlign))]")
    assert "justify" not in aligns, aligns

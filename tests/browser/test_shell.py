"""The H5 shell in a phone-sized Chromium: login, 实名认证, 证照卡包, 电子印章 home."""
from playwright.sync_api import expect

from tests.browser.pages import log_in, verify_identity, wait_page


def no_horizontal_scroll(page):
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_principal_reaches_eseal_home_from_the_card_wallet(page, live_server, accounts, sms_code, shoot):
    principal = accounts["licence_not_downloaded"]
    log_in(page, live_server, principal["phone"], sms_code, shoot)
    home = wait_page(page, "home")
    shoot(page, "home")
    tabs = page.get_by_role("navigation").last.get_by_role("link")
    expect(tabs).to_have_text(["首页", "办事", "证照卡包"])
    tabs.last.tap()
    cards = wait_page(page, "cards")
    expect(home).to_have_count(0)
    expect(cards.get_by_text(principal["enterprise"]["name"])).to_be_visible()
    for gift in ("电子营业执照", "电子印章", "电子发票"):
        expect(cards.get_by_text(gift, exact=True)).to_be_visible()
    shoot(page, "cards")
    cards.get_by_text("电子印章", exact=True).tap()
    eseal = wait_page(page, "eseal-home")
    entries = ["下载印章", "查看已下载印章", "管理印章", "帮助中心"]
    for entry in entries:
        expect(eseal.get_by_role("link", name=entry, exact=True)).to_be_visible()
    shoot(page, "eseal-home")
    expected = {"下载印章": "seal-preview", "查看已下载印章": "seal-wallet", "管理印章": "seal-manage",
                "帮助中心": "help"}
    for entry, name in expected.items():
        wait_page(page, "eseal-home").get_by_role("link", name=entry, exact=True).tap()
        opened = wait_page(page, name)
        shoot(page, name)
        if name == "seal-preview":
            expect(opened.get_by_text("已备案")).to_have_count(len(principal["seals"]))
            expect(opened.get_by_role("button", name="开始下载")).to_be_visible()
        if name in ("seal-wallet", "seal-manage"):
            expect(opened.get_by_text("暂无已下载印章")).to_be_visible()
        page.go_back()


def test_preview_before_filing_shows_the_notice_and_no_download(page, live_server, accounts, sms_code, shoot):
    principal = accounts["seals_not_filed"]
    log_in(page, live_server, principal["phone"], sms_code)
    wait_page(page, "home")
    enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}")
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("印章备案未完成，请等待实物印章备案完成后再开始下载。")).to_be_visible()
    expect(preview.get_by_role("button", name="开始下载")).to_have_count(0)
    expect(preview.get_by_text("待刻制")).to_have_count(2)
    expect(preview.get_by_text("已刻制")).to_have_count(1)
    shoot(page, "preview-not-filed")


def test_unverified_principal_passes_realname_and_face_step(page, live_server, accounts, sms_code, shoot):
    person = accounts["not_verified"]
    log_in(page, live_server, person["phone"], sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/cards")
    wait_page(page, "cards").get_by_role("link", name="去实名认证").tap()  # in the page, under the tab bar
    verify_identity(page, person["name"], person["id_number"], shoot)
    cards = wait_page(page, "cards")
    expect(cards.get_by_text(person["enterprise"]["name"])).to_be_visible()
    shoot(page, "cards-after-realname")
    me = page.evaluate("fetch('/api/me').then(r => r.json())")
    assert me["realname"]["status"] == "verified"
    assert me["realname"]["id_number_masked"] == person["id_number"][:4] + "*" * 10 + person["id_number"][-4:]


def test_stranger_sees_no_enterprise_in_the_card_wallet(page, live_server, accounts, sms_code, shoot):
    log_in(page, live_server, accounts["not_principal"]["phone"], sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/cards")
    cards = wait_page(page, "cards")
    expect(cards.get_by_text("暂无证照")).to_be_visible()
    for other in accounts.values():
        if other["enterprise"]:
            expect(cards.get_by_text(other["enterprise"]["name"])).to_have_count(0)
    shoot(page, "cards-empty")


def test_pages_fit_from_320_to_430_pixels(page, live_server, accounts, sms_code, shoot):
    log_in(page, live_server, accounts["partnership"]["phone"], sms_code)
    wait_page(page, "home")
    for width in (320, 430):
        page.set_viewport_size({"width": width, "height": 700})
        for route, name in (("#/home", "home"), ("#/cards", "cards"), ("#/startup", "startup")):
            page.goto(f"{live_server}/h5/{route}")
            wait_page(page, name)
            assert no_horizontal_scroll(page), f"{name} scrolls sideways at {width}px"
            shoot(page, f"{name}-{width}")

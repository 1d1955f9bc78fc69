"""查看印章 and 管理印章 in the browser: 查看详情, 印章变动, 印章领用情况, 删除 and downloading again."""
import re

from playwright.sync_api import expect

from tests.browser.pages import (agree_and_allow, confirm_password_until_synced, identify_in_licence_app,
                                 open_preview, wait_page)


def download_all(page, live_server, person, sms_code, shoot, logged_in=False):
    """The already-downloaded licence: 开始下载 → 声明 → 允许 → (实名信息, 实人认证 the first time in this
    browser) → licence → 执照密码 → 返回 → 下载成功."""
    if logged_in:
        enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
        page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}")
    else:
        _, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    agree_and_allow(page, lambda *_: None)
    if not logged_in:  # later jumps in this browser find the licence app's own login: the licence at once
        identify_in_licence_app(page, person, lambda *_: None)
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    confirm_password_until_synced(page, person["licence_password"], shoot)
    page.get_by_role("button", name="返回").tap()
    expect(wait_page(page, "seal-result").get_by_text("下载成功")).to_be_visible()
    return enterprise_id


def test_detail_changes_and_receipts_of_a_downloaded_seal(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    enterprise_id = download_all(page, live_server, person, sms_code, shoot)
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = wait_page(page, "seal-wallet")
    detail_button = wallet.get_by_role("button", name="查看详情")
    expect(detail_button).to_be_disabled()
    wallet.get_by_role("radio", name=re.compile("^公章")).check()
    shoot(page, "wallet-selected")
    detail_button.tap()
    detail = wait_page(page, "seal-detail")
    official = next(s for s in person["seals"] if s["name"] == "公章")
    for text in ("公章", "法定名称章", official["code"], person["enterprise"]["name"],
                 person["enterprise"]["credit_code"], person["name"][0] + "**", "已备案"):
        expect(detail.get_by_text(text, exact=True).first).to_be_visible()
    # every picture loads (waited for: the full-size seal may still be on its way when the texts show)
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert person["name"] not in detail.inner_text()  # the principal is masked
    shoot(page, "detail")
    detail.get_by_role("link", name="印章变动").tap()
    changes = wait_page(page, "seal-changes")
    expect(changes.get_by_text(re.compile(r"^下载公章")).first).to_be_visible()  # newest: the download
    expect(changes.get_by_text(re.compile(r"^备案完成")).first).to_be_visible()
    shoot(page, "changes")
    page.go_back()
    wait_page(page, "seal-detail").get_by_role("link", name="印章领用情况").tap()
    receipts = wait_page(page, "seal-receipts")
    expect(receipts.get_by_text("持有中")).to_have_count(1)
    expect(receipts.get_by_text(person["phone"][:3] + "****" + person["phone"][-4:])).to_be_visible()
    shoot(page, "receipts")


def test_delete_then_download_again_through_the_licence_app(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    enterprise_id = download_all(page, live_server, person, sms_code, shoot)
    page.goto(f"{live_server}/h5/#/eseal/manage?ent={enterprise_id}")
    manage = wait_page(page, "seal-manage")
    delete = manage.get_by_role("button", name=re.compile(r"^删除(（\d+）)?$"))
    expect(delete).to_be_disabled()
    manage.get_by_role("checkbox", name=re.compile("^公章")).check()
    manage.get_by_role("checkbox", name=re.compile("^合同专用章")).check()
    expect(delete).to_have_text("删除（2）")
    shoot(page, "manage-selected")
    delete.tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("确定删除所选的2枚印章吗？")
    shoot(page, "confirm")
    dialog.get_by_role("button", name="删除").tap()
    expect(page.get_by_text("删除成功")).to_be_visible()
    manage = wait_page(page, "seal-manage")
    expect(manage.get_by_role("checkbox", name=re.compile("^公章"))).to_have_count(0)
    expect(manage.get_by_role("checkbox", name=re.compile("^财务专用章"))).to_have_count(1)
    shoot(page, "after-delete")

    download_all(page, live_server, person, sms_code, shoot, logged_in=True)  # a new jump, verified afresh
    result = wait_page(page, "seal-result")
    for name in ("公章", "合同专用章"):
        expect(result.get_by_text(name, exact=True)).to_be_visible()
    expect(result.get_by_text("财务专用章", exact=True)).to_have_count(0)  # still held, not downloaded twice
    shoot(page, "downloaded-again")
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    expect(wait_page(page, "seal-wallet").get_by_role("radio")).to_have_count(len(person["seals"]))

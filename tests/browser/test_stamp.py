"""用印 end to end in the browser: a 3-page PDF uploaded, the 合同专用章 dragged to page 3 at its true size, a 骑缝章
across the pages, 【确认用印】 → the licence app (password) → 【返回】 → 用印成功 → 【下载文件】: a signed PDF; and
授权用印: the principal authorises a person, who stamps confirming with an SMS code, until the grant is revoked."""
import io
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from pyhanko.pdf_utils.reader import PdfFileReader

from backend.extensions import db
from backend.models import Seal
from backend.services import seal_lifecycle
from backend.testing.documents import pdf_document
from tests.browser.harness import issue_seal_objects
from tests.browser.pages import (choose_seals, confirm_password_until_synced, contract, drag_onto, held_seals,
                                 identify_in_licence_app, log_in, upload_for_stamping, wait_page)

CONTRACT = "合同专用章"


@pytest.fixture
def demo_with_objects(live_app, accounts):
    """The demo data with every filed seal's key, certificate and seal object, as `flask seed-demo` makes it."""
    issue_seal_objects(live_app)
    return accounts


def upload(page, live_server, enterprise_id, tmp_path, pages=3):
    """电子印章 → 【用印】 → 选择文件 → the PDF's name, size and page count shown."""
    chooser = upload_for_stamping(page, live_server, enterprise_id, contract(tmp_path, pages))
    doc = chooser.locator(".js-doc")
    expect(doc).to_contain_text(f"共{pages}页")
    expect(doc).to_contain_text(re.compile(r"\d+ KB"))
    return chooser


def test_a_principal_stamps_page_three_with_a_riding_seal_and_downloads_a_signed_pdf(
        page, live_app, live_server, demo_with_objects, sms_code, shoot, tmp_path):
    person = demo_with_objects["licence_downloaded"]
    enterprise_id = held_seals(page, live_app, live_server, person, sms_code)
    chooser = upload(page, live_server, enterprise_id, tmp_path)
    shoot(page, "uploaded")
    chooser.get_by_role("button", name="下一步").tap()

    place = wait_page(page, "stamp-place")
    expect(place.get_by_text("第3页 / 共3页")).to_be_attached()
    place.get_by_role("button", name="选择印章").tap()
    dialog = page.get_by_role("dialog", name="选择印章")
    expect(dialog.get_by_text("有效期：").first).to_be_visible()
    shoot(page, "choose")
    choose_seals(page, [CONTRACT])

    third = place.locator('.js-page[data-page="3"]')
    third.scroll_into_view_if_needed()
    chip = place.get_by_role("button", name=re.compile(f"^{CONTRACT}"))
    drag_onto(page, chip, third, to=(0.6, 0.7))
    mark = third.locator(".js-mark")
    expect(mark).to_have_count(1)
    expect(place.locator(".js-mark")).to_have_count(1)
    # drawn at true size: the seal's width in mm over the page's 210 mm, of the preview's width
    seal = next(s for s in page.evaluate("fetch('/api/stamp-seals').then(r => r.json())")["seals"]
                if s["name"] == CONTRACT)
    ratio = mark.bounding_box()["width"] / third.bounding_box()["width"]
    assert abs(ratio - seal["width_mm"] / 210) < 0.01
    shoot(page, "placed")

    place.get_by_role("switch", name=re.compile("加盖骑缝章")).check()
    choose_seals(page, [CONTRACT], title="选择骑缝章")
    expect(place.locator(".js-strip")).to_have_count(3)
    expect(place.get_by_text("已放置1枚印章，骑缝章1枚")).to_be_visible()
    shoot(page, "riding")

    place.get_by_role("button", name="确认用印").tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    expect(page).to_have_url(re.compile(r"/elicense/"))
    identify_in_licence_app(page, person, shoot)
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    expect(page.get_by_text("采购合同.pdf")).to_be_visible()
    expect(page.get_by_text(CONTRACT).first).to_be_visible()
    shoot(page, "licence-stamp")
    confirm_password_until_synced(page, person["licence_password"], shoot)
    page.get_by_role("button", name="返回").tap()

    result = wait_page(page, "stamp-result")
    expect(result.get_by_text("用印成功")).to_be_visible()
    expect(result.get_by_text("第3页").first).to_be_visible()
    shoot(page, "result")
    with page.expect_download() as info:
        result.get_by_role("link", name="下载文件").tap()
    download = info.value
    assert download.suggested_filename == "采购合同-已盖章.pdf"
    data = (tmp_path / "signed.pdf")
    download.save_as(data)
    signed = data.read_bytes()
    assert signed.startswith(b"%PDF")
    reader = PdfFileReader(io.BytesIO(signed))
    assert len(reader.embedded_signatures) == 2  # the 合同专用章 on page 3 and the 骑缝章

    result.get_by_role("link", name="验章").tap()
    verify = wait_page(page, "stamp-verify")
    expect(verify.get_by_text("验章通过")).to_be_visible()
    signatures = verify.locator(".stamp-verify__item")
    expect(signatures).to_have_count(2)
    for i in range(2):
        expect(signatures.nth(i).get_by_text(CONTRACT, exact=True)).to_be_visible()
        expect(signatures.nth(i).get_by_text("有效", exact=True)).to_be_visible()
        expect(signatures.nth(i).get_by_text(f"企业名称：{person['enterprise']['name']}")).to_be_visible()
    shoot(page, "verify")
    page.go_back()
    wait_page(page, "stamp-result").get_by_role("button", name="返回首页").tap()
    wait_page(page, "home")


def test_refusals_are_said_in_chinese_and_a_confirmation_cancelled_in_the_licence_app_can_be_made_again(
        page, live_app, live_server, demo_with_objects, sms_code, shoot, tmp_path):
    person = demo_with_objects["licence_downloaded"]
    enterprise_id = held_seals(page, live_app, live_server, person, sms_code)
    uploads = []
    page.on("request", lambda r: uploads.append(r) if r.method == "POST" and r.url.endswith("/api/stamp-requests")
            else None)
    page.goto(f"{live_server}/h5/#/eseal/stamp?ent={enterprise_id}")
    chooser = wait_page(page, "stamp-upload")
    text = tmp_path / "说明.txt"
    text.write_text("不是PDF")
    chooser.locator("input[type=file]").set_input_files(text)
    expect(chooser.get_by_role("alert")).to_have_text("文件不是PDF格式，请上传PDF文件")
    assert not uploads  # the client's own check: nothing sent
    for name, content, message in (("损坏.pdf", b"%PDF-1.7\n%%EOF broken", "该PDF文件已损坏，无法读取"),
                                   ("厚文件.pdf", pdf_document(201), "文件超过200页，请拆分后再上传")):
        path = tmp_path / name
        path.write_bytes(content)
        chooser.locator("input[type=file]").set_input_files(path)
        expect(chooser.get_by_role("alert")).to_have_text(message)  # the server's refusal, as it said it
    expect(chooser.get_by_role("button", name="下一步")).to_be_disabled()
    shoot(page, "refused")

    chooser = upload(page, live_server, enterprise_id, tmp_path, pages=2)
    chooser.get_by_role("button", name="下一步").tap()
    place = wait_page(page, "stamp-place")
    place.get_by_role("button", name="选择印章").tap()
    choose_seals(page, ["公章"])
    place.get_by_role("button", name=re.compile("^公章")).tap()  # a tap: on the page in view
    expect(place.locator('.js-page[data-page="1"] .js-mark')).to_have_count(1)
    place.get_by_role("button", name="确认用印").tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    expect(page).to_have_url(re.compile(r"/elicense/"))
    page.get_by_role("button", name="返回一网通", exact=True).tap()

    place = wait_page(page, "stamp-place")
    expect(place.get_by_text("您已取消电子营业执照身份验证")).to_be_visible()
    expect(place.locator(".js-mark")).to_have_count(1)  # as it was placed
    shoot(page, "cancelled")
    with live_app.app_context():
        seal_id = db.session.query(Seal.id).filter(Seal.enterprise_id == int(enterprise_id),
                                                  Seal.type == "official").scalar()
        seal_lifecycle.revoke(db.session, live_app.extensions["eseal_pki"], seal_id, "cessation", datetime.now(UTC))
        db.session.remove()
    place.get_by_role("button", name="确认用印").tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    refused = page.get_by_role("dialog", name="无法用印")
    expect(refused).to_contain_text("该印章当前不可用于用印")
    refused.get_by_role("button", name="我知道了").tap()
    page.go_back()  # back from 放置印章: 选择文件, the file still chosen
    expect(wait_page(page, "stamp-upload").locator(".js-doc")).to_contain_text("采购合同.pdf")


def open_detail(page, live_server, enterprise_id, seal_name):
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = wait_page(page, "seal-wallet")
    wallet.get_by_role("radio", name=re.compile(f"^{seal_name}")).check()
    wallet.get_by_role("button", name="查看详情").tap()
    return wait_page(page, "seal-detail")


def grant(page, detail, grantee, ends_on, shoot):
    """查看详情 → 【授权用印】 → 【新增授权】 → 手机号, 姓名, dates → 【确认授权】: back on the list, 授权中."""
    detail.get_by_role("link", name="授权用印").tap()
    wait_page(page, "seal-grants").get_by_role("link", name="新增授权").tap()
    form = wait_page(page, "grant-new")
    form.get_by_label("手机号").fill(grantee["phone"])
    form.get_by_label("姓名").fill("王五")  # not the name they verified: refused under the field
    form.get_by_label("结束日期").fill(ends_on)
    form.get_by_role("button", name="确认授权").tap()
    page.get_by_role("dialog").get_by_role("button", name="确认授权").tap()
    expect(form.get_by_text("未找到与该手机号和姓名一致的实名认证用户", exact=False)).to_be_visible()
    shoot(page, "grant-refused")
    form.get_by_label("姓名").fill(grantee["name"])
    form.get_by_role("button", name="确认授权").tap()
    page.get_by_role("dialog").get_by_role("button", name="确认授权").tap()
    grants = wait_page(page, "seal-grants")
    row = grants.locator(".grant").first
    expect(row.get_by_text("授权中")).to_be_visible()
    expect(row.get_by_text(f"至 {ends_on}")).to_be_visible()
    shoot(page, "granted")
    return grants


def principal_day(page):
    """Today in China time, as the grant form starts it."""
    return page.evaluate("new Date(Date.now() + 8 * 36e5).toISOString().slice(0, 10)")


@pytest.fixture
def second_page(browser, browser_context_args):
    """Another phone (its own cookies): the grantee, while the principal stays signed in on `page`."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def test_a_grantee_stamps_with_an_authorised_seal_confirmed_by_sms_then_loses_it_when_revoked(
        page, second_page, live_app, live_server, demo_with_objects, sms_code, shoot, tmp_path):
    principal, grantee = demo_with_objects["licence_downloaded"], demo_with_objects["not_principal"]
    enterprise_id = held_seals(page, live_app, live_server, principal, sms_code)
    detail = open_detail(page, live_server, enterprise_id, CONTRACT)
    ends_on = page.evaluate("new Date(Date.now() + 30 * 864e5 + 8 * 36e5).toISOString().slice(0, 10)")
    grant(page, detail, grantee, ends_on, shoot)
    page.go_back()
    wait_page(page, "seal-detail").get_by_role("link", name="印章领用情况").tap()
    granted = wait_page(page, "seal-receipts").locator(".js-grants")
    expect(granted.get_by_text("赵*")).to_be_visible()  # masked
    expect(granted.get_by_text("授权中")).to_be_visible()
    expect(granted.get_by_text("138****0006")).to_be_visible()
    page.go_back()

    other = second_page
    log_in(other, live_server, grantee["phone"], sms_code)
    wait_page(other, "home")
    other.goto(f"{live_server}/h5/#/cards")
    cards = wait_page(other, "cards")
    expect(cards.get_by_text(principal["enterprise"]["name"])).to_be_visible()
    expect(cards.get_by_text("授权使用")).to_be_visible()
    cards.get_by_text("电子印章", exact=True).tap()
    home = wait_page(other, "eseal-home")
    expect(home.get_by_role("link", name="下载印章", exact=True)).to_have_count(0)
    expect(home.get_by_role("link", name="管理印章", exact=True)).to_have_count(0)
    home.get_by_role("link", name="查看已下载印章").tap()
    wallet = wait_page(other, "seal-wallet")
    expect(wallet.get_by_text("授权使用")).to_be_visible()
    expect(wallet.get_by_text(re.compile(f"授权期限：.* 至 {ends_on}"))).to_be_visible()
    shoot(other, "grantee-wallet")
    wallet.get_by_role("radio").check()
    wallet.get_by_role("button", name="查看详情").tap()
    detail_ = wait_page(other, "seal-detail")
    expect(detail_.get_by_text(f"{principal_day(other)} 至 {ends_on}")).to_be_visible()  # 授权期限
    expect(detail_.get_by_role("link", name="用印记录")).to_be_visible()
    for principal_only in ("印章变动", "印章领用情况", "授权用印", "下载印章文件"):
        expect(detail_.get_by_role("link", name=principal_only)).to_have_count(0)
    shoot(other, "grantee-detail")

    chooser = upload(other, live_server, enterprise_id, tmp_path, pages=2)
    chooser.get_by_role("button", name="下一步").tap()
    place = wait_page(other, "stamp-place")
    chip = place.get_by_role("button", name=re.compile(f"^{CONTRACT}"))  # the only usable seal: chosen already
    chip.tap()  # a tap puts it on the page in view
    expect(place.locator('.js-page[data-page="1"] .js-mark')).to_have_count(1)
    place.get_by_role("button", name="确认用印").tap()

    sms = wait_page(other, "stamp-sms")
    expect(sms.get_by_text(re.compile(r"验证码已发送至1\d\d\*{4}\d{4}")).first).to_be_visible()
    expect(sms.get_by_role("button", name=re.compile("秒后重新获取"))).to_be_disabled()
    code = sms_code(grantee["phone"])
    expect(sms.get_by_text(f"演示模式：短信验证码为 {code}")).to_be_visible()  # as 登录 shows it, in demo mode
    sms.get_by_label("验证码").fill("000000" if code != "000000" else "111111")
    sms.get_by_role("button", name="确认用印").tap()
    expect(sms.get_by_text("验证码错误，请重新输入")).to_be_visible()
    sms.get_by_label("验证码").fill(code)
    shoot(other, "sms")
    sms.get_by_role("button", name="确认用印").tap()
    result = wait_page(other, "stamp-result")
    expect(result.get_by_text("用印成功")).to_be_visible()
    with other.expect_download() as info:
        result.get_by_role("link", name="下载文件").tap()
    path = tmp_path / "granted.pdf"
    info.value.save_as(path)
    assert len(PdfFileReader(io.BytesIO(path.read_bytes())).embedded_signatures) == 1

    detail = wait_page(page, "seal-detail")
    detail.get_by_role("link", name="用印记录").tap()
    logs = wait_page(page, "stamp-logs")
    expect(logs.get_by_text("采购合同.pdf")).to_be_visible()
    expect(logs.get_by_text("授权使用")).to_be_visible()  # the grantee's use, named masked
    expect(logs.get_by_role("link", name="导出CSV")).to_be_visible()
    shoot(page, "logs")
    page.go_back()
    wait_page(page, "seal-detail").get_by_role("link", name="授权用印").tap()
    grants = wait_page(page, "seal-grants")
    grants.get_by_role("button", name="撤销授权").tap()
    page.get_by_role("dialog").get_by_role("button", name="撤销授权").tap()
    expect(grants.locator(".grant").first.get_by_text("已撤销")).to_be_visible()
    expect(grants.get_by_role("button", name="撤销授权")).to_have_count(0)
    shoot(page, "revoked")

    other.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    expect(other.get_by_text("未找到该企业").or_(other.get_by_text("暂无授权使用的印章")).first).to_be_visible()

"""印章验真 (#/verify) on a phone, logged out: a document stamped through the API (the QA kit's driver) shows 有效
with its seal and enterprise; the corpus' tampered file (one byte flipped) shows 无效 and 已被篡改; a seal file shows
its five steps; refusals are the server's words; the page fits 320 px; 登录's footer, 帮助中心 and 用印成功 lead
there, and back from it always has a way on."""
import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backend.testing.clock import LiveClock
from backend.testing.documents import pdf_document
from backend.testing.driver import Eseal
from backend.testing.transport import HttpBrowser
from tests.browser.harness import issue_seal_objects
from tests.browser.pages import no_horizontal_scroll, wait_page

CORPUS_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_verify_corpus.py"
CONTRACT = "合同专用章"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def stamped(live_app, live_server, accounts):
    """The principal's 合同专用章 on page 1 of a 3-page PDF (the corpus' document), stamped through the API:
    (driver, stamp, person)."""
    issue_seal_objects(live_app)
    person = accounts["licence_downloaded"]
    eseal = Eseal(HttpBrowser(live_server), LiveClock(), sync_timeout=60)
    eseal.login(person)
    eseal.download_seals(eseal.card_wallet()[0]["enterprise"])
    contract = next(s for s in eseal.usable_seals() if s["name"] == CONTRACT)
    return eseal, eseal.stamp(pdf_document(3), [contract], filename="采购合同.pdf"), person


def tampered(document):
    """The corpus' byte_flipped file (scripts/make_verify_corpus.py): one byte of page 2's text flipped, inside the
    signed range, the signature itself untouched."""
    spec = importlib.util.spec_from_file_location("make_verify_corpus", CORPUS_SCRIPT)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    return corpus._flip(document, b"(Contract - page 2 of 3)", 12)


def choose(page, path):
    """选择文件 (or 【重新选择】): the file goes to the page's one file input."""
    wait_page(page, "verify").locator("input[type=file]").set_input_files(path)


def verdict(page):
    return wait_page(page, "verify").locator(".verify-verdict")


def test_a_visitor_sees_a_tampered_file_invalid_and_the_intact_one_valid_with_its_seal(
        page, live_server, stamped, shoot, tmp_path):
    _, stamp, person = stamped
    intact, broken = tmp_path / "采购合同-已盖章.pdf", tmp_path / "采购合同-已改.pdf"
    intact.write_bytes(stamp.document)
    broken.write_bytes(tampered(stamp.document))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/h5/#/verify")
    verify = wait_page(page, "verify")
    expect(verify.get_by_text("选择文件", exact=True)).to_be_visible()
    expect(page).to_have_title("印章验真")
    shoot(page, "picker")

    choose(page, broken)
    expect(verdict(page).locator(".js-verdict")).to_have_text("无效")
    signature = verify.locator(".verify-sig").first
    expect(signature.get_by_text("已被篡改", exact=True)).to_be_visible()
    expect(signature.get_by_text(CONTRACT).first).to_be_visible()
    shoot(page, "tampered")

    choose(page, intact)  # 【重新选择】
    expect(verdict(page).locator(".js-verdict")).to_have_text("有效")
    expect(verdict(page)).to_contain_text("采购合同-已盖章.pdf")
    signatures = verify.locator(".verify-sig")
    expect(signatures).to_have_count(1)
    first = signatures.first
    expect(first.locator(".verify-badge")).to_have_text("有效")
    expect(first.get_by_text("文件完整", exact=True)).to_be_visible()
    facts = first.locator(".verify-fact")
    expect(facts.filter(has_text="印章名称")).to_contain_text(CONTRACT)
    expect(facts.filter(has_text="企业名称")).to_contain_text(person["enterprise"]["name"])
    expect(facts.filter(has_text="统一社会信用代码")).to_contain_text(person["enterprise"]["credit_code"])
    expect(facts.filter(has_text="签章时间")).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}（时间戳）"))
    shoot(page, "intact")

    page.set_viewport_size({"width": 320, "height": 640})
    assert no_horizontal_scroll(page), "the report scrolls sideways at 320px"
    shoot(page, "intact-320")


def test_a_seal_file_shows_its_verdict_and_steps(page, live_server, stamped, shoot, tmp_path):
    eseal, _, person = stamped
    held = eseal.held_seals(eseal.card_wallet()[0]["enterprise"])
    receipt = next(h for h in held if h["seal"]["name"] == CONTRACT)
    seal_file = tmp_path / "合同专用章.esl"
    seal_file.write_bytes(eseal.download_seal_file(receipt))
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/h5/#/verify")
    choose(page, seal_file)
    expect(verdict(page).locator(".js-verdict")).to_have_text("有效")
    expect(verdict(page)).to_contain_text("印章文件")
    report = wait_page(page, "verify").locator(".verify-sig")
    expect(report.locator(".verify-fact").filter(has_text="企业名称")).to_contain_text(person["enterprise"]["name"])
    steps = report.locator(".verify-check")
    expect(steps).to_have_count(5)
    for i in range(5):
        expect(steps.nth(i).locator(".verify-check__word")).to_have_text("通过")
    expect(steps.first).to_contain_text("印章数据结构")
    assert no_horizontal_scroll(page), "the seal file's report scrolls sideways at 320px"
    shoot(page, "seal-file")


def test_refusals_are_said_in_chinese_and_nothing_is_kept_after_leaving(page, live_server, accounts, shoot, tmp_path):
    sent = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" and r.url.endswith("/api/verify") else None)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/h5/#/verify")
    verify = wait_page(page, "verify")
    assert no_horizontal_scroll(page), "the picker scrolls sideways at 320px"
    alert = verify.get_by_role("alert")
    text = tmp_path / "说明.txt"
    text.write_text("不是PDF")
    choose(page, text)
    expect(alert).to_have_text("文件不是PDF或印章文件（.esl），无法验证")
    choose(page, {"name": "扫描件.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)})
    expect(alert).to_have_text("文件超过20MB，请压缩后再上传")
    assert not sent  # the client's own checks, in the server's words: nothing sent

    garbage = tmp_path / "印章.esl"
    garbage.write_bytes(b"not a seal file")
    choose(page, garbage)
    expect(alert).to_have_text("文件不是PDF或印章文件（.esl），无法验证")  # the server's 415, as it said it
    assert len(sent) == 1

    page.route("**/api/verify", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "300"}, content_type="application/json",
        body='{"error": "verify_too_frequent", "message": "当前网络验章过于频繁，请5分钟后再试", "fields": {}}'))
    choose(page, {"name": "合同.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n"})
    expect(alert).to_have_text("当前网络验章过于频繁，请5分钟后再试")
    page.unroute("**/api/verify")

    damaged = tmp_path / "损坏.pdf"
    damaged.write_bytes(b"%PDF-1.7\n%%EOF broken")
    choose(page, damaged)
    expect(verdict(page).locator(".js-verdict")).to_have_text("无效")  # a verdict, with its reason
    expect(verdict(page)).to_contain_text("损坏")
    shoot(page, "damaged")

    page.goto(f"{live_server}/h5/#/login")
    wait_page(page, "login")
    page.go_back()
    verify = wait_page(page, "verify")
    expect(verify.locator(".verify-verdict")).to_have_count(0)  # the last answer is forgotten
    expect(verify.get_by_role("alert")).to_be_hidden()
    expect(verify.get_by_text("选择文件", exact=True)).to_be_visible()


def test_the_login_footer_leads_a_visitor_there_and_back(plain_page, live_server, accounts, shoot):
    page = plain_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/h5/")
    login = wait_page(page, "login")
    shoot(page, "login")
    login.get_by_role("link", name="印章验真").tap()
    wait_page(page, "verify")
    expect(page.locator(".navbar__title")).to_have_text("印章验真")
    shoot(page, "from-login")
    page.get_by_role("button", name="返回").tap()
    wait_page(page, "login")

    page = page.context.new_page()  # opened on its own (a shared link): back still has a way on
    page.goto(f"{live_server}/h5/#/verify")
    wait_page(page, "verify")
    back = page.get_by_role("button", name="返回")
    expect(back).to_be_visible()
    back.tap()
    wait_page(page, "login")  # 首页, which asks a visitor to log in


def signed_in_context(browser, browser_context_args, eseal, live_server):
    """A phone browser holding the driver's session (the principal, logged in through the API)."""
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE})
    jar = eseal.browser.session(live_server).cookies
    context.add_cookies([{"name": c.name, "value": c.value, "url": live_server} for c in jar])
    return context


def test_help_centre_and_stamp_success_lead_there(browser, browser_context_args, live_server, stamped, shoot):
    eseal, stamp, _ = stamped
    context = signed_in_context(browser, browser_context_args, eseal, live_server)
    page = context.new_page()
    try:
        enterprise_id = eseal.card_wallet()[0]["enterprise"]["id"]
        page.goto(f"{live_server}/h5/#/eseal/help?ent={enterprise_id}")
        help_page = wait_page(page, "help")
        help_page.get_by_role("link", name=re.compile("^印章验真")).tap()
        wait_page(page, "verify")
        shoot(page, "from-help")
        page.go_back()
        wait_page(page, "help")

        # 用印成功 again for the request the driver signed (the server answers the same result once signed).
        page.goto(f"{live_server}/h5/#/eseal/stamp/result?request={stamp.id}&ent={enterprise_id}")
        result = wait_page(page, "stamp-result")
        expect(result.get_by_text("用印成功")).to_be_visible()
        expect(result.get_by_role("link", name="验章", exact=True)).to_be_visible()  # the quick check stays
        result.get_by_role("link", name="上传其他文件验证印章").tap()
        wait_page(page, "verify")
        page.go_back()
        wait_page(page, "stamp-result")
    finally:
        context.close()

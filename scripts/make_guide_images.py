"""Regenerate the screenshots of 使用帮助 (h5/img/guide/*.png) from our own pages.

Reuses the browser-test harness (tests/browser/harness.py: a live server with the demo data;
tests/browser/pages.py: the steps as a user takes them), walks the guide in Chromium at 375x667
and writes small, palette-quantised PNGs with stable names; 使用印章 too (用印 with a 骑缝章, 用印记录, 授权用印
and a grantee's SMS-confirmed 用印). The phone's own browser (not WeChat) is used, so
that each picture shows the page's title bar, as WeChat draws it above the mini-program.
Run: .venv/bin/python scripts/make_guide_images.py
"""
import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser import harness, pages  # noqa: E402
from tests.browser.conftest import CHROMIUM, PLAIN_UA  # noqa: E402

OUT = ROOT / "h5" / "img" / "guide"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "246810"
# The harness's step names → the guide's file names (steps not listed are not pictured).
FILES = {"cards": "01-cards.png", "eseal-home": "02-eseal-home.png", "preview": "03-preview.png",
         "declare": "04-declare.png", "allow-dialog": "05-allow.png", "licence": "06-licence.png",
         "syncing": "07-syncing.png", "verified": "08-verified.png", "result": "09-result.png",
         "wallet": "10-wallet.png", "detail": "11-detail.png", "changes": "12-changes.png",
         "receipts": "13-receipts.png", "manage": "14-manage.png", "stamp-upload": "15-stamp-upload.png",
         "stamp-place": "16-stamp-place.png", "stamp-licence": "17-stamp-licence.png",
         "stamp-result": "18-stamp-result.png", "stamp-logs": "19-stamp-logs.png", "grant": "20-grant.png",
         "grants": "21-grants.png", "grantee-sms": "22-grantee-sms.png"}
CONTRACT = "合同专用章"


class Shooter:
    """shoot(page, step) like the tests' fixture, writing the guide's viewport-sized images."""

    def __init__(self):
        self.written = []

    def __call__(self, page, step):
        if step not in FILES:
            return
        page.wait_for_load_state()
        expect(page.locator(".toast")).to_have_count(0)  # e.g. 登录成功 fading out
        page.wait_for_timeout(300)  # let transitions settle
        # the product, not demo mode: no SMS code shown on 登录 or 短信验证
        page.locator(".js-demo").evaluate_all("notices => notices.forEach(n => { n.hidden = true; })")
        image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(OUT / FILES[step], optimize=True)
        self.written.append(FILES[step])
        print(f"wrote h5/img/guide/{FILES[step]}")


def walk(page, base, person, sms_code, shoot):
    pages.log_in(page, base, person["phone"], sms_code)
    pages.wait_page(page, "home")
    page.goto(f"{base}/h5/#/cards")
    pages.wait_page(page, "cards")
    shoot(page, "cards")
    page.get_by_text("电子印章", exact=True).tap()
    home = pages.wait_page(page, "eseal-home")
    shoot(page, "eseal-home")
    home.get_by_role("link", name="下载印章", exact=True).tap()
    pages.wait_page(page, "seal-preview")
    shoot(page, "preview")
    pages.agree_and_allow(page, shoot)
    pages.download_licence(page, person, PASSWORD, shoot)
    shoot(page, "licence")
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    pages.confirm_password_until_synced(page, PASSWORD, shoot)
    shoot(page, "verified")
    page.get_by_role("button", name="返回").tap()
    result = pages.wait_page(page, "seal-result")
    expect(result.get_by_text("下载成功")).to_be_visible()
    shoot(page, "result")
    result.get_by_role("button", name="查看已下载印章").tap()
    wallet = pages.wait_page(page, "seal-wallet")
    wallet.get_by_role("radio").first.check()
    shoot(page, "wallet")
    wallet.get_by_role("button", name="查看详情").tap()
    pages.wait_page(page, "seal-detail")
    shoot(page, "detail")
    for label, name in (("印章变动", "seal-changes"), ("印章领用情况", "seal-receipts")):
        pages.wait_page(page, "seal-detail").get_by_role("link", name=label).tap()
        pages.wait_page(page, name)
        shoot(page, "changes" if name == "seal-changes" else "receipts")
        page.go_back()
    enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
    page.goto(f"{base}/h5/#/eseal/manage?ent={enterprise_id}")
    manage = pages.wait_page(page, "seal-manage")
    manage.get_by_role("checkbox").nth(1).check()  # the first seal (the 0th is 全选)
    manage.get_by_role("button", name="删除（1）").tap()
    expect(page.get_by_role("dialog")).to_be_visible()
    shoot(page, "manage")  # the confirm only: nothing is deleted
    page.get_by_role("dialog").get_by_role("button", name="取消").tap()


def quiet(_page, _step):
    """A step's own pictures that the guide already has from the download (e.g. 数据同步中)."""


def stamp(page, base, person, document, shoot):
    """使用印章 (一): 用印 → 选择文件 → 放置印章 (合同专用章 on page 3, a 骑缝章) → the licence app → 用印成功."""
    enterprise_id = pages.enterprise_id_of(page)
    chooser = pages.upload_for_stamping(page, base, enterprise_id, document)
    shoot(page, "stamp-upload")
    chooser.get_by_role("button", name="下一步").tap()
    place = pages.wait_page(page, "stamp-place")
    place.get_by_role("button", name="选择印章").tap()
    pages.choose_seals(page, [CONTRACT])
    third = place.locator('.js-page[data-page="3"]')
    third.scroll_into_view_if_needed()
    pages.drag_onto(page, place.get_by_role("button", name=re.compile(f"^{CONTRACT}")), third, to=(0.62, 0.72))
    place.get_by_role("switch", name=re.compile("加盖骑缝章")).check()
    pages.choose_seals(page, [CONTRACT], title="选择骑缝章")
    third.locator(".js-mark").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 120)")
    shoot(page, "stamp-place")
    place.get_by_role("button", name="确认用印").tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    page.get_by_role("link", name=re.compile(person["enterprise"]["name"])).tap()
    expect(page.get_by_text(document.name)).to_be_visible()
    shoot(page, "stamp-licence")
    pages.confirm_password_until_synced(page, PASSWORD, quiet)
    page.get_by_role("button", name="返回").tap()
    expect(pages.wait_page(page, "stamp-result").get_by_text("用印成功")).to_be_visible()
    shoot(page, "stamp-result")
    return enterprise_id


def logs_and_grant(page, base, enterprise_id, grantee, shoot):
    """使用印章 (二)(三): 查看详情 → 用印记录; 授权用印 → 新增授权 → 【确认授权】 → the grants."""
    page.goto(f"{base}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = pages.wait_page(page, "seal-wallet")
    wallet.get_by_role("radio", name=re.compile(f"^{CONTRACT}")).check()
    wallet.get_by_role("button", name="查看详情").tap()
    pages.wait_page(page, "seal-detail").get_by_role("link", name="用印记录").tap()
    pages.wait_page(page, "stamp-logs")
    shoot(page, "stamp-logs")
    page.go_back()
    pages.wait_page(page, "seal-detail").get_by_role("link", name="授权用印").tap()
    pages.wait_page(page, "seal-grants").get_by_role("link", name="新增授权").tap()
    form = pages.wait_page(page, "grant-new")
    form.get_by_label("手机号").fill(grantee["phone"])
    form.get_by_label("姓名").fill(grantee["name"])
    ends_on = page.evaluate("new Date(Date.now() + 90 * 864e5 + 8 * 36e5).toISOString().slice(0, 10)")
    form.get_by_label("结束日期").fill(ends_on)
    form.get_by_label("结束日期").blur()  # no date part left highlighted in the picture
    shoot(page, "grant")
    form.get_by_role("button", name="确认授权").tap()
    page.get_by_role("dialog").get_by_role("button", name="确认授权").tap()
    expect(pages.wait_page(page, "seal-grants").get_by_text("授权中")).to_be_visible()
    shoot(page, "grants")


def grantee_stamps(page, base, grantee, sms_code, enterprise_id, document, shoot):
    """使用印章 (三): the grantee's 用印, confirmed with an SMS code."""
    pages.log_in(page, base, grantee["phone"], sms_code)
    pages.wait_page(page, "home")
    expect(page.locator(".toast")).to_have_count(0)
    chooser = pages.upload_for_stamping(page, base, enterprise_id, document)
    chooser.get_by_role("button", name="下一步").tap()
    place = pages.wait_page(page, "stamp-place")
    place.get_by_role("button", name=re.compile(f"^{CONTRACT}")).tap()
    place.get_by_role("button", name="确认用印").tap()
    sms = pages.wait_page(page, "stamp-sms")
    sms.get_by_label("验证码").fill(sms_code(grantee["phone"]))
    shoot(page, "grantee-sms")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        # long enough that the first 【确认】 always meets 数据同步中 (07-syncing), short enough to wait out
        app = harness.live_app(Path(tmp) / "eseal.db", sync_seconds=6)
        server, base = harness.serve(app)
        accounts = harness.fresh_demo_data(app)
        harness.issue_seal_objects(app)  # every filed seal's key, certificate and seal object, for 用印
        document = pages.contract(Path(tmp))
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        phone = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 1, "is_mobile": True,
                 "has_touch": True, "locale": "zh-CN", "user_agent": PLAIN_UA}
        shoot, sms_code = Shooter(), harness.outbox_code(base)
        person, grantee = accounts["licence_not_downloaded"], accounts["not_principal"]
        try:
            page = browser.new_context(**phone).new_page()
            walk(page, base, person, sms_code, shoot)
            enterprise_id = stamp(page, base, person, document, shoot)
            logs_and_grant(page, base, enterprise_id, grantee, shoot)
            other = browser.new_context(**phone).new_page()  # the grantee's own phone
            grantee_stamps(other, base, grantee, sms_code, enterprise_id, document, shoot)
        finally:
            browser.close()
            server.shutdown()
    print(f"{len(shoot.written)} of {len(FILES)} images written")
    return 0 if len(shoot.written) == len(FILES) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Regenerate the screenshots of 使用帮助 (h5/img/guide/*.png) from our own pages.

Starts a live server with the demo data the way tests/browser/conftest.py does, walks the guide's
steps in Chromium at 375x667 and writes small, palette-quantised PNGs with stable names.
Run: .venv/bin/python scripts/make_guide_images.py
"""
import io
import logging
import re
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import Error, expect, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from backend import create_app  # noqa: E402
from backend.api.common import id_key  # noqa: E402
from backend.config import TestConfig  # noqa: E402
from backend.extensions import db  # noqa: E402
from backend.jump import set_public_url  # noqa: E402
from backend.services import demo  # noqa: E402

OUT = ROOT / "h5" / "img" / "guide"
CHROMIUM = "/usr/bin/chromium"
WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "246810"
expect.set_options(timeout=10_000)


def start_server(tmp):
    """The live app of tests/browser/conftest.py: TestConfig, a file SQLite DB, the demo data."""
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(tmp) / 'eseal.db'}"
    config["ESEAL_ELICENSE_SYNC_SECONDS"] = 2  # one 数据同步中 for the licence downloaded below
    app = create_app(config)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    set_public_url(app, url)
    with app.app_context():
        db.create_all()
        listed = demo.seed(db.session, datetime.now(UTC), id_key(), app.config["ESEAL_CLIENT_ID"])
        db.session.remove()
    return server, url, {a["case"]: a for a in listed}


class Shooter:
    """Viewport screenshots, quantised to a palette to keep each file small."""

    def __init__(self, page):
        self.page, self.written = page, []

    def __call__(self, name):
        self.page.wait_for_load_state()
        expect(self.page.locator(".toast")).to_have_count(0)  # e.g. 登录成功 fading out
        self.page.wait_for_timeout(300)  # let transitions settle
        image = Image.open(io.BytesIO(self.page.screenshot())).convert("RGB")
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(OUT / name, optimize=True)
        self.written.append(name)
        print(f"wrote h5/img/guide/{name}")


def wait_page(page, name):
    locator = page.locator(f'[data-page="{name}"][data-ready="true"]')
    expect(locator).to_be_visible()
    return locator


def log_in(page, base, phone):
    page.goto(f"{base}/")
    wait_page(page, "login")
    page.get_by_label("手机号").fill(phone)
    page.get_by_role("button", name="获取验证码").tap()
    notice = page.get_by_text("演示模式：短信验证码为")
    expect(notice).to_be_visible()
    code = re.search(r"\d{4,8}", notice.inner_text()).group()
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="登录").tap()
    wait_page(page, "home")


def download(page, base, person, shoot):
    """证照卡包 → 电子印章 → 下载印章 … 下载结果, with a first licence download and one 数据同步中."""
    page.goto(f"{base}/h5/#/cards")
    wait_page(page, "cards")
    shoot("01-cards.png")
    page.get_by_role("link", name=re.compile("电子印章")).first.tap()
    home = wait_page(page, "eseal-home")
    shoot("02-eseal-home.png")
    home.get_by_role("link", name="下载印章", exact=True).tap()
    wait_page(page, "seal-preview")
    shoot("03-preview.png")
    page.get_by_role("button", name="开始下载").tap()
    declare = wait_page(page, "seal-declare")
    declare.get_by_role("button", name="《印章下载声明》").tap()
    page.get_by_role("dialog").get_by_role("button", name="我已阅读").tap()
    declare.get_by_role("checkbox").tap()
    shoot("04-declare.png")
    declare.get_by_role("button", name="下载", exact=True).tap()
    expect(page.get_by_role("dialog")).to_contain_text("即将打开“电子营业执照”小程序")
    shoot("05-allow.png")
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    page.get_by_role("link", name="下载执照").tap()
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号").fill(person["id_number"])
    page.get_by_role("button", name="下一步").tap()
    page.get_by_role("button", name="开始人脸识别").tap()
    page.get_by_role("button", name="下一步").tap()  # 选择登记地: 广东省
    page.get_by_label(person["enterprise"]["name"]).check()
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意.*《执照下载声明》")).check()
    page.get_by_role("button", name="下载").tap()
    page.get_by_label("执照密码（6位数字）").fill(PASSWORD)
    page.get_by_label("再次输入").fill(PASSWORD)
    page.get_by_role("button", name="确认").tap()
    licence = page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))
    expect(licence).to_be_visible()
    shoot("06-licence.png")
    licence.tap()
    confirm_until_synced(page, shoot)
    shoot("08-verified.png")
    page.get_by_role("button", name="返回").tap()
    result = wait_page(page, "seal-result")
    expect(result.get_by_text("下载成功")).to_be_visible()
    shoot("09-result.png")
    result.get_by_role("button", name="查看已下载印章").tap()
    wait_page(page, "seal-wallet")


def confirm_until_synced(page, shoot):
    shot = False
    for _ in range(30):
        page.get_by_label("请输入执照密码").fill(PASSWORD)
        page.get_by_role("button", name="确认").tap()
        verified, syncing = page.get_by_text("身份认证成功", exact=True), page.get_by_text("数据同步中，请5分钟后再试")
        expect(verified.or_(syncing).first).to_be_visible()
        if verified.count():
            return
        if not shot:
            shoot("07-syncing.png")
            shot = True
        page.get_by_role("link", name="我知道了").tap()
        page.wait_for_timeout(500)
    raise RuntimeError("licence never finished syncing")


def pick_first_seal(scope):
    """Select the first seal however the list offers it: a radio, a checkbox or the item itself."""
    choice = scope.locator(".js-pick")
    if not choice.count():
        choice = scope.get_by_role("radio").or_(scope.get_by_role("checkbox"))
    if choice.count():
        choice.first.tap()
    else:
        scope.locator(".seal").first.tap()


def view_and_manage(page, base, enterprise_id, shoot):
    """查看已下载印章 → 【查看详情】 → 印章变动, 印章领用情况; 管理印章 → 【删除】 (the confirm only)."""
    wallet = wait_page(page, "seal-wallet")
    pick_first_seal(wallet)
    shoot("10-wallet.png")
    wallet.get_by_role("button", name="查看详情").tap()
    wait_page(page, "seal-detail")
    shoot("11-detail.png")
    for label, name, file in (("印章变动", "seal-changes", "12-changes.png"),
                              ("印章领用情况", "seal-receipts", "13-receipts.png")):
        wait_page(page, "seal-detail").get_by_role("link", name=label).tap()
        wait_page(page, name)
        shoot(file)
        page.go_back()
    page.goto(f"{base}/h5/#/eseal/manage?ent={enterprise_id}")
    manage = wait_page(page, "seal-manage")
    pick_first_seal(manage)
    manage.get_by_role("button", name="删除", exact=True).tap()
    expect(page.get_by_role("dialog")).to_be_visible()
    shoot("14-manage.png")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server, base, accounts = start_server(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=1,
                                      is_mobile=True, has_touch=True, locale="zh-CN", user_agent=WECHAT_UA)
        page = context.new_page()
        shoot = Shooter(page)
        person = accounts["licence_not_downloaded"]
        missing = []
        try:
            log_in(page, base, person["phone"])
            enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
            download(page, base, person, shoot)
            view_and_manage(page, base, enterprise_id, shoot)
        except (AssertionError, Error) as error:
            missing.append(str(error).splitlines()[0])
        finally:
            browser.close()
            server.shutdown()
    print(f"{len(shoot.written)} images written")
    if missing:
        print(f"stopped early: {missing[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

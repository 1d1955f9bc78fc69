"""Steps the browser tests share, written as a user would do them."""
import re

from playwright.sync_api import expect

SYNCING = "数据同步中，请5分钟后再试"


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


def open_preview(page, live_server, phone, sms_code):
    log_in(page, live_server, phone, sms_code)
    wait_page(page, "home")
    enterprise_id = page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")
    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}")
    return wait_page(page, "seal-preview"), enterprise_id


def agree_and_allow(page, shoot, allow=True):
    wait_page(page, "seal-preview").get_by_role("button", name="开始下载").tap()
    declare = wait_page(page, "seal-declare")
    download = declare.get_by_role("button", name="下载", exact=True)
    expect(download).to_be_disabled()
    expect(declare.get_by_role("checkbox")).to_be_disabled()  # the declaration must be opened first
    expect(declare.get_by_text("请先阅读《印章下载声明》", exact=True)).to_be_visible()
    declare.get_by_role("button", name="《印章下载声明》").tap()
    sheet = page.get_by_role("dialog")
    expect(sheet).to_contain_text("印章下载声明")
    shoot(page, "declaration")
    sheet.get_by_role("button", name="我已阅读").tap()  # 【我已阅读】 ticks the box
    expect(declare.get_by_role("checkbox")).to_be_checked()
    expect(declare.get_by_text("请先阅读《印章下载声明》", exact=True)).to_be_hidden()
    expect(download).to_be_enabled()
    shoot(page, "declare")
    download.tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("即将打开“电子营业执照”小程序")
    shoot(page, "allow-dialog")
    dialog.get_by_role("button", name="允许" if allow else "取消").tap()


def confirm_password_until_synced(page, password, shoot):
    """The guide: on 数据同步中 tap 【我知道了】, wait a moment, tap 【确认】 again until it succeeds.

    The password is typed once: the dialog closes over the page as it was, the password still in its field."""
    field = page.get_by_label("请输入执照密码")
    field.fill(password)
    for attempt in range(20):
        page.get_by_role("button", name="确认", exact=True).tap()
        verified, syncing = page.get_by_role("heading", name="身份认证成功"), page.get_by_role("alertdialog", name=SYNCING)
        expect(verified.or_(syncing).first).to_be_visible()
        if verified.count():
            return attempt
        if attempt == 0:
            shoot(page, "syncing")
        syncing.get_by_role("button", name="我知道了").tap()
        expect(syncing).to_be_hidden()
        expect(field).to_have_value(password)
        page.wait_for_timeout(500)
    raise AssertionError("licence never finished syncing")


def identify_in_licence_app(page, person, shoot):
    """In the licence app, once per browser: 下载执照 → 实名信息 → 实人认证 (its own login)."""
    expect(page.get_by_role("link", name="下载执照")).to_be_visible()
    shoot(page, "licence-app")
    page.get_by_role("link", name="下载执照").tap()
    page.get_by_label("姓名").fill(person["name"])
    page.get_by_label("身份证号").fill(person["id_number"])
    page.get_by_role("button", name="下一步").tap()
    face = page.get_by_role("button", name="开始人脸识别")
    expect(face).to_be_visible()
    shoot(page, "face")
    face.tap()


def download_licence(page, person, password, shoot):
    """In the licence app: 下载执照 → 实名信息 → 实人认证 → 选择登记地 → 勾选执照 → 执照密码 twice."""
    identify_in_licence_app(page, person, shoot)
    page.get_by_role("button", name="下一步").tap()  # 选择登记地: 广东省
    page.get_by_label(person["enterprise"]["name"]).check()
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意.*《执照下载声明》")).check()
    shoot(page, "choose")
    page.get_by_role("button", name="下载", exact=True).tap()
    page.get_by_label("执照密码（6位数字）").fill(password)
    page.get_by_label("再次输入").fill(password)
    page.get_by_role("button", name="确认").tap()
    expect(page.get_by_role("link", name=re.compile(person["enterprise"]["name"]))).to_be_visible()


def signed_in(page, base, phone, sms_code):
    """Logs in and waits on 首页 until the 登录成功 toast has gone, so that screenshots show the page."""
    log_in(page, base, phone, sms_code)
    home = wait_page(page, "home")
    expect(page.locator(".toast")).to_have_count(0)
    return home


def enterprise_id_of(page):
    """The logged-in principal's (first) enterprise id, as the H5 reads it."""
    return page.evaluate("fetch('/api/wallet').then(r => r.json()).then(b => b.items[0].enterprise.id)")


def licence_app_answers(page, app, base, outcome="verified"):
    """Stands in for the licence app's own pages (test_download.py walks them): once the jump has reached it,
    its signed answer for this browser's newest download goes straight to the e-seal callback, as 【返回】 does."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from backend.extensions import db
    from backend.models import DownloadSession, Enterprise
    from backend.services import jump_tokens

    expect(page).to_have_url(re.compile(r"/elicense/"))
    with app.app_context():
        download = db.session.scalars(select(DownloadSession).order_by(DownloadSession.created_at.desc())).first()
        credit_code = db.session.get(Enterprise, download.enterprise_id).credit_code
        token = jump_tokens.issue_result(
            app.extensions["elicense"].key_ring, issuer=app.config["ELICENSE_ISSUER"],
            audience=app.config["ESEAL_CLIENT_ID"], subject=app.extensions["eseal_jump"].subject(download.user_id),
            credit_code=credit_code, outcome=outcome, nonce=download.nonce, state=download.state,
            now=datetime.now(UTC), ttl_seconds=300)
        db.session.remove()
    page.goto(f"{base}/api/elicense/callback?result={token}")


def download_every_seal(page, app, base, shoot=lambda *_: None):
    """印章预览 → 开始下载 → 声明 → 允许 → (the licence app's answer) → 下载成功; the page is then 下载结果."""
    agree_and_allow(page, shoot)
    licence_app_answers(page, app, base)
    result = wait_page(page, "seal-result")
    expect(result.get_by_text("下载成功")).to_be_visible()
    return result


def jump_to_licence_app(page, base, phone, sms_code):
    """Logged in, a download started as 【允许】 starts it (test_download.py walks the pages before): the licence app."""
    log_in(page, base, phone, sms_code)
    wait_page(page, "home")
    jump_url = page.evaluate("""async () => {
        const json = async (path, init) => (await fetch(path, init)).json();
        const enterprise = (await json('/api/wallet')).items[0].enterprise.id;
        const version = (await json('/api/downloads/declaration')).version;
        const started = await json(`/api/enterprises/${enterprise}/downloads`, {method: 'POST',
            headers: {'Content-Type': 'application/json', Accept: 'application/json'},
            body: JSON.stringify({declaration_version: version, agreed: true})});
        return new URL(started.jump_url, location.href).href;
    }""")
    page.goto(jump_url)
    expect(page).to_have_url(re.compile(r"/elicense/$"))


def licence_heading(page, text):
    """The licence app's title bar names the page."""
    expect(page.locator(".lic-bar__heading")).to_have_text(text)


def is_primary(locator):
    """A filled (primary) button rather than an outlined or text one."""
    return locator.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(200, 22, 29)"


def held_seals(page, app, base, person, sms_code):
    """Logged in as the principal with every seal downloaded (the licence app's answer given): the enterprise id."""
    _, enterprise_id = open_preview(page, base, person["phone"], sms_code)
    download_every_seal(page, app, base)
    return enterprise_id


def contract(folder, pages=3):
    """采购合同.pdf of `pages` A4 pages, written in `folder`: its path."""
    from backend.testing.documents import pdf_document

    path = folder / "采购合同.pdf"
    path.write_bytes(pdf_document(pages))
    return path


def upload_for_stamping(page, base, enterprise_id, path):
    """电子印章 → 【用印】 → 选择文件 (the PDF at `path`): answers the page once it shows the file."""
    page.goto(f"{base}/h5/#/eseal?ent={enterprise_id}")
    wait_page(page, "eseal-home").get_by_role("link", name="用印", exact=True).tap()
    chooser = wait_page(page, "stamp-upload")
    chooser.locator("input[type=file]").set_input_files(path)
    expect(wait_page(page, "stamp-upload").locator(".js-doc")).to_contain_text(path.name)
    return chooser


def choose_seals(page, names, title="选择印章"):
    """In the 选择印章 (checkboxes) or 选择骑缝章 (radios) sheet: tick the seals by name, then 【确定】."""
    sheet = page.get_by_role("dialog", name=title)
    role = "checkbox" if title == "选择印章" else "radio"
    for name in names:
        sheet.get_by_role(role, name=re.compile(f"^{name}")).check()
    sheet.get_by_role("button", name="确定").tap()
    expect(sheet).to_have_count(0)


def drag_onto(page, source, target, to=(0.5, 0.5)):
    """Presses on `source`, moves to the point `to` (fractions of its box) of `target`, releases (a finger's drag)."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] * to[0], end["y"] + end["height"] * to[1], steps=12)
    page.mouse.up()


def no_horizontal_scroll(page):
    """The page is no wider than the viewport (nothing to scroll sideways)."""
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

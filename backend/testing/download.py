"""下载印章 (guide 二): 印章预览 → 开始下载 → 《印章下载声明》 → 【下载】 → 【允许】 → the 电子营业执照 app
(下载执照 when needed, 执照密码 → 【确认】, 数据同步中 → 【我知道了】 → 【确认】 again) → 【返回】 → 下载结果."""
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from . import pages
from .errors import EsealStepFailed, step
from .people import DEFAULT_LICENCE_PASSWORD, person_of
from .transport import path_of

REGISTRATION_PLACE = "广东省"


@dataclass
class Download:
    """One 下载印章: its id, the seals it put in the wallet (the API's receipts), whether the licence had to be
    downloaded first (FAQ 五) and how many times the licence app answered 数据同步中."""

    id: str
    enterprise_id: int
    receipts: list = field(default_factory=list)
    licence_downloaded: bool = False
    sync_answers: int = 0


class DownloadSteps:
    """Mixed into the driver (driver.Eseal): calls, browser, clock, person."""

    @step("下载印章")
    def download_seals(self, enterprise, licence_password=None, person=None):
        """The whole of 下载印章, as the principal does it; answers a Download.

        ``licence_password``: of the licence when the person holds it, else the one set at 下载执照 (default
        the person's known one, then 246810). ``person``: whose 实名信息 the licence app is given (default the
        logged-in person, whose name and 身份证号 the driver must know)."""
        preview = self.preview_seals(enterprise)
        ent, credit_code = preview["enterprise"]["id"], preview["enterprise"]["credit_code"]
        started = self.start_download(ent)
        download = Download(id=started["id"], enterprise_id=ent)
        callback = self.verify_in_licence_app(started["jump_url"], credit_code, licence_password, person, download)
        self.return_to_eseal(callback, download.id)
        download.receipts = self.complete_download(download.id)
        return download

    @step("开始下载")
    def start_download(self, enterprise, agreed=True):
        """开始下载 → 阅读并同意《印章下载声明》 → 【下载】: answers {"id", "jump_url"} (the signed jump)."""
        version = self.calls.get("/api/downloads/declaration")["version"]
        return self.calls.post(f"/api/enterprises/{self.enterprise_id(enterprise)}/downloads",
                               {"declaration_version": version, "agreed": agreed}, expect=201)

    @step("电子营业执照身份验证")
    def verify_in_licence_app(self, jump_url, credit_code, licence_password=None, person=None, download=None):
        """【允许】 → the 电子营业执照 app: find the enterprise's licence (实名信息 + 实人认证 once per browser; 下载执照
        when not held), 执照密码 → 【确认】 until 身份认证成功, 【返回】. Answers the callback URL."""
        download = download or Download(id=None, enterprise_id=None)
        person = person_of(person) if person else self.person
        password = licence_password or (person and person.licence_password(credit_code)) or DEFAULT_LICENCE_PASSWORD
        listing = self.open_licence_app(jump_url)
        link = pages.licence_link(listing.text, credit_code)
        if link is None:
            if self.identify_in_licence_app(person) != "/elicense/":
                self.download_licence(credit_code, password)
                download.licence_downloaded = True
                if person is not None:
                    person.licence_passwords[credit_code] = password
            link = pages.licence_link(self.calls.page("/elicense/").text, credit_code)
            if link is None:
                raise EsealStepFailed("执照列表", f"没有统一社会信用代码为 {credit_code} 的执照可以验证")
        download.sync_answers = self.confirm_licence_password(link, password)
        return self.return_from_licence_app()

    @step("打开电子营业执照")
    def open_licence_app(self, jump_url):
        """即将打开"电子营业执照"小程序 → 【允许】: the jump is taken, the licence list shown."""
        arrived = self.calls.call("GET", jump_url, expect=303)
        return self.calls.page(arrived.location)

    @step("录入实名信息，实人认证")
    def identify_in_licence_app(self, person=None):
        """下载执照 → 实名信息 (姓名, 身份证号) → 实人认证: the licence app knows this person in this browser.
        Answers where it leads: the licence list when the enterprise's licence is held, else 选择登记地."""
        person = person_of(person) if person else self.person
        if person is None or not (person.name and person.id_number):
            raise EsealStepFailed(None, "实名信息需要姓名和身份证号：log in with a Person or a demo case, or pass person=")
        form = self.calls.page("/elicense/download/realname")
        face, _ = self.calls.submit("/elicense/download/realname",
                                    {"name": person.name, "id_number": person.id_number,
                                     "csrf": pages.csrf(form.text)})
        token = pages.csrf(self.calls.page(face).text)
        where, _ = self.calls.submit(path_of(face), {"csrf": token})
        return path_of(where)

    @step("下载执照")
    def download_licence(self, credit_code, password=DEFAULT_LICENCE_PASSWORD):
        """选择登记地 (广东省) → tick the enterprise, agree 《执照下载声明》 → 设置执照密码 (twice)."""
        token = pages.csrf(self.calls.page("/elicense/download/place").text)
        self.calls.submit("/elicense/download/place", {"place": REGISTRATION_PLACE, "csrf": token})
        self.calls.submit("/elicense/download/choose", {"credit_code": credit_code, "agree": "yes", "csrf": token})
        self.calls.submit("/elicense/download/password", {"password": password, "password2": password, "csrf": token})

    @step("执照验证")
    def confirm_licence_password(self, verify_path, password):
        """输入执照密码 → 【确认】. While the licence is in data sync the app answers 数据同步中，请5分钟后再试: the
        driver presses 【我知道了】, waits a moment (the clock) and presses 【确认】 again, as the guide says,
        up to sync_timeout seconds. Answers how many times 数据同步中 was answered."""
        token = pages.csrf(self.calls.page(verify_path).text)
        syncing, waited = 0, 0
        while True:
            try:
                self.calls.submit(verify_path, {"password": password, "csrf": token})
                return syncing
            except EsealStepFailed as failure:
                if not _syncing(failure) or waited >= self.sync_timeout:
                    raise
                syncing += 1
                pause = self.clock.pause(syncing)
                self.clock.wait(pause)  # 【我知道了】, 稍等片刻
                waited += pause

    @step("身份认证成功，返回")
    def return_from_licence_app(self):
        """身份认证成功 → 【返回】: answers the e-seal app's callback URL carrying the signed result."""
        token = pages.csrf(self.calls.page("/elicense/success").text)
        back, _ = self.calls.submit("/elicense/return", {"csrf": token})
        return back

    @step("回到一网通")
    def return_to_eseal(self, callback_url, download_id=None):
        """The callback: the e-seal app believes the result and sends the browser to 下载结果."""
        if self.browser.live and not self.browser.knows(callback_url):
            raise EsealStepFailed(None, f"the licence app sent the browser to {callback_url}, not to --eseal-url: "
                                        "the server's ESEAL_PUBLIC_URL must be the address the tests use")
        back = self.calls.call("GET", callback_url, expect=303)
        target = back.location or ""
        if "cancelled=1" in target or (download_id and f"download={download_id}" not in target):
            raise EsealStepFailed(None, f"回到 {target}，而不是下载结果", where=back.where)
        return target

    @step("下载结果")
    def complete_download(self, download_id):
        """The verified seals go into the wallet (下载成功): answers the receipts."""
        return self.calls.post(f"/api/downloads/{download_id}/complete")["receipts"]

    @step("返回一网通（取消）")
    def cancel_in_licence_app(self):
        """【返回一网通】 inside the licence app: the jump ends as cancelled; answers the callback URL."""
        token = pages.csrf(self.calls.page("/elicense/").text)
        back, _ = self.calls.submit("/elicense/cancel", {"csrf": token})
        return back


def _syncing(failure):
    return failure.code == "licence_syncing" or "数据同步中" in (failure.reason or "")


def download_id_of(url):
    """The download a 下载结果 address names (/h5/#/eseal/result?download=…)."""
    fragment = urlsplit(url).fragment or url
    return parse_qs(urlsplit(fragment).query).get("download", [None])[0]

"""The driver: one person in one browser, whose methods are the guide's steps (docs/qa.md lists them).

Each step checks its own success and raises EsealStepFailed naming the step when the system answers
otherwise. The steps are grouped by the guide's sections: 登录 and 实名认证, 证照卡包 and 开办企业 (here),
下载印章 (download.py), 查看印章 and 管理印章 (wallet.py), 用印 and 验章 (use.py).
"""
from contextlib import contextmanager
from dataclasses import dataclass

from .calls import Calls
from .download import DownloadSteps
from .errors import EsealStepFailed, step
from .people import People, Person, person_of
from .refs import enterprise_ref
from .state import difference, row_counts
from .use import UseSteps
from .wallet import WalletSteps

ADDRESS = "广州市天河区测试路1号"


@dataclass
class Refusal:
    """What Eseal.refused caught: the EsealStepFailed (step, status, code, reason)."""

    failure: EsealStepFailed = None


class Eseal(DownloadSteps, WalletSteps, UseSteps):
    """One browser of one person. ``operator`` is the platform operator (刻制完成, 备案完成, …); ``people``
    gives new people; ``clock`` is what the driver waits on (数据同步中)."""

    def __init__(self, browser, clock, operator=None, people=None, sync_timeout=330):
        self.calls = Calls(browser)
        self.browser, self.clock, self.operator = browser, clock, operator
        self.people = people or People(live=browser.live)
        self.sync_timeout = sync_timeout
        self.person = None

    @property
    def live(self):
        """True against a running deployment, False in process."""
        return self.browser.live

    @property
    def client(self):
        """The Flask test client of this browser (in process only)."""
        return self.browser.client

    def new_browser(self):
        """Another browser (no cookies in either app), for another person or the same one elsewhere."""
        return Eseal(self.browser.new(), self.clock, self.operator, self.people, self.sync_timeout)

    # --- 登录 and 实名认证 ---

    @step("获取验证码")
    def request_sms_code(self, phone):
        """【获取验证码】: a login code is sent to this phone; answers it, read from the demo SMS outbox."""
        self.calls.post("/api/auth/sms-codes", {"phone": phone}, expect=201)
        return self.sms_code(phone)

    @step("短信发件箱")
    def sms_code(self, phone):
        """The newest code the demo SMS outbox holds for this phone (GET /api/dev/sms-outbox; demo mode only)."""
        reply = self.calls.call("GET", "/api/dev/sms-outbox", expect=(200, 404), params={"phone": phone})
        if reply.status == 404:
            raise EsealStepFailed(None, "演示模式短信发件箱不可用：the server is not in demo mode (ESEAL_DEMO=1), "
                                        "so the driver cannot read login codes", status=404, where=reply.where)
        codes = [m["code"] for m in reply.json()["items"] if m.get("code")]
        if not codes:
            raise EsealStepFailed(None, f"短信发件箱中没有 {phone} 的验证码", where=reply.where)
        return codes[0]

    @step("登录")
    def login(self, who):
        """登录 by SMS: 手机号 → 获取验证码 → 验证码. ``who``: a phone, a Person or a demo case (whose name and
        身份证号 the licence app will then be given). Answers /api/me's JSON."""
        person = person_of(who)
        return self.enter_sms_code(person, self.request_sms_code(person.phone))

    @step("验证码登录")
    def enter_sms_code(self, who, code):
        """手机号 + 验证码 → 登录 (a new login session). Answers /api/me's JSON."""
        person = person_of(who)
        me = self.calls.post("/api/auth/login", {"phone": person.phone, "code": code})
        self.person = person
        return me

    @step("实名认证")
    def verify_identity(self, name=None, id_number=None):
        """实名认证: 姓名 + 身份证号, then the (simulated) face check. Defaults to the logged-in person's."""
        person = self._person()
        name, id_number = name or person.name, id_number or person.id_number
        if not (name and id_number):
            raise EsealStepFailed(None, "需要姓名和身份证号：log in with a Person or a demo case, or pass them")
        check = self.calls.post("/api/realname", {"name": name, "id_number": id_number}, expect=201)
        me = self.calls.post(f"/api/realname/{check['check_id']}/face")
        person.name, person.id_number = name, id_number
        return me

    def me(self):
        """The current user and the state of 实名认证 (GET /api/me)."""
        return self.calls.get("/api/me")

    @step("退出登录")
    def logout(self):
        self.calls.post("/api/auth/logout", expect=204)

    @step("新用户")
    def sign_up(self, person=None, verified=True):
        """A new person (from ``people`` unless given) logged in and, unless ``verified`` is False, 实名认证."""
        person = person or self.people.new()
        self.login(person)
        if verified:
            self.verify_identity()
        return person

    # --- 证照卡包 and 开办企业 ---

    @step("证照卡包")
    def card_wallet(self):
        """证照卡包: the gift package (电子营业执照, 电子印章, 电子发票) of each enterprise this user heads."""
        return self.calls.get("/api/wallet")["items"]

    @step("开办企业")
    def start_enterprise(self, name=None, enterprise_type="llc", seals=("official", "finance"), free_eseal=True,
                         principal=None, address=ADDRESS):
        """开办企业 with 刻章信息; ``free_eseal`` is 免费领取"电子印章". The principal is this person unless given
        (a Person with phone, name and 身份证号). Answers the application's JSON (status 审核中)."""
        principal = person_of(principal) if principal else self._person()
        name = name or f"广州市{principal.name}测试有限公司"
        body = {"company_name": name, "enterprise_type": enterprise_type, "address": address,
                "principal_name": principal.name, "principal_id_number": principal.id_number,
                "principal_phone": principal.phone, "seals": list(seals), "free_eseal": free_eseal}
        return self.calls.post("/api/startups", body, expect=201)

    @step("开办企业并领取电子印章")
    def open_enterprise(self, filed=True, **startup):
        """开办企业 (免费领取电子印章) → the operator completes it → 刻制完成 and 备案完成 of every seal (unless
        ``filed`` is False). Answers the operator's 办结 JSON: {"enterprise": …, "seals": [...]}."""
        application = self.start_enterprise(**startup)
        done = self._operator().complete_startup(application)
        if filed:
            done["seals"] = [self.operator.file(self.operator.carve(seal)) for seal in done["seals"]]
        return done

    @step("印章预览")
    def preview_seals(self, enterprise):
        """下载印章 → 印章预览: every seal with its picture and state, ``downloadable`` once all are filed."""
        return self.calls.get(f"/api/enterprises/{self.enterprise_id(enterprise)}/seals")

    def enterprise_id(self, enterprise):
        """The id of an enterprise given by id, JSON, or 统一社会信用代码 (found in this user's 证照卡包)."""
        found, credit_code = enterprise_ref(enterprise)
        if found is not None:
            return found
        for entry in self.card_wallet():
            if entry["enterprise"]["credit_code"] == credit_code:
                return entry["enterprise"]["id"]
        raise EsealStepFailed(None, f"证照卡包中没有统一社会信用代码为 {credit_code} 的企业")

    @contextmanager
    def refused(self, code=None, status=None, unchanged=True):
        """``with eseal.refused("seals_not_filed"): eseal.download_seals(…)``: a step in the block must be refused
        with this error code (and HTTP status). In process, and unless ``unchanged`` is False, the refused request
        must leave every table's row count as it was (the steps before it may have written). Yields a Refusal,
        whose ``failure`` is the EsealStepFailed once the block is left."""
        refusal = Refusal()
        if unchanged and not self.live:
            self.calls.watch = lambda: row_counts(self.browser.app)
        try:
            yield refusal
        except EsealStepFailed as failure:
            refusal.failure = failure
        else:
            raise AssertionError(f"expected a refusal {code or ''}, but every step succeeded")
        finally:
            self.calls.watch, before = None, self.calls.seen
        failure = refusal.failure
        assert code is None or failure.code == code, f"expected {code}, got: {failure}"
        assert status is None or failure.status == status, f"expected HTTP {status}, got: {failure}"
        if unchanged and not self.live and failure.reply is not None:
            after = row_counts(self.browser.app)
            assert after == before, f"{failure} — and the refusal changed rows: {difference(before, after)}"

    def _person(self):
        if self.person is None:
            raise EsealStepFailed(None, "请先登录 (call login first)")
        return self.person

    def _operator(self):
        if self.operator is None:
            raise EsealStepFailed(None, "no operator token: give --eseal-operator-token or ESEAL_OPERATOR_TOKEN")
        return self.operator


__all__ = ["Eseal", "Person"]

"""A day's traffic of the e-seal mini-program, for Locust (run by scripts/bench/day_mix.py, which seeds and serves).

Each simulated user is one principal of the seeded set (scripts/bench/day_mix.py --seed): logged in once, known
to the licence app in its own browser (实名信息 + 实人认证 done once), holding the 5 seals of its enterprise.
It then does, with a think time of WAIT seconds between actions, one of these, in these proportions
(per 100 actions; MIX below):

    证照卡包 GET /api/wallet                                   20
    印章预览 GET /api/enterprises/<id>/seals                    10
    查看已下载印章 GET /api/enterprises/<id>/wallet               20
    查看详情 GET /api/receipts/<id>                             20
    印章变动 GET /api/enterprises/<id>/seal-events              10
    登录 (another phone: SMS code, the outbox, login, /api/me)     8
    验章 POST /api/verify of a stamped PDF                       6
    用印 选择印章 → 选择文件 → 确认用印 → licence app (its password) → callback → 用印 → 下载文件      4
    删除 one seal (管理印章 → 删除), then 下载印章 again through the licence app (its password)       2

Requests are named by route (ids as <id>), so Locust's table is per route. A wrong status is a failure.
"""
import itertools
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from locust import HttpUser, between, task

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
from flow_clients import PASSWORD, principal

LICENCE = os.environ.get("DAY_MIX_LICENCE_URL", "")
PREPARE = os.environ.get("DAY_MIX_PREPARE") == "1"
STAMPED = b"" if PREPARE else Path(os.environ["DAY_MIX_STAMPED"]).read_bytes()
DOCUMENT = Path(os.environ["DAY_MIX_DOCUMENT"]).read_bytes() if os.environ.get("DAY_MIX_DOCUMENT") else b""
WAIT = tuple(float(x) for x in os.environ.get("DAY_MIX_WAIT", "1,3").split(","))
VERIFY_LINK = re.compile(r'href="(/elicense/licences/\d+/verify)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
MIX = {"wallet": 20, "preview": 10, "held": 20, "detail": 20, "events": 10, "login": 8, "verify": 6, "stamp": 4,
       "redownload": 2}
_principals = itertools.count()
_login_phones = itertools.count()


class Failed(Exception):
    pass


class Principal(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.turn = 0
        self.phone, self.name, self.number = principal(int(os.environ.get("DAY_MIX_FIRST", "0")) + next(_principals))
        self.client.headers["User-Agent"] = "Mozilla/5.0 (iPhone) MicroMessenger/8.0.50 day-mix"
        self._login(self.client, self.phone)
        self.enterprise = self._ok(self.client.get("/api/wallet", name="证照卡包 /api/wallet")).json()[
            "items"][0]["enterprise"]["id"]
        self.version = self._ok(self.client.get("/api/downloads/declaration", name="/api/downloads/declaration")
                                ).json()["version"]
        self.held = self._held()
        self.identified = False
        if PREPARE:
            self.stamp()

    # -- helpers ------------------------------------------------------------------------------------------

    def _ok(self, response, *statuses):
        if response.status_code not in (statuses or (200,)):
            url = response.url or response.request.url or "?"  # None when no answer came (status 0)
            raise Failed(f"{response.request.method} {url.split('?')[0]} → {response.status_code}: "
                         f"{getattr(response, 'error', None) or response.text[:200]}")
        return response

    def _login(self, http, phone):
        self._ok(http.post("/api/auth/sms-codes", json={"phone": phone}, name="登录 /api/auth/sms-codes"), 201)
        code = self._ok(http.get("/api/dev/sms-outbox", params={"phone": phone}, name="登录 /api/dev/sms-outbox")
                        ).json()["items"][0]["code"]
        self._ok(http.post("/api/auth/login", json={"phone": phone, "code": code}, name="登录 /api/auth/login"))

    def _held(self):
        return self._ok(self.client.get(f"/api/enterprises/{self.enterprise}/wallet",
                                        name="查看已下载印章 /api/enterprises/<id>/wallet")).json()["items"]

    def _get(self, url, name):
        return self.client.get(url, name=name, allow_redirects=False)

    def _post(self, url, name, **kwargs):
        return self.client.post(url, name=name, allow_redirects=False, **kwargs)

    def _follow(self, response, name):
        return self._get(urljoin(response.url, response.headers["Location"]), name)

    def _licence(self, jump_url):
        """【允许】 → the licence app: its list (实名信息 + 实人认证 once in this browser), the password, 【返回】;
        answers the e-seal app's callback response (303)."""
        arrived = self._ok(self._get(urljoin(self.host + "/", jump_url), "licence /elicense/jump"), 303)
        listing = self._ok(self._follow(arrived, "licence /elicense/"))
        found = VERIFY_LINK.search(listing.text)
        if not found and not self.identified:
            form = self._ok(self._get(f"{LICENCE}/elicense/download/realname", "licence 实名信息"))
            entered = self._ok(self._post(form.url, "licence 实名信息 POST", data={
                "csrf": CSRF.search(form.text).group(1), "name": self.name, "id_number": self.number}), 303)
            face = self._ok(self._follow(entered, "licence 实人认证"))
            done = self._ok(self._post(face.url, "licence 实人认证 POST",
                                       data={"csrf": CSRF.search(face.text).group(1)}), 303)
            listing = self._ok(self._follow(done, "licence /elicense/"))
            self.identified = True
            found = VERIFY_LINK.search(listing.text)
        if not found:
            raise Failed("no licence to verify in the licence list")
        verify_url = urljoin(listing.url, found.group(1))
        page = self._ok(self._get(verify_url, "licence 执照密码"))
        verified = self._ok(self._post(verify_url, "licence 执照密码 POST (scrypt)",
                                       data={"csrf": CSRF.search(page.text).group(1), "password": PASSWORD}), 303)
        success = self._ok(self._follow(verified, "licence /elicense/success"))
        back = self._ok(self._post(f"{LICENCE}/elicense/return", "licence /elicense/return",
                                   data={"csrf": CSRF.search(success.text).group(1)}), 303)
        return self._ok(self._get(back.headers["Location"], "/api/elicense/callback"), 303)

    # -- the day's actions ----------------------------------------------------------------------------------

    @task(MIX["wallet"])
    def wallet(self):
        self._ok(self.client.get("/api/wallet", name="证照卡包 /api/wallet"))

    @task(MIX["preview"])
    def preview(self):
        self._ok(self.client.get(f"/api/enterprises/{self.enterprise}/seals",
                                 name="印章预览 /api/enterprises/<id>/seals"))

    @task(MIX["held"])
    def list_held(self):
        self.held = self._held()

    @task(MIX["detail"])
    def detail(self):
        if not self.held:
            self.held = self._held()
            return
        item = self.held[self.turn % len(self.held)]
        self.turn += 1
        self._ok(self.client.get(f"/api/receipts/{item['receipt_id']}", name="查看详情 /api/receipts/<id>"))

    @task(MIX["events"])
    def events(self):
        self._ok(self.client.get(f"/api/enterprises/{self.enterprise}/seal-events?page=1&per_page=20",
                                 name="印章变动 /api/enterprises/<id>/seal-events"))

    @task(MIX["login"])
    def login(self):
        """Someone else opens the mini-program and logs in (a pool of phones, each at most once a minute)."""
        from locust.clients import HttpSession
        http = HttpSession(self.host, request_event=self.environment.events.request, user=self)
        http.headers["User-Agent"] = self.client.headers["User-Agent"]
        step = int(os.environ.get("DAY_MIX_STEP", "0")) % 10  # another pool of phones in each step
        self._login(http, f"137{step}{next(_login_phones) % 10_000_000:07d}")
        self._ok(http.get("/api/me", name="登录 /api/me"))  # not verified yet: 首页 asks for 实名认证 next

    @task(MIX["verify"])
    def verify(self):
        if PREPARE:
            return
        answer = self._ok(self.client.post("/api/verify", files={"file": ("合同-已盖章.pdf", STAMPED)},
                                           name="验章 POST /api/verify"))
        if answer.json().get("verdict") != "valid":
            raise Failed(f"验章: {answer.text[:200]}")

    @task(MIX["stamp"])
    def stamp(self):
        seals = self._ok(self._get("/api/stamp-seals", "用印 /api/stamp-seals")).json()["seals"]
        seal = seals[0]
        uploaded = self._ok(self._post("/api/stamp-requests", "用印 POST /api/stamp-requests",
                                       files={"file": ("合同.pdf", DOCUMENT)}), 201).json()
        confirmed = self._ok(self._post(f"/api/stamp-requests/{uploaded['id']}/confirm", "用印 …/confirm", json={
            "placements": [{"seal_id": seal["seal_id"], "page": 1, "x_mm": 150.0, "y_mm": 40.0}], "riding": None}))
        back = self._licence(confirmed.json()["jump_url"])
        if f"request={uploaded['id']}" not in back.headers["Location"]:
            raise Failed(f"用印: back at {back.headers['Location']}")
        done = self._ok(self._post(f"/api/stamp-requests/{uploaded['id']}/complete", "用印 …/complete", json={}))
        if done.json().get("status") != "signed":
            raise Failed(f"用印: {done.text[:200]}")
        signed = self._ok(self._get(f"/api/stamp-requests/{uploaded['id']}/file", "用印 …/file"))
        if not signed.content.startswith(b"%PDF-"):
            raise Failed("用印: the file is not a PDF")
        if PREPARE:  # day_mix.py's first run: one signed file for 验章, then stop
            Path(os.environ["DAY_MIX_STAMPED"]).write_bytes(signed.content)
            self.environment.runner.quit()

    @task(MIX["redownload"])
    def redownload(self):
        """管理印章 → 删除 of one seal, then 下载印章 brings it back (the licence app asks for the password)."""
        if not self.held:
            self.held = self._held()
        gone = self._ok(self._post("/api/receipts/delete", "删除 /api/receipts/delete",
                                   json={"receipt_ids": [self.held[0]["receipt_id"]]})).json()
        if gone["deleted"] != 1:
            raise Failed(f"删除: {gone}")
        started = self._ok(self._post(f"/api/enterprises/{self.enterprise}/downloads", "下载 …/downloads", json={
            "declaration_version": self.version, "agreed": True}), 201).json()
        landed = self._licence(started["jump_url"])
        download_id = landed.headers["Location"].rsplit("download=", 1)[1]
        done = self._ok(self._post(f"/api/downloads/{download_id}/complete", "下载 …/complete", json={})).json()
        if done["status"] != "completed" or len(done["receipts"]) != 1:
            raise Failed(f"下载: {done}")
        self.held = self._held()

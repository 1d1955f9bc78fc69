"""The download-flow benchmark's accounts and clients: seeding K principals, and one client process's loop.

Used by scripts/bench/download_flow.py; `download_flow.py --seed K` runs seed() with the servers' settings.
"""
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
from wallet_views import csrf, follow  # noqa: E402

PASSWORD = "135790"
VERIFY_LINK = re.compile(r'href="(/elicense/licences/\d+/verify)"')


# -- seeding (runs in a subprocess with the servers' environment: python download_flow.py --seed K) ----------

def principal(i):
    """(phone, name, ID number) of the i-th principal: the seed and the clients spell them alike."""
    from backend import demo
    digits = "零一二三四五六七八九"
    return f"1390000{i:04d}", "压测" + digits[i // 10 % 10] + digits[i % 10], demo._id(f"44010619900101{i:03d}")


def seed(count):
    """K principals like demo case licence_downloaded; prints [{phone, seals}] as JSON.

    Each client identifies once in the licence app (实名信息, 实人认证), as a browser does; its later
    flows find the licence app's own login.
    """
    from datetime import UTC, datetime, timedelta

    from backend import create_app
    from backend.api.common import id_key
    from backend.elicense.models import LicenceHolding
    from backend.elicense.passwords import hash_password
    from backend.elicense.service import find_or_create_holder, holding_for
    from backend.extensions import db
    from backend import demo
    from backend.services.seals import seals_of

    app = create_app()
    accounts = []
    with app.app_context():
        now, key, session = datetime.now(UTC), id_key(), db.session
        for i in range(count):
            phone, name, number = principal(i)
            spec = dict(name=f"广州市压测{i + 1}号科技有限公司", type="llc", credit=demo._credit(f"91440101MA5CB{i:04d}"),
                        seals=demo.ALL_SEALS, file="all", address=f"广州市天河区压测路{i + 1}号")
            user = demo._user(session, phone, name, number, True, now, key)
            enterprise = demo._enterprise(session, user, phone, name, number, spec, now, key)
            holder = find_or_create_holder(session, enterprise.principal_name, enterprise.principal_id_digest, now)
            if holding_for(session, holder, enterprise.credit_code) is None:
                earlier = now - timedelta(days=1)
                session.add(LicenceHolding(holder_id=holder.id, credit_code=enterprise.credit_code,
                                           enterprise_name=enterprise.name, password_hash=hash_password(PASSWORD),
                                           downloaded_at=earlier, sync_until=earlier))
                session.commit()
            demo._known_to_licence_app(session, user, enterprise, app.config["ESEAL_CLIENT_ID"], key, now)
            accounts.append({"phone": phone, "seals": len(seals_of(session, enterprise))})
    print(json.dumps(accounts))


# -- one client: log in once, then flows until the window ends -------------------------------------------

class FlowError(AssertionError):
    pass


def expect(response, *statuses):
    if response.status_code not in statuses:
        raise FlowError(f"{response.request.method} {response.url.split('?')[0]} → {response.status_code}: "
                        f"{response.text[:200]}")
    return response


class Client:
    def __init__(self, a, b, phone, seals):
        self.a, self.b, self.phone, self.seals = a, b, phone, seals
        self.http = requests.Session()
        self.calls = {"eseal": 0, "elicense": 0}
        self.identified = False

    def _count(self, url):
        self.calls["elicense" if url.startswith(self.b) else "eseal"] += 1

    def get(self, url, **kwargs):
        self._count(url)
        return self.http.get(url, allow_redirects=False, **kwargs)

    def post(self, url, **kwargs):
        self._count(url)
        return self.http.post(url, allow_redirects=False, **kwargs)

    def login(self):
        a = self.a
        expect(self.http.post(f"{a}/api/auth/sms-codes", json={"phone": self.phone}), 201)
        code = self.http.get(f"{a}/api/dev/sms-outbox", params={"phone": self.phone}).json()["items"][0]["code"]
        expect(self.http.post(f"{a}/api/auth/login", json={"phone": self.phone, "code": code}), 200)
        self.enterprise = self.http.get(f"{a}/api/wallet").json()["items"][0]["enterprise"]["id"]
        self.version = self.http.get(f"{a}/api/downloads/declaration").json()["version"]

    def flow(self):
        """One whole download and the deletion of what it brought; raises FlowError on any wrong answer."""
        a = self.a
        started = expect(self.post(f"{a}/api/enterprises/{self.enterprise}/downloads",
                                   json={"declaration_version": self.version, "agreed": True}), 201)
        jumped = expect(self.get(urljoin(a + "/", started.json()["jump_url"])), 303)
        listing = expect(self._follow(jumped), 200)
        found = VERIFY_LINK.search(listing.text)
        if not found and not self.identified:
            listing = self.identify()
            found = VERIFY_LINK.search(listing.text)
        if not found:
            raise FlowError("no licence to verify in the licence list")
        verify_url = urljoin(listing.url, found.group(1))
        page = expect(self.get(verify_url), 200)
        verified = expect(self.post(verify_url, data={"csrf": csrf(page), "password": PASSWORD}), 303)
        success = expect(self._follow(verified), 200)
        back = expect(self.post(f"{self.b}/elicense/return", data={"csrf": csrf(success)}), 303)
        landed = expect(self.get(back.headers["Location"]), 303)
        download_id = landed.headers["Location"].rsplit("download=", 1)[1]
        done = expect(self.post(f"{a}/api/downloads/{download_id}/complete", json={}), 200).json()
        if done["status"] != "completed" or len(done["receipts"]) != self.seals:
            raise FlowError(f"complete gave {len(done['receipts'])} receipts, expected {self.seals}")
        ids = [receipt["receipt_id"] for receipt in done["receipts"]]  # 管理印章 → 删除, to download again
        gone = expect(self.post(f"{a}/api/receipts/delete", json={"receipt_ids": ids}), 200).json()
        if gone["deleted"] != len(ids):
            raise FlowError(f"deleted {gone['deleted']} of {len(ids)} receipts")

    def identify(self):
        """实名信息 and 实人认证 in the licence app: its own login of this client, once."""
        _, name, number = principal(int(self.phone[-4:]))
        form = expect(self.get(f"{self.b}/elicense/download/realname"), 200)
        entered = expect(self.post(form.url, data={"csrf": csrf(form), "name": name, "id_number": number}), 303)
        face = expect(self._follow(entered), 200)
        listing = expect(self._follow(expect(self.post(face.url, data={"csrf": csrf(face)}), 303)), 200)
        self.identified = True
        return listing

    def _follow(self, response):
        self._count(urljoin(response.url, response.headers["Location"]))
        return follow(self.http, response)

    def delete_held(self, expected=None):
        held = expect(self.get(f"{self.a}/api/enterprises/{self.enterprise}/wallet"), 200).json()["items"]
        if expected is not None and len(held) != expected:
            raise FlowError(f"the wallet holds {len(held)} seals, expected {expected}")
        if held:
            ids = [item["receipt_id"] for item in held]
            gone = expect(self.post(f"{self.a}/api/receipts/delete", json={"receipt_ids": ids}), 200).json()
            if gone["deleted"] != len(ids):
                raise FlowError(f"deleted {gone['deleted']} of {len(ids)} receipts")


def client_main(a, b, phone, seals, warm_up, seconds, barrier, out):
    client = Client(a, b, phone, seals)
    flows, errors, calls = [], [], None
    try:
        client.login()
        client.delete_held()
    except Exception as exc:  # reported, and the barrier still reached so the run goes on
        errors.append((0.0, f"login: {exc!r}"[:300]))
    barrier.wait()
    begin = time.time()
    measure_from, end = begin + warm_up, begin + warm_up + seconds
    while not errors or errors[0][0]:  # a failed login ends this client
        now = time.time()
        if now >= end:
            break
        before = dict(client.calls)
        try:
            client.flow()
            flows.append((now, time.time()))
            if calls is None:
                calls = {k: client.calls[k] - before[k] for k in before}
        except Exception as exc:
            errors.append((time.time(), repr(exc)[:300]))
            try:
                client.delete_held()
            except Exception as again:
                errors.append((time.time(), f"clean-up: {again!r}"[:300]))
    out.put({"phone": phone, "flows": flows, "errors": errors, "calls": calls,
             "measure_from": measure_from, "end": end})



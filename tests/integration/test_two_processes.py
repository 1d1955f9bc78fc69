"""The e-seal app and the licence app as separate servers on two ports, driven over real HTTP.

Keys are learned through each other's JWKS; a second licence-app process shares the lockout.
"""
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))
LICENCE_APP = "backend.elicense.app:create_elicense_app()"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, process):
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    work = tmp_path_factory.mktemp("two-processes")
    a, b1, b2 = (f"http://127.0.0.1:{free_port()}" for _ in range(3))
    env = {**os.environ, "ESEAL_DATABASE_URL": f"sqlite:///{work}/eseal.db", "ESEAL_DEMO": "1",
           "ESEAL_SECRET_KEY": "a-secret-for-this-test", "ESEAL_ID_HASH_KEY": "register-key-for-this-test",
           "ESEAL_KEY_DIR": str(work / "keys"), "ESEAL_PUBLIC_URL": a, "ESEAL_ELICENSE_SYNC_SECONDS": "0",
           "ESEAL_ELICENSE_URL": f"{b1}/elicense", "ESEAL_ELICENSE_JWKS_URL": f"{b1}/elicense/.well-known/jwks.json",
           "ELICENSE_SECRET_KEY": "b-secret-for-this-test", "ELICENSE_PEER_JWKS_URL": f"{a}/api/jwks.json",
           "ELICENSE_CLIENT_REDIRECT_URI": f"{a}/api/elicense/callback"}
    env.pop("ESEAL_TEST_DATABASE_URL", None)
    subprocess.run([FLASK, "--app", "backend", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run([FLASK, "--app", "backend", "seed-demo", "--json"], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    accounts = {x["case"]: x for x in json.loads(seeded.stdout)["accounts"]}
    processes = []
    for url, app in ((a, "backend"), (b1, LICENCE_APP), (b2, LICENCE_APP)):
        processes.append(subprocess.Popen([FLASK, "--app", app, "run", "-p", url.rsplit(":", 1)[1]], cwd=ROOT,
                                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_until_up(url, processes[-1])
    yield {"a": a, "b1": b1, "b2": b2, "accounts": accounts}
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def csrf(response):
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def login(http, a, phone):
    assert http.post(f"{a}/api/auth/sms-codes", json={"phone": phone}).status_code == 201
    code = http.get(f"{a}/api/dev/sms-outbox", params={"phone": phone}).json()["items"][0]["code"]
    assert http.post(f"{a}/api/auth/login", json={"phone": phone, "code": code}).status_code == 200


def start_download(http, a):
    enterprise = http.get(f"{a}/api/wallet").json()["items"][0]["enterprise"]
    version = http.get(f"{a}/api/downloads/declaration").json()["version"]
    started = http.post(f"{a}/api/enterprises/{enterprise['id']}/downloads",
                        json={"declaration_version": version, "agreed": True})
    assert started.status_code == 201, started.text
    return enterprise, started.json()


def follow(http, response):
    """One redirect by hand, as a browser would do the top-level navigation."""
    assert response.status_code == 303, (response.status_code, response.text[:300])
    return http.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False)


def post_form(http, response, url=None, **form):
    return http.post(url or response.url, data={"csrf": csrf(response), **form}, allow_redirects=False)


def identify(http, base, person):
    """实名信息 and 实人认证 in the licence app at base: its own login in this browser (once per browser)."""
    form = http.get(f"{base}/elicense/download/realname")
    face = follow(http, post_form(http, form, name=person["name"], id_number=person["id_number"]))
    return follow(http, post_form(http, face))


def test_whole_download_across_two_origins_with_keys_from_jwks(servers):
    a, person = servers["a"], servers["accounts"]["licence_not_downloaded"]
    http = requests.Session()
    login(http, a, person["phone"])
    enterprise, started = start_download(http, a)
    assert started["jump_url"].startswith(servers["b1"])
    licences = follow(http, http.get(started["jump_url"], allow_redirects=False))
    assert "下载执照" in licences.text
    form = http.get(f"{servers['b1']}/elicense/download/realname")
    face = follow(http, post_form(http, form, name=person["name"], id_number=person["id_number"]))
    place = follow(http, post_form(http, face))
    choose = follow(http, post_form(http, place, place="广东省"))
    assert enterprise["name"] in choose.text
    password = follow(http, post_form(http, choose, credit_code=enterprise["credit_code"], agree="yes"))
    listed = follow(http, post_form(http, password, password="246810", password2="246810"))
    verify_url = urljoin(listed.url, re.search(r'href="(/elicense/licences/\d+/verify)"', listed.text).group(1))
    verify = http.get(verify_url)
    success = follow(http, post_form(http, verify, password="246810"))
    assert "身份认证成功" in success.text
    back = post_form(http, success, url=f"{servers['b1']}/elicense/return")
    assert back.headers["Location"].startswith(f"{a}/api/elicense/callback?result=")
    landed = http.get(back.headers["Location"], allow_redirects=False)
    assert landed.status_code == 303 and "result=" not in landed.headers["Location"]
    assert landed.headers["Referrer-Policy"] == "no-referrer"
    download_id = landed.headers["Location"].rsplit("download=", 1)[1]
    done = http.post(f"{a}/api/downloads/{download_id}/complete", json={})
    assert done.status_code == 200, done.text
    assert sorted(r["name"] for r in done.json()["receipts"]) == sorted(s["name"] for s in person["seals"])
    held = http.get(f"{a}/api/enterprises/{enterprise['id']}/wallet").json()["items"]
    assert len(held) == len(person["seals"])


def test_password_lockout_holds_across_two_licence_app_processes(servers):
    a, person = servers["a"], servers["accounts"]["licence_downloaded"]
    http = requests.Session()
    login(http, a, person["phone"])
    _, started = start_download(http, a)
    listed = follow(http, http.get(started["jump_url"], allow_redirects=False))
    assert "/verify" not in listed.text  # a jump identifies nobody: this browser has not logged in here yet
    listed = identify(http, servers["b2"], person)  # in the other process: the flow is on the server
    path = re.search(r'href="(/elicense/licences/\d+/verify)"', listed.text).group(1)  # no second download (FAQ 五)
    answers = []
    for attempt in range(5):
        base = servers["b1"] if attempt % 2 == 0 else servers["b2"]
        page = http.get(base + path)
        answers.append(post_form(http, page, password="000000"))
    assert [r.status_code for r in answers[:4]] == [422] * 4
    assert "还可尝试1次" in answers[3].text
    for base in (servers["b1"], servers["b2"]):
        page = http.get(base + path)
        locked = post_form(http, page, password=person["licence_password"])
        assert locked.status_code == 429 and "30分钟" in locked.text

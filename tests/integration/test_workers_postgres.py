"""Two gunicorn workers on PostgreSQL: a raced download completes once, a password burst locks as one.

The bursts are run twice: with the throttles in the database, and with ESEAL_REDIS_URL set (in Redis).
"""
import os
import re
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import psycopg
import pytest
import redis
import requests
from psycopg import sql

from backend.demo import CASES

from .test_gunicorn import wait_until_up
from .test_two_processes import csrf, free_port, login, start_download

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_up():
    try:
        psycopg.connect(ADMIN, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


pytestmark = pytest.mark.skipif(not postgres_up(), reason="PostgreSQL at 127.0.0.1:5432 does not answer")


def serve(work, name, port, **settings):
    """Migrate and seed a fresh database, then gunicorn with two workers; yields (base, process, name)."""
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ESEAL_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
           "ESEAL_DEMO": "1", "ESEAL_SECRET_KEY": "a-secret-for-this-test", "ESEAL_KEY_DIR": str(work / "keys"),
           "ESEAL_WORKERS": "2", "ESEAL_THREADS": "8", "ESEAL_BIND": f"127.0.0.1:{port}", "ESEAL_PUBLIC_URL": base,
           "ESEAL_ELICENSE_SYNC_SECONDS": "0", "ESEAL_ACCESS_LOG": "0", **settings}
    for unset in ("ESEAL_TEST_DATABASE_URL", *(() if "ESEAL_REDIS_URL" in settings else ("ESEAL_REDIS_URL",))):
        env.pop(unset, None)
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([str(BIN / "flask"), "--app", "backend", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"{base}/api/meta", process)
        yield base, process, name
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=25)
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("pg-workers"), f"eseal_workers_{os.getpid()}", free_port())


@pytest.fixture(scope="module")
def principal(server):
    """The demo principal whose licence is already downloaded (one login: a second within 60 s is throttled)."""
    http = requests.Session()
    login(http, server[0], "13800000002")
    return http


def licence_page(http, base):
    """Start a download and open the licence in the licence app (after 实名信息 and 实人认证 the first time)."""
    enterprise, started = start_download(http, base)
    listed = http.get(urljoin(base, started["jump_url"]))
    if "/verify" not in listed.text:  # this browser has not logged in to the licence app yet
        name, number = next((c[2], c[3]) for c in CASES if c[1] == "13800000002")
        form = http.get(f"{base}/elicense/download/realname")
        face = http.post(form.url, data={"csrf": csrf(form), "name": name, "id_number": number})
        listed = http.post(face.url, data={"csrf": csrf(face)})
    verify_url = urljoin(base, re.search(r'href="(/elicense/licences/\d+/verify)"', listed.text).group(1))
    return enterprise, started["id"], verify_url


def test_fifty_concurrent_completions_download_once(server, principal):
    http, server = principal, server[0]
    enterprise, download_id, verify_url = licence_page(http, server)
    verified = http.post(verify_url, data={"csrf": csrf(http.get(verify_url)), "password": "135790"})
    back = http.post(f"{server}/elicense/return", data={"csrf": csrf(verified)}, allow_redirects=False)
    assert http.get(back.headers["Location"], allow_redirects=False).status_code == 303
    cookies = http.cookies.get_dict()

    def complete(_):
        return requests.post(f"{server}/api/downloads/{download_id}/complete", json={}, cookies=cookies,
                             headers={"Connection": "close"}, timeout=30)
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(complete, range(50)))
    assert [a.status_code for a in answers] == [200] * 50
    assert len({tuple(sorted(r["seal_id"] for r in a.json()["receipts"])) for a in answers}) == 1
    held = http.get(f"{server}/api/enterprises/{enterprise['id']}/wallet").json()["items"]
    assert len(held) == len(answers[0].json()["receipts"]) == 5


def download_cycle(http, base):
    """Empty the wallet, then one whole download with a fresh jump; a failed hop ends the cycle."""
    enterprise = http.get(f"{base}/api/wallet").json()["items"][0]["enterprise"]["id"]
    held = [i["receipt_id"] for i in http.get(f"{base}/api/enterprises/{enterprise}/wallet").json()["items"]]
    if held:
        http.post(f"{base}/api/receipts/delete", json={"receipt_ids": held})
    _, download_id, verify_url = licence_page(http, base)
    verified = http.post(verify_url, data={"csrf": csrf(http.get(verify_url)), "password": "135790"})
    back = http.post(f"{base}/elicense/return", data={"csrf": csrf(verified)}, allow_redirects=False)
    http.get(back.headers["Location"], allow_redirects=False)
    http.post(f"{base}/api/downloads/{download_id}/complete", json={})


def test_killed_worker_leaves_nothing_half_written(server, principal):
    base, master, name = server
    killed = False
    for cycle in range(8):
        if cycle == 3:
            worker = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()[0]
            os.kill(int(worker), signal.SIGKILL)  # mid-load: the master starts a new one
            killed = True
        try:
            download_cycle(principal, base)
        except (requests.RequestException, AttributeError, KeyError, IndexError):
            pass  # a request that met the dying worker; the next cycle starts over
    assert killed and requests.get(f"{base}/healthz", timeout=10).status_code == 200
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as conn:
        receipts = conn.execute("SELECT count(*) FROM receipts").fetchone()[0]
        deleted = conn.execute("SELECT count(*) FROM receipts WHERE deleted_at IS NOT NULL").fetchone()[0]
        events = dict(conn.execute("SELECT kind, count(*) FROM seal_events GROUP BY kind").fetchall())
        completed = conn.execute("SELECT count(*) FROM download_sessions WHERE status = 'completed'").fetchone()[0]
        spent = conn.execute("SELECT count(*) FROM spent_tokens").fetchone()[0]
    # every receipt came with its 下载 event, every deletion with its 删除 event, every completed
    # download with its spent result token: nothing half-written, whichever request was cut off
    assert receipts > 5 and events["download"] == receipts and events.get("delete", 0) == deleted
    assert completed == spent > 1


def password_burst(http, server):
    """Twelve wrong licence passwords at once on new connections, then the right one."""
    wallet = http.get(f"{server}/api/wallet").json()["items"][0]["enterprise"]["id"]
    held = http.get(f"{server}/api/enterprises/{wallet}/wallet").json()["items"]
    if held:  # a download is only opened while some seal is not in the wallet
        http.post(f"{server}/api/receipts/delete", json={"receipt_ids": [held[0]["receipt_id"]]})
    _, _, verify_url = licence_page(http, server)
    token, cookies = csrf(http.get(verify_url)), http.cookies.get_dict()

    def wrong(_):
        return requests.post(verify_url, data={"csrf": token, "password": "000000"}, cookies=cookies,
                             headers={"Connection": "close"}, timeout=30, allow_redirects=False)
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(wrong, range(12)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(422) == 4 and statuses.count(429) == 8, statuses  # 4 tries left, then locked
    right = requests.post(verify_url, data={"csrf": token, "password": "135790"}, cookies=cookies, timeout=30,
                          allow_redirects=False)
    assert right.status_code == 429 and "30分钟" in right.text


def sms_burst(server, phone):
    """Five code requests for one phone at once, on new connections: one is sent."""
    def ask(_):
        return requests.post(f"{server}/api/auth/sms-codes", json={"phone": phone}, headers={"Connection": "close"},
                             timeout=30)
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(ask, range(5)))
    assert sorted(a.status_code for a in answers) == [201, 429, 429, 429, 429], [a.text[:200] for a in answers]


def test_password_burst_across_workers_is_counted_as_one(server, principal):
    password_burst(principal, server[0])


def test_sms_burst_across_workers_is_throttled_as_for_one(server):
    sms_burst(server[0], "13900000032")


REDIS_DB = "redis://127.0.0.1:6379/14"  # this module's own Redis database, emptied before and after


def redis_up():
    try:
        return redis.Redis.from_url(REDIS_DB, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    if not redis_up():
        pytest.skip("Redis at 127.0.0.1:6379 does not answer")
    client = redis.Redis.from_url(REDIS_DB)
    client.flushdb()
    try:
        yield from serve(tmp_path_factory.mktemp("pg-redis"), f"eseal_workers_redis_{os.getpid()}", free_port(),
                         ESEAL_REDIS_URL=REDIS_DB)
    finally:
        client.flushdb()
        client.close()


def test_with_redis_the_bursts_are_throttled_as_for_one_and_counted_in_redis(redis_server):
    base, _, name = redis_server
    http = requests.Session()
    login(http, base, "13800000002")
    sms_burst(base, "13900000031")
    password_burst(http, base)
    keys = {key.decode() for key in redis.Redis.from_url(REDIS_DB).keys("*throttle*")}
    assert "eseal:throttle:{sms:13900000031}:slot" in keys and "eseal:throttle:{sms:13800000002}:slot" in keys
    assert any(key.startswith("elicense:throttle:{licence:") and key.endswith(":lock") for key in keys), keys
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as conn:
        assert conn.execute("SELECT count(*) FROM throttles").fetchone()[0] == 0  # nothing throttled in SQL

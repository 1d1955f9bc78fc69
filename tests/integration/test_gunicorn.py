"""The production serving path: gunicorn.conf.py with two gthread workers, driven over real HTTP.

Login state and the SMS throttle live in the database, so they must hold whichever worker answers.
"""
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from .test_two_processes import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def wait_until_up(url, process, seconds=20):
    """The master binds at once, but the first answer waits for a worker to import the app."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def worker_pids(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return children.read_text().split() if children.exists() else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {**os.environ, "ESEAL_DATABASE_URL": f"sqlite:///{work}/eseal.db", "ESEAL_DEMO": "1",
           "ESEAL_SECRET_KEY": "a-secret-for-this-test", "ESEAL_KEY_DIR": str(work / "keys"),
           "ESEAL_WORKERS": "2", "ESEAL_THREADS": "4", "ESEAL_BIND": f"127.0.0.1:{port}"}
    env.pop("ESEAL_TEST_DATABASE_URL", None)
    subprocess.run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    log = open(work / "gunicorn.log", "w+")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/meta", process)
        yield {"base": base, "process": process, "log": work / "gunicorn.log"}
    finally:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish, master exits 0
        returncode = process.wait(timeout=25)
        log.close()
    assert returncode == 0, (work / "gunicorn.log").read_text()[-2000:]


def fresh(method, url, **kwargs):
    """One request on a new connection, so the kernel may hand it to either worker."""
    return requests.request(method, url, headers={"Connection": "close"}, timeout=10, **kwargs)


def test_two_workers_serve_meta(server):
    assert fresh("GET", f"{server['base']}/api/meta").status_code == 200
    pids = worker_pids(server["process"])
    if pids is not None:
        assert len(pids) == 2, pids


def test_login_session_holds_across_workers(server):
    base, phone = server["base"], "13900000011"
    assert fresh("POST", f"{base}/api/auth/sms-codes", json={"phone": phone}).status_code == 201
    code = fresh("GET", f"{base}/api/dev/sms-outbox", params={"phone": phone}).json()["items"][0]["code"]
    logged_in = fresh("POST", f"{base}/api/auth/login", json={"phone": phone, "code": code})
    assert logged_in.status_code == 200, logged_in.text
    cookies = logged_in.cookies
    for _ in range(6):  # several new connections: both workers get to answer with overwhelming odds
        me = fresh("GET", f"{base}/api/me", cookies=cookies)
        assert me.status_code == 200, me.text
    assert fresh("GET", f"{base}/api/me").status_code == 401


def test_sms_throttle_is_shared_by_the_workers(server):
    base, phone = server["base"], "13900000012"
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: fresh("POST", f"{base}/api/auth/sms-codes", json={"phone": phone}),
                                range(5)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201, 429, 429, 429, 429], [(r.status_code, r.text[:200]) for r in answers]
    assert all(r.headers.get("Retry-After") for r in answers if r.status_code == 429)

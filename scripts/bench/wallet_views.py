"""查看已下载印章 (wallet list), 查看详情 (receipt detail) and 证照卡包 under gunicorn, against a bare Flask baseline.

    .venv/bin/python scripts/bench/wallet_views.py [seconds-per-run] [rounds] [--database sqlite|postgresql]
    (default 4 s, 3 rounds, both databases)
    .venv/bin/python scripts/bench/wallet_views.py --profile [--requests N] [--cprofile ROUTE]

For each database — a temporary SQLite file, and PostgreSQL when 127.0.0.1:5432 answers (a throw-away
database eseal_bench_<pid>, dropped at the end) — the script migrates and seeds it, starts the e-seal app
under gunicorn (gunicorn.conf.py, ESEAL_WORKERS=2, ESEAL_THREADS=4, loopback only), drives one real
download through the API for demo user 13800000002 so the wallet holds receipts (in the licence app:
实名信息 and 实人认证 first, as every new browser does, then her licence and its password), and runs
`wrk -t2 -c16 -dNs --latency` (after 1 s of unrecorded warm-up) in interleaved rounds — list, detail,
wallet, baseline, list, … — so that a slow spell of a shared machine hits every route alike; each route's best
round is reported, with every round's rate. Against
    (a) GET /api/enterprises/<id>/wallet   (the list),
    (b) GET /api/receipts/<id>             (the detail),
    (c) GET /api/wallet                    (证照卡包),
    (d) GET /seals/<id> of scripts/bench/bare_app.py (one primary-key lookup of the same `seals` table,
        same database URL, same gunicorn settings) — the baseline.
Targets at 16 connections: rate ≥ 0.6× the baseline's, p99 ≤ 2× the baseline's p99 (its best round, same run).
Not part of the test suite.

--profile measures in process instead (no gunicorn, no wrk; SQLite file, the same demo wallet): CPU per request
through the Flask test client (time.process_time, best of 5 interleaved batches) and SQL statements per request,
for the routes above, the baseline and /api/meta (our hooks without login or database); --cprofile ROUTE adds
cProfile's top functions for one route (scripts/bench/wallet_views_profile.py). The figures other work on the
machine moves least.
Needs wrk (installed from Debian when missing and run as root). All servers are stopped at the end, also on error.
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WRK = "/usr/bin/wrk"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PHONE, LICENCE_PASSWORD = "13800000002", "135790"  # demo: licence downloaded, shown once identified there
VERIFY_LINK = re.compile(r'href="(/elicense/licences/\d+/verify)"')
RATIO_TARGET, P99_FACTOR, CONNECTIONS = 0.6, 2.0, 16
ROUNDS = 3
USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.50 eseal-bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_answers():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120,
                          **kwargs)


class Servers:
    """Gunicorn masters started here; stop() ends each of them (by its own pid) and waits."""

    def __init__(self, work):
        self.work, self.processes = work, []

    def start(self, name, target, env, probe, port=None):
        port = port or free_port()
        env = {**env, "ESEAL_BIND": f"127.0.0.1:{port}", "ESEAL_WORKERS": "2", "ESEAL_THREADS": "4",
               "ESEAL_LOG_LEVEL": "warning", "ESEAL_PROC_NAME": f"bench-{name}"}
        log = open(self.work / f"{name}.log", "w")  # noqa: SIM115 — closed in stop()
        process = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                                    "--pythonpath", str(ROOT / "scripts" / "bench"), target],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name}: gunicorn exited with {process.returncode}; see {log.name}")
            try:
                if requests.get(base + probe, timeout=5).status_code == 200:
                    return base
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{name}: {base} did not come up")

    def stop(self):
        for process, _ in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, log in self.processes:
            try:
                process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            log.close()
        self.processes = []


def csrf(response):
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def follow(http, response):
    assert response.status_code in (302, 303), (response.status_code, response.text[:300])
    return http.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False)


def identify(http, listing, person):
    """实名信息 and 实人认证 in the licence app (its own login of this client): the licence list after them."""
    form = http.get(urljoin(listing.url, "/elicense/download/realname"))
    entered = http.post(form.url, data={"csrf": csrf(form), "name": person["name"], "id_number": person["id_number"]},
                        allow_redirects=False)
    face = follow(http, entered)
    return follow(http, http.post(face.url, data={"csrf": csrf(face)}, allow_redirects=False))


def fill_wallet(base, person):
    """Log in as the demo user and drive one real download; gives (cookie header, enterprise id, receipt id, …).

    ``person``: the demo account of PHONE as seed-demo --json lists it (its name and 身份证号 for 实名信息)."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    assert http.post(f"{base}/api/auth/sms-codes", json={"phone": PHONE}).status_code == 201
    code = http.get(f"{base}/api/dev/sms-outbox", params={"phone": PHONE}).json()["items"][0]["code"]
    logged_in = http.post(f"{base}/api/auth/login", json={"phone": PHONE, "code": code})
    assert logged_in.status_code == 200, logged_in.text
    enterprise = http.get(f"{base}/api/wallet").json()["items"][0]["enterprise"]
    version = http.get(f"{base}/api/downloads/declaration").json()["version"]
    started = http.post(f"{base}/api/enterprises/{enterprise['id']}/downloads",
                        json={"declaration_version": version, "agreed": True})
    assert started.status_code == 201, started.text
    arrived = http.get(urljoin(base + "/", started.json()["jump_url"]), allow_redirects=False)
    listing = follow(http, arrived)
    if not VERIFY_LINK.search(listing.text):  # a jump identifies nobody: 实名信息 and 实人认证 first
        listing = identify(http, listing, person)
    found = VERIFY_LINK.search(listing.text)
    assert found, f"no licence to verify in the licence list: {listing.text[:300]}"
    verify_url = urljoin(listing.url, found.group(1))
    page = http.get(verify_url)
    verified = http.post(verify_url, data={"csrf": csrf(page), "password": LICENCE_PASSWORD},
                         allow_redirects=False)
    success = follow(http, verified)
    back = http.post(f"{base}/elicense/return", data={"csrf": csrf(success)}, allow_redirects=False)
    landed = http.get(urljoin(base, back.headers["Location"]), allow_redirects=False)
    assert landed.status_code == 303, landed.text[:300]
    download_id = landed.headers["Location"].rsplit("download=", 1)[1]
    done = http.post(f"{base}/api/downloads/{download_id}/complete", json={})
    assert done.status_code == 200, done.text
    held = http.get(f"{base}/api/enterprises/{enterprise['id']}/wallet").json()["items"]
    assert held, "the wallet is empty after the download"
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies if c.domain in ("127.0.0.1", "127.0.0.1.local", ""))
    return cookie, enterprise["id"], held[0]["receipt_id"], held[0]["seal"]["id"], len(held)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds, cookie=None, warm_up=1):
    """A short unrecorded run first (workers import lazily, pools fill), then the measured one."""
    if warm_up:
        wrk(url, warm_up, cookie, warm_up=0)
    args = [WRK, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if cookie:  # the browser that logged in: its cookie and its User-Agent (the login session is bound to both)
        args += ["-H", f"Cookie: {cookie}", "-H", f"User-Agent: {USER_AGENT}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    if bad or errors:
        raise RuntimeError(f"{url}: {bad.group(0) if bad else ''} {errors.group(0) if errors else ''}\n{out}")
    return {"rps": rate, "p50": latency["50"], "p99": latency["99"]}


def bench_database(label, url, seconds, work):
    env = {**os.environ, "ESEAL_DATABASE_URL": url, "ESEAL_DEMO": "1", "ESEAL_SECRET_KEY": "bench-secret",
           "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / f"keys-{label}"),
           "BENCH_DATABASE_URL": url}
    for name in ("ESEAL_TEST_DATABASE_URL", "ESEAL_ELICENSE_URL", "ESEAL_ELICENSE_JWKS_URL", "ESEAL_PUBLIC_URL"):
        env.pop(name, None)
    port = free_port()
    env["ESEAL_PUBLIC_URL"] = f"http://127.0.0.1:{port}"  # the licence app's callback comes back here
    run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], env)
    seeded = json.loads(run([str(BIN / "flask"), "--app", "backend", "seed-demo", "--json"], env).stdout)
    person = next(account for account in seeded["accounts"] if account["phone"] == PHONE)
    servers = Servers(work)
    try:
        base = servers.start(f"eseal-{label}", "wsgi:app", env, "/api/meta", port)
        cookie, enterprise_id, receipt_id, seal_id, held = fill_wallet(base, person)
        bare = servers.start(f"bare-{label}", "bare_app:app", env, f"/seals/{seal_id}")
        targets = {"list": (f"{base}/api/enterprises/{enterprise_id}/wallet", cookie),
                   "detail": (f"{base}/api/receipts/{receipt_id}", cookie),
                   "wallet": (f"{base}/api/wallet", cookie),
                   "baseline": (f"{bare}/seals/{seal_id}", None)}
        rounds = {name: [] for name in targets}
        for _ in range(ROUNDS):  # interleaved, so a slow spell of the machine hits every route alike
            for name, (target, with_cookie) in targets.items():
                rounds[name].append(wrk(target, seconds, with_cookie))
    finally:
        servers.stop()
    results = {name: max(runs, key=lambda r: r["rps"]) for name, runs in rounds.items()}
    report(label, results, held, rounds)
    return results


def report(label, results, held, rounds):
    base, base_p99 = results["baseline"]["rps"], results["baseline"]["p99"]
    print(f"\n== {label}  (wrk -t2 -c{CONNECTIONS}, gunicorn 2 workers × 4 threads; wallet holds {held} seals; "
          f"best of {ROUNDS} interleaved rounds; load average {os.getloadavg()[0]:.1f})")
    print(f"{'route':<10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'× base':>9}{'p99 × base':>12}"
          f"   targets (≥ {RATIO_TARGET}×, p99 ≤ {P99_FACTOR:g}× the baseline's)")
    for name in ("list", "detail", "wallet", "baseline"):
        r = results[name]
        ratio, p99_ratio = r["rps"] / base, r["p99"] / base_p99
        line = f"{name:<10}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}{ratio:>8.2f}×{p99_ratio:>11.2f}×"
        if name != "baseline":
            ok_ratio = "met" if ratio >= RATIO_TARGET else "MISSED"
            ok_p99 = "met" if p99_ratio <= P99_FACTOR else "MISSED"
            line += f"   ratio {ok_ratio}, p99 {ok_p99}"
        print(line, flush=True)
    print("every round, req/s (p99 ms): " + "; ".join(
        f"{name} " + " ".join(f"{r['rps']:.0f} ({r['p99']:.0f})" for r in runs) for name, runs in rounds.items()),
        flush=True)


def ensure_wrk():
    """wrk from Debian when it is missing and we may install it."""
    if not os.access(WRK, os.X_OK) and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, timeout=300)
    if not os.access(WRK, os.X_OK):
        sys.exit(f"{WRK} not found (Debian: apt-get install wrk)")


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seconds", nargs="?", type=int, default=4, help="seconds per measured run (default 4)")
    parser.add_argument("rounds", nargs="?", type=int, default=ROUNDS, help=f"interleaved rounds (default {ROUNDS})")
    parser.add_argument("--database", choices=("both", "sqlite", "postgresql"), default="both",
                        help="which database to measure (default both)")
    parser.add_argument("--profile", action="store_true", help="CPU per request in process, no gunicorn or wrk")
    parser.add_argument("--requests", type=int, default=300, help="requests per batch with --profile (default 300)")
    parser.add_argument("--cprofile", metavar="ROUTE", choices=("list", "detail", "wallet", "me", "meta", "baseline"),
                        help="with --profile: cProfile's top functions of this route")
    return parser.parse_args(argv)


def main():
    global ROUNDS
    args = arguments()
    seconds, ROUNDS = args.seconds, args.rounds
    if args.profile:
        from wallet_views_profile import profile
        profile(args.requests, args.cprofile, PHONE)
        return
    ensure_wrk()
    print(f"nproc {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; wrk and the servers share these cores; "
          f"{ROUNDS} rounds × {seconds} s per route")
    with tempfile.TemporaryDirectory(prefix="eseal-bench-") as tmp:
        work = Path(tmp)
        if args.database != "postgresql":
            bench_database("SQLite", f"sqlite:///{work}/eseal.db", seconds, work)
        if args.database == "sqlite":
            return
        if not pg_answers():
            print("\nPostgreSQL: 127.0.0.1:5432 does not answer — skipped")
            return
        import psycopg
        name = f"eseal_bench_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            bench_database("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", seconds, work)
            print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()

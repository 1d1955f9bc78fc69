"""A whole 下载印章 flow through the API of both apps, against the rate the password hashing alone allows.

    .venv/bin/python scripts/bench/download_flow.py [seconds-per-run] [--clients N] [--profile] [--cprofile DIR]
    # defaults: 10 s, 8 clients; takes about 20 s + 4 × seconds

Baseline (same run, same machine, nothing else of ours running), measured before and again after the flow, the
mean of both used: os.cpu_count() processes each call backend.elicense.passwords.check_password (scrypt with the
deployment's parameters, backend/elicense/passwords.py: N=2^17, r=8, p=1) in a loop → checks/s; also the time of one check in one process.

The flow: a throw-away PostgreSQL database eseal_flow_<pid> (dropped at the end) is migrated, and N verified
principals are seeded, each with an enterprise whose seals are all filed and whose licence is already held in
the licence app with a known password, the licence app knowing the user (like demo case "licence_downloaded").
The e-seal app (wsgi:app) and the licence app (backend.elicense.app:create_elicense_app()) run each under
gunicorn (gunicorn.conf.py, ESEAL_WORKERS=2, ESEAL_THREADS=4) on its own 127.0.0.1 port and learn each
other's keys from the other's JWKS over HTTP. N client processes (not threads: the load generator is not
GIL-bound) log in once (SMS outbox) and then loop, one loop = one flow:
    POST /api/enterprises/<id>/downloads → GET <licence app>/elicense/jump → GET /elicense/ (licence list)
    → GET the verify page → POST the password → GET /elicense/success → POST /elicense/return
    → GET /api/elicense/callback → POST /api/downloads/<id>/complete (all seals received)
    → POST /api/receipts/delete of the receipts complete answered (管理印章 → 删除, so the next loop can
      download again): 10 HTTP requests, 4 to the e-seal app and 6 to the licence app.
Every step's status is checked and the receipts counted; a failed flow is an error (the client cleans up and
goes on). Flows completed within a fixed window after a warm-up are counted.

Prints checks/s, flows/s, their ratio (target ≥ 0.8×), flow latency, HTTP requests per flow, and where the
CPU went per flow during the window (from /proc: each app's gunicorn processes, the database's PostgreSQL
backends, the clients, everything else on the machine, idle), with the ratio one check ÷ our CPU per flow,
which other work on a shared machine does not move. --profile also times the CPU of every request in the
servers' threads (a WSGI wrapper, window only) and prints it per route; --cprofile DIR adds cProfile
(CPU clock) of the requests, written to DIR/eseal.pstats and DIR/elicense.pstats.

What bounds the ratio (2 cores, 2026-11-24): besides the password check a flow costs about 55 ms of CPU (the
e-seal app ~30, PostgreSQL ~10, the requests-based clients ~14, the licence app's pages a few); with one check
at ~0.39 s (N=2^17) that gives ~0.88×, with N=2^14 (~37 ms) it gave ~0.30×. See docs/performance.md.
Not part of the test suite; 127.0.0.1 only; all servers are
stopped and the database dropped, also on error.
"""
import argparse
import atexit
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
from wallet_views import BIN, PG_ADMIN, Servers, csrf, follow, free_port, pg_answers, run  # noqa: E402

PASSWORD = "135790"
TARGET = 0.8
WARM_UP_SECONDS = 5
LICENCE_APP = "backend.elicense.app:create_elicense_app()"
TICK = os.sysconf("SC_CLK_TCK")
VERIFY_LINK = re.compile(r'href="(/elicense/licences/\d+/verify)"')


# -- the baseline: password checking alone --------------------------------------------------------------

def _check_loop(stored, seconds, barrier, out):
    from backend.elicense.passwords import check_password
    check_password(PASSWORD, stored)  # warm: imports, OpenSSL
    barrier.wait()
    started, cpu, done = time.perf_counter(), time.process_time(), 0
    while time.perf_counter() - started < seconds:
        assert check_password(PASSWORD, stored)
        done += 1
    out.put((done / (time.perf_counter() - started), done, time.process_time() - cpu))


def hashing_baseline(seconds):
    """One check's CPU ms alone; os.cpu_count() processes checking: checks/s, CPU ms per check, others' share."""
    from backend.elicense.passwords import check_password, hash_password
    stored = hash_password(PASSWORD)
    times = []
    for _ in range(10):
        started = time.thread_time()  # CPU, so that other work on the machine does not count
        check_password(PASSWORD, stored)
        times.append(time.thread_time() - started)
    ctx = multiprocessing.get_context("spawn")
    n = os.cpu_count()
    barrier, out = ctx.Barrier(n + 1), ctx.Queue()
    workers = [ctx.Process(target=_check_loop, args=(stored, seconds, barrier, out)) for _ in range(n)]
    for w in workers:
        w.start()
    barrier.wait(timeout=120)
    before = machine_cpu()
    results = [out.get(timeout=seconds + 120) for _ in workers]
    after = machine_cpu()
    for w in workers:
        w.join()
    busy, idle = after[0] - before[0], after[1] - before[1]
    ours = sum(cpu for _, _, cpu in results)
    return {"one": statistics.median(times) * 1000, "rate": sum(rate for rate, _, _ in results),
            "cpu": ours / sum(done for _, done, _ in results) * 1000,
            "others": max(0.0, busy - ours) / (busy + idle)}


# -- seeding (runs in a subprocess with the servers' environment: python download_flow.py --seed K) ----------

def seed(count):
    """K principals like demo case licence_downloaded; prints [{phone, seals}] as JSON."""
    from datetime import UTC, datetime, timedelta

    from backend import create_app
    from backend.api.common import id_key
    from backend.elicense.models import LicenceHolding
    from backend.elicense.passwords import hash_password
    from backend.elicense.service import find_or_create_holder, holding_for
    from backend.extensions import db
    from backend.services import demo
    from backend.services.seals import seals_of

    app = create_app()
    accounts = []
    with app.app_context():
        now, key, session = datetime.now(UTC), id_key(), db.session
        digits = "零一二三四五六七八九"
        for i in range(count):
            phone = f"1390000{i:04d}"
            name = "压测" + digits[i // 10 % 10] + digits[i % 10]
            number = demo._id(f"44010619900101{i:03d}")
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


# -- CPU accounting from /proc ------------------------------------------------------------------------------

def _stat(pid):
    """(own, children reaped) CPU seconds of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, (int(fields[13]) + int(fields[14])) / TICK


def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
    return found


def tree_cpu(pid):
    """A gunicorn master with its reaped and its live workers: CPU seconds so far."""
    own = _stat(pid)
    total = own[0] + own[1] if own else 0.0
    for child in _children(pid):
        got = _stat(child)
        total += got[0] if got else 0.0
    return total


def machine_cpu():
    """(busy, idle) CPU seconds of the whole machine, all cores."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, idle / TICK


def pg_backends(admin, name):
    rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                         (name,)).fetchall()
    return {pid: (_stat(pid) or (0.0, 0.0))[0] for (pid,) in rows}


def snapshot(masters, clients, admin, name):
    return {"eseal": tree_cpu(masters["eseal"]), "elicense": tree_cpu(masters["elicense"]),
            "postgres": pg_backends(admin, name),
            "clients": sum((_stat(p) or (0.0, 0.0))[0] for p in clients),
            "machine": machine_cpu(), "at": time.perf_counter(), "wall": time.time()}


def cpu_used(before, after):
    pg = sum(t - before["postgres"].get(pid, 0.0) for pid, t in after["postgres"].items())
    used = {"e-seal app": after["eseal"] - before["eseal"], "licence app": after["elicense"] - before["elicense"],
            "PostgreSQL": pg, "clients": after["clients"] - before["clients"]}
    busy = after["machine"][0] - before["machine"][0]
    used["other processes"] = busy - sum(used.values())
    used["idle"] = after["machine"][1] - before["machine"][1]
    return used


# -- --profile: CPU per route inside the server threads ------------------------------------------------------

ROUTE_PARTS = [(re.compile(r"/api/downloads/[^/]+/"), "/api/downloads/<id>/"), (re.compile(r"/\d+"), "/<n>")]


class CpuPerRoute:
    """WSGI wrapper: thread CPU and wall time of each request while <dir>/measure exists, dumped at exit."""

    def __init__(self, app, which, directory):
        self.app, self.which, self.flag = app, which, os.path.join(directory, "measure")
        self.out = os.path.join(directory, f"routes-{which}-{os.getpid()}.json")
        self.stats, self.lock = {}, threading.Lock()
        self.cprofile = os.environ.get("BENCH_CPROFILE") == "1"
        self.local, self.profiles = threading.local(), []
        atexit.register(self.dump)

    def _profile(self):
        profile = getattr(self.local, "profile", None)
        if profile is None:
            import cProfile
            profile = self.local.profile = cProfile.Profile(time.thread_time)  # CPU, not wall
            with self.lock:
                self.profiles.append(profile)
        return profile

    def __call__(self, environ, start_response):
        if not os.path.exists(self.flag):
            return self.app(environ, start_response)
        profile = self._profile() if self.cprofile else None
        cpu, wall = time.thread_time(), time.perf_counter()
        if profile:
            profile.enable()
        try:
            body = self.app(environ, start_response)
            try:
                chunks = list(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            if profile:
                profile.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        route = environ["REQUEST_METHOD"] + " " + environ.get("PATH_INFO", "")
        for pattern, replacement in ROUTE_PARTS:
            route = pattern.sub(replacement, route)
        with self.lock:
            entry = self.stats.setdefault(route, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += cpu
            entry[2] += wall
        return chunks

    def dump(self):
        if self.stats:
            with open(self.out, "w") as fh:
                json.dump(self.stats, fh)
        if self.profiles:
            import pstats
            for profile in self.profiles:
                profile.create_stats()
            pstats.Stats(*self.profiles).dump_stats(self.out.replace(".json", ".pstats"))


def profiled_app(which):
    """Gunicorn target for --profile: download_flow:profiled_app('eseal') or ('elicense')."""
    if which == "eseal":
        from wsgi import app
    else:
        from backend.elicense.app import create_elicense_app
        app = create_elicense_app()
    app.wsgi_app = CpuPerRoute(app.wsgi_app, which, os.environ["BENCH_PROFILE_DIR"])
    return app


def route_report(directory, flows, used):
    merged = {}
    for path in Path(directory).glob("routes-*.json"):
        which = path.name.split("-")[1]
        for route, (n, cpu, wall) in json.loads(path.read_text()).items():
            entry = merged.setdefault((which, route), [0, 0.0, 0.0])
            entry[0] += n
            entry[1] += cpu
            entry[2] += wall
    if not merged or not flows:
        print("profile: no per-route figures")
        return
    print(f"\nCPU per route in the server threads (window only; {flows} flows counted; Flask and the app, "
          "without gunicorn's own parsing and writing)")
    print(f"{'app':<9}{'route':<44}{'requests':>9}{'CPU ms':>9}{'wall ms':>9}{'CPU ms/flow':>13}")
    total = {}
    for (which, route), (n, cpu, wall) in sorted(merged.items(), key=lambda kv: -kv[1][1]):
        total[which] = total.get(which, 0.0) + cpu
        print(f"{which:<9}{route[:43]:<44}{n:>9}{cpu / n * 1000:>9.2f}{wall / n * 1000:>9.2f}"
              f"{cpu / flows * 1000:>13.2f}")
    for which, label in (("eseal", "e-seal app"), ("elicense", "licence app")):
        cpu = total.get(which, 0.0)
        print(f"{which:<9}{'all routes':<44}{'':>27}{cpu / flows * 1000:>13.2f}")
        print(f"{which:<9}{'outside the routes (gunicorn, other threads)':<44}{'':>27}"
              f"{(used[label] - cpu) / flows * 1000:>13.2f}")


def cprofile_report(directory, target):
    import pstats
    Path(target).mkdir(parents=True, exist_ok=True)
    for which in ("eseal", "elicense"):
        files = [str(p) for p in Path(directory).glob(f"routes-{which}-*.pstats")]
        if files:
            merged = pstats.Stats(*files)
            merged.dump_stats(str(Path(target) / f"{which}.pstats"))
            print(f"\ncProfile of the {which} app's requests (window only): {Path(target) / which}.pstats")
            merged.sort_stats("tottime").print_stats(12)


# -- the run ------------------------------------------------------------------------------------------------

def bench_flow(seconds, clients, profile, work):
    import psycopg
    name = f"eseal_flow_{os.getpid()}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    a, b = (f"http://127.0.0.1:{free_port()}" for _ in range(2))
    env = {**os.environ, "ESEAL_DATABASE_URL": url, "ESEAL_DEMO": "1", "ESEAL_SECRET_KEY": "bench-secret",
           "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / "keys"), "ESEAL_PUBLIC_URL": a,
           "ESEAL_ELICENSE_URL": f"{b}/elicense", "ESEAL_ELICENSE_JWKS_URL": f"{b}/elicense/.well-known/jwks.json",
           "ELICENSE_SECRET_KEY": "bench-licence-secret", "ELICENSE_PEER_JWKS_URL": f"{a}/api/jwks.json",
           "ELICENSE_CLIENT_REDIRECT_URI": f"{a}/api/elicense/callback", "BENCH_PROFILE_DIR": str(work)}
    env.pop("ESEAL_TEST_DATABASE_URL", None)
    targets = (("download_flow:profiled_app('eseal')", "download_flow:profiled_app('elicense')") if profile
               else ("wsgi:app", LICENCE_APP))
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    servers, procs = Servers(work), []
    try:
        run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], env)
        accounts = json.loads(run([sys.executable, str(Path(__file__).resolve()), "--seed", str(clients)], env).stdout)
        servers.start("eseal", targets[0], env, "/api/meta", int(a.rsplit(":", 1)[1]))
        servers.start("elicense", targets[1], env, "/elicense/.well-known/jwks.json", int(b.rsplit(":", 1)[1]))
        masters = {"eseal": servers.processes[0][0].pid, "elicense": servers.processes[1][0].pid}
        with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, autocommit=True) as watch:
            ctx = multiprocessing.get_context("spawn")
            barrier, out = ctx.Barrier(clients + 1), ctx.Queue()
            for x in accounts:
                procs.append(ctx.Process(target=client_main, args=(a, b, x["phone"], x["seals"], WARM_UP_SECONDS,
                                                                   seconds, barrier, out)))
                procs[-1].start()
            barrier.wait(timeout=120)
            begin = time.time()
            time.sleep(max(0.0, begin + WARM_UP_SECONDS - time.time()))
            if profile:
                (work / "measure").touch()
            before = snapshot(masters, [p.pid for p in procs], watch, name)
            time.sleep(max(0.0, begin + WARM_UP_SECONDS + seconds - time.time()))
            after = snapshot(masters, [p.pid for p in procs], watch, name)
            if profile:
                (work / "measure").unlink()
            results = [out.get(timeout=120) for _ in procs]
            for p in procs:
                p.join(timeout=30)
    finally:
        for p in procs:  # only on error: a client still running or waiting at the barrier
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        servers.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return results, cpu_used(before, after), (before["wall"], after["wall"])


def baseline_line(label, found, cores):
    return (f"{label}: {found['one']:.1f} ms CPU per check in one process; {cores} processes: {found['rate']:.1f} "
            f"checks/s, {found['cpu']:.1f} ms CPU per check")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seconds", nargs="?", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cprofile", metavar="DIR", help="also cProfile the requests; <DIR>/<app>.pstats")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        return seed(args.seed)
    if not pg_answers():
        sys.exit("PostgreSQL at 127.0.0.1:5432 does not answer")
    seconds, clients, cores = args.seconds, args.clients, os.cpu_count()
    started = time.perf_counter()
    print(f"nproc {cores}; load average {os.getloadavg()[0]:.1f}; {clients} client processes; each app: gunicorn "
          f"2 workers × 4 threads; {seconds} s per measured run, flows after {WARM_UP_SECONDS} s warm-up", flush=True)
    from backend.elicense.passwords import N, P, R
    print(f"password hash: scrypt N=2^{N.bit_length() - 1}, r={R}, p={P} (backend/elicense/passwords.py)", flush=True)
    first = hashing_baseline(seconds)
    print(baseline_line("password check alone", first, cores), flush=True)
    profile = args.profile or bool(args.cprofile)
    if args.cprofile:
        os.environ["BENCH_CPROFILE"] = "1"
    with tempfile.TemporaryDirectory(prefix="eseal-flow-") as tmp:
        results, used, (cpu_from, cpu_to) = bench_flow(seconds, clients, profile, Path(tmp))
        counted = [(s, e) for r in results for (s, e) in r["flows"] if r["measure_from"] <= e < r["end"]]
        flows = len(counted)
        # the CPU figures cover the parent's snapshots, a little off the clients' windows when the machine is busy
        window = cpu_to - cpu_from
        cpu_flows = sum(1 for r in results for (_s, e) in r["flows"] if cpu_from <= e < cpu_to)
        jwks = sum(line.count('"path": "/api/jwks.json"') for line in open(Path(tmp) / "eseal.log"))
        if profile:
            route_report(tmp, cpu_flows, used)
        if args.cprofile:
            cprofile_report(tmp, args.cprofile)
    second = hashing_baseline(seconds)
    print("\n" + baseline_line("password check alone, again after the flow", second, cores))
    rate = (first["rate"] + second["rate"]) / 2
    check = (first["cpu"] + second["cpu"]) / 2
    errors = [e for r in results for e in r["errors"]]
    calls = next((r["calls"] for r in results if r["calls"]), {"eseal": 0, "elicense": 0})
    flow_rate = flows / seconds
    ratio = flow_rate / rate
    latencies = sorted(e - s for s, e in counted) or [float("nan")]
    print(f"baseline {rate:.1f} checks/s (mean of both); download flow, both apps over HTTP on PostgreSQL: "
          f"{flows} flows in {seconds} s = {flow_rate:.1f} flows/s, errors {len(errors)}")
    print(f"ratio flows/s ÷ checks/s = {ratio:.2f}×   target ≥ {TARGET}×: {'met' if ratio >= TARGET else 'MISSED'}")
    print(f"flow latency mean {statistics.mean(latencies) * 1000:.0f} ms, p95 "
          f"{latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms; {sum(calls.values())} HTTP requests per flow "
          f"(e-seal app {calls['eseal']}, licence app {calls['elicense']}); JWKS served by the e-seal app: {jwks}")
    if cpu_flows:
        per_flow = {part: cpu / cpu_flows * 1000 for part, cpu in used.items()}
        print(f"CPU per flow during the window, ms ({cores} cores × {window:.1f} s ÷ {cpu_flows} flows = "
              f"{cores * window / cpu_flows * 1000:.1f} ms per flow on the machine):")
        for part, ms in per_flow.items():
            note = f"   (incl. one password check: {check:.1f} ms CPU in the baseline)" if part == "licence app" else ""
            print(f"  {part:<16}{ms:>7.1f}{note}")
        ours = sum(per_flow[p] for p in ("e-seal app", "licence app", "PostgreSQL", "clients"))
        servers = ours - per_flow["clients"]
        print(f"  ours together   {ours:>7.1f}")
        print(f"by CPU, which other work on the machine does not move: CPU per check ÷ our CPU per flow = "
              f"{check / ours:.2f}×; servers only (clients elsewhere, {servers:.1f} ms) {check / servers:.2f}×")
        shares = (first["others"], per_flow["other processes"] / (cores * window / cpu_flows * 1000), second["others"])
        if max(shares) > 0.1:
            print(f"note: other work used {shares[0]:.0%}, {shares[1]:.0%} and {shares[2]:.0%} of the machine during the "
                  "baseline, the flow window and the second baseline; the flows/s ÷ checks/s ratio is then skewed")
    for _at, message in errors[:5]:
        print(f"  error: {message}")
    print(f"\nrun time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

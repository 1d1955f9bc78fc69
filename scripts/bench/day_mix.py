"""A day's traffic mix against both apps under gunicorn on PostgreSQL + Redis, with Locust: the highest rate
this machine sustains at p95 ≤ 300 ms and no errors, and what bounds it.

    .venv/bin/python scripts/bench/day_mix.py [--steps 10,20,40,…] [--seconds 60] [--wait 1,3]

Locust (requirements-bench.txt) is installed into .venv when missing. A throw-away PostgreSQL database
eseal_mix_<pid> (dropped at the end) is migrated and seeded with principals like demo case licence_downloaded,
each holding the 5 filed seals of its enterprise (certificates and seal objects made, receipts in the wallet) and
known to the licence app with its password; Redis at 127.0.0.1:6379 (database 12) holds the caches and
throttles. The e-seal app and the licence app run each under gunicorn (gunicorn.conf.py, 2 workers × 4 threads),
wrapped to time the CPU of every request per route (scripts/bench/cpu_accounting.py). One Locust user makes one
用印 first, so that 验章 has a signed file. Then, for each number of users in --steps, Locust runs headless
(scripts/bench/day_mix_locustfile.py states the mix and its proportions) for --seconds after all users have
started (statistics reset then); a step passes with p95 ≤ 300 ms over all requests and no failure. Stepping
stops at the first step that fails. Prints every step (users, req/s, p50/p95/p99, failures, where the machine's
CPU went) and then the CPU per request of every route, weighted by the mix: what bounds the rate.
Not part of the test suite; 127.0.0.1 only; servers stopped and the database dropped, also on error.
"""
import argparse
import csv
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
from cpu_accounting import _children, _stat, cpu_used, snapshot
from flow_clients import PASSWORD, principal
from wallet_views import BIN, PG_ADMIN, ROOT, Servers, free_port, pg_answers, run

P95_TARGET_MS = 300
REDIS_URL = "redis://127.0.0.1:6379/12"
LOCUSTFILE = Path(__file__).resolve().parent / "day_mix_locustfile.py"
SETUP_PRINCIPAL = 0  # makes the signed file for 验章; the users are the principals after it


def workers_children_cpu(master):
    """CPU seconds of the processes the gunicorn workers started (验章's pyHanko workers): not in tree_cpu."""
    return sum((_stat(grandchild) or (0.0, 0.0))[0] for worker in _children(master) for grandchild in _children(worker))


def ensure_locust():
    if importlib.util.find_spec("locust") is None:
        subprocess.run([str(BIN / "pip"), "install", "-q", "-r", str(ROOT / "requirements-bench.txt")], check=True)


# -- seeding (a subprocess with the servers' settings: day_mix.py --seed K) ----------------------------------

def seed(count):
    """K principals with their enterprises' 5 seals filed (PKI objects made) and in their wallets."""
    import secrets
    from datetime import UTC, datetime, timedelta

    from backend import create_app, demo
    from backend.api.common import id_key
    from backend.elicense.models import LicenceHolding
    from backend.elicense.passwords import hash_password
    from backend.elicense.service import find_or_create_holder, holding_for
    from backend.extensions import db
    from backend.models import DownloadSession, Receipt
    from backend.pki_wiring import current_pki
    from backend.services import declaration
    from backend.services.seals import seals_of

    app = create_app()
    with app.app_context():
        now, key, session, pki = datetime.now(UTC), id_key(), db.session, current_pki()
        stored = hash_password(PASSWORD)
        for i in range(count):
            phone, name, number = principal(i)
            spec = {"name": f"广州市压测{i + 1}号科技有限公司", "type": "llc", "credit": demo._credit(f"91440101MA5CB{i:04d}"),
                        "seals": demo.ALL_SEALS, "file": "all", "address": f"广州市天河区压测路{i + 1}号"}
            user = demo._user(session, phone, name, number, True, now, key)
            enterprise = demo._enterprise(session, user, phone, name, number, spec, now, key, pki)
            holder = find_or_create_holder(session, enterprise.principal_name, enterprise.principal_id_digest, now)
            if holding_for(session, holder, enterprise.credit_code) is None:
                earlier = now - timedelta(days=1)
                session.add(LicenceHolding(holder_id=holder.id, credit_code=enterprise.credit_code,
                                           enterprise_name=enterprise.name, password_hash=stored,
                                           downloaded_at=earlier, sync_until=earlier))
            download = DownloadSession(id=secrets.token_urlsafe(32), user_id=user.id, enterprise_id=enterprise.id,
                                       declaration_version=declaration.VERSION, state=secrets.token_urlsafe(32),
                                       nonce=secrets.token_urlsafe(32), status="completed", created_at=now,
                                       verified_at=now, expires_at=now, completed_at=now)
            session.add(download)
            session.flush()
            for seal in seals_of(session, enterprise):
                session.add(Receipt(seal_id=seal.id, user_id=user.id, download_session_id=download.id,
                                    received_at=now))
            session.commit()
    print(json.dumps({"principals": count}))


# -- the run ------------------------------------------------------------------------------------------------

def locust(env, users, seconds, host, prefix, first=SETUP_PRINCIPAL + 1, step=0):
    spawn = max(1, users // 4)  # users per second: all started in about 4 s
    env = {**env, "DAY_MIX_STEP": str(step)}
    args = [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary", "-u", str(users), "-r",
            str(spawn), "-t", f"{seconds + users // spawn + 2}s", "--host", host, "--csv", str(prefix),
            "--reset-stats", "--loglevel", "WARNING", "--stop-timeout", "10"]
    return subprocess.Popen(args, cwd=ROOT, env={**env, "DAY_MIX_FIRST": str(first)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def read_stats(prefix):
    with open(f"{prefix}_stats.csv") as fh:
        rows = list(csv.DictReader(fh))
    failures = 0
    exceptions = Path(f"{prefix}_exceptions.csv")
    errors = []
    if exceptions.exists():
        with open(exceptions) as fh:
            for row in csv.DictReader(fh):
                failures += int(row["Count"])
                where = [line.strip() for line in row["Traceback"].splitlines() if "day_mix_locustfile" in line]
                errors.append(f"{row['Count']}× {row['Message'][:160]} ({' ← '.join(where[::-1])[:200]})")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return rows, total, failures, errors


def bench(steps, seconds, wait, work):
    import psycopg
    import redis
    name = f"eseal_mix_{os.getpid()}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    a, b = (f"http://127.0.0.1:{free_port()}" for _ in range(2))
    document = work / "合同.pdf"
    from backend.testing.documents import pdf_document
    document.write_bytes(pdf_document(pages=2))
    env = {**os.environ, "ESEAL_DATABASE_URL": url, "ESEAL_DEMO": "1", "ESEAL_SECRET_KEY": "bench-secret",
           "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / "keys"), "ESEAL_PUBLIC_URL": a,
           "ESEAL_ELICENSE_URL": f"{b}/elicense", "ESEAL_ELICENSE_JWKS_URL": f"{b}/elicense/.well-known/jwks.json",
           "ELICENSE_SECRET_KEY": "bench-licence-secret", "ELICENSE_PEER_JWKS_URL": f"{a}/api/jwks.json",
           "ELICENSE_CLIENT_REDIRECT_URI": f"{a}/api/elicense/callback", "BENCH_PROFILE_DIR": str(work),
           "ESEAL_REDIS_URL": REDIS_URL, "ESEAL_STAMP_DIR": str(work / "stamping"),
           # one client address for every simulated person: the per-address abuse limits would stop the run
           "ESEAL_SMS_PER_ADDRESS": "1000000/3600", "ESEAL_LOGIN_WRONG_PER_ADDRESS": "1000000/3600",
           "ESEAL_VERIFY_PER_ADDRESS": "1000000/3600",
           "DAY_MIX_LICENCE_URL": b, "DAY_MIX_DOCUMENT": str(document), "DAY_MIX_STAMPED": str(work / "signed.pdf"),
           "DAY_MIX_WAIT": wait}
    env.pop("ESEAL_TEST_DATABASE_URL", None)
    env.pop("ELICENSE_SCRYPT_LOG2_N", None)  # set by backend.testing (imported above) for test runs: not here
    redis.Redis.from_url(REDIS_URL).flushdb()  # our own database number only
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    servers, results = Servers(work), []
    try:
        run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], env)
        seeded = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--seed", str(2 * max(steps) + 1)],
                                check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if seeded.returncode:
            raise RuntimeError(f"seeding failed:\n{seeded.stderr[-3000:]}")
        servers.start("eseal", "cpu_accounting:profiled_app('eseal')", env, "/api/meta", int(a.rsplit(":", 1)[1]))
        servers.start("elicense", "cpu_accounting:profiled_app('elicense')", env, "/elicense/.well-known/jwks.json",
                      int(b.rsplit(":", 1)[1]))
        masters = {"eseal": servers.processes[0][0].pid, "elicense": servers.processes[1][0].pid}
        prepared = locust({**env, "DAY_MIX_PREPARE": "1"}, 1, 60, a, work / "prepare", first=SETUP_PRINCIPAL)
        out = prepared.communicate(timeout=180)[0]
        if not (work / "signed.pdf").exists():
            raise RuntimeError(f"the first 用印 made no signed file:\n{out[-2000:]}")
        (work / "measure").touch()
        with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, autocommit=True) as watch:
            for step, users in enumerate(steps, start=1):
                prefix = work / f"step-{users}"
                # consecutive steps take turns between two sets of principals: the SMS resend interval (60 s)
                # has passed when a set logs in again
                first = SETUP_PRINCIPAL + 1 + (step % 2) * max(steps)
                process = locust(env, users, seconds, a, prefix, first=first, step=step)
                time.sleep(users / max(1, users // 4) + 4)  # all users started and logged in
                before = snapshot(masters, [process.pid], watch, name)
                verify_before = workers_children_cpu(masters["eseal"])
                time.sleep(seconds - 2)
                after = snapshot(masters, [process.pid], watch, name)
                verify_cpu = workers_children_cpu(masters["eseal"]) - verify_before
                out = process.communicate(timeout=seconds + 120)[0]
                rows, total, exceptions, errors = read_stats(prefix)
                used = cpu_used(before, after)
                used["验章 workers"] = verify_cpu  # a worker started before the window counts only from it
                used["other processes"] -= verify_cpu
                result = {"users": users, "rows": rows, "total": total, "exceptions": exceptions, "errors": errors,
                          "cpu": used, "window": after["at"] - before["at"],
                          "load": os.getloadavg()[0], "out": out}
                results.append(result)
                report_step(result)
                if not passed(result):
                    break
        (work / "measure").unlink()
    finally:
        servers.stop()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        redis.Redis.from_url(REDIS_URL).flushdb()
    return results


def failures(result):
    return int(result["total"]["Failure Count"]) + result["exceptions"]


def passed(result):
    return failures(result) == 0 and float(result["total"]["95%"]) <= P95_TARGET_MS


def report_step(result):
    t, cores = result["total"], os.cpu_count()
    used, window = result["cpu"], result["window"]
    shares = ", ".join(f"{part} {cpu / (cores * window):.0%}" for part, cpu in used.items())
    print(f"{result['users']:>5} users  {float(t['Requests/s']):>7.1f} req/s  p50 {t['50%']:>5} ms  p95 {t['95%']:>5} ms  "
          f"p99 {t['99%']:>5} ms  requests {t['Request Count']:>6}  failures {failures(result):>3}  "
          f"{'passed' if passed(result) else 'FAILED'}   load average {result['load']:.1f}", flush=True)
    print(f"       machine CPU in the window: {shares}", flush=True)
    for line in result["errors"][:3]:
        print(f"       error: {line}", flush=True)


def route_cpu(work):
    """{(app, route): (requests, CPU s)} over all steps, from cpu_accounting's per-route files."""
    merged = {}
    for path in Path(work).glob("routes-*.json"):
        which = path.name.split("-")[1]
        for route, (n, cpu, _wall) in json.loads(path.read_text()).items():
            route = re.sub(r"/stamp-requests/[^/]+", "/stamp-requests/<id>", route)
            entry = merged.setdefault((which, route), [0, 0.0])
            entry[0] += n
            entry[1] += cpu
    return merged


def report_routes(merged):
    total_n = sum(n for n, _ in merged.values())
    total_cpu = sum(cpu for _, cpu in merged.values())
    if not total_n:
        return
    print(f"\nCPU per route in the servers' request threads, all steps ({total_n} requests; Flask and the app, without "
          "gunicorn's own parsing and writing); share: of all request CPU")
    print(f"{'app':<9}{'route':<46}{'requests':>9}{'CPU ms':>9}{'share':>8}")
    for (which, route), (n, cpu) in sorted(merged.items(), key=lambda kv: -kv[1][1])[:22]:
        print(f"{which:<9}{route[:45]:<46}{n:>9}{cpu / n * 1000:>9.2f}{cpu / total_cpu:>8.0%}")
    print(f"mean CPU per request in the apps: {total_cpu / total_n * 1000:.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", default="10,20,40,60,80,120", help="users per step (default 10,20,40,60,80,120)")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per step (default 60)")
    parser.add_argument("--wait", default="1,3", help="think time between a user's actions, min,max s (default 1,3)")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        return seed(args.seed)
    if not pg_answers():
        sys.exit("PostgreSQL at 127.0.0.1:5432 does not answer")
    ensure_locust()
    steps = [int(s) for s in args.steps.split(",")]
    cores = os.cpu_count()
    print(f"nproc {cores}; load average {os.getloadavg()[0]:.1f}; each app: gunicorn 2 workers × 4 threads on "
          f"PostgreSQL + Redis; Locust (one process) on the same cores; think time {args.wait} s; {args.seconds} s per "
          f"step; target p95 ≤ {P95_TARGET_MS} ms, no failure", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eseal-mix-") as tmp:
        results = bench(steps, args.seconds, args.wait, Path(tmp))
        merged = route_cpu(tmp)
    good = [r for r in results if passed(r)]
    if good:
        best = good[-1]
        rate = float(best["total"]["Requests/s"])
        print(f"\nhighest step passed: {best['users']} users = {best['users'] / cores:.0f} users per core, "
              f"{rate:.0f} req/s ({rate / cores:.0f} per core), p95 {best['total']['95%']} ms")
    else:
        print("\nno step passed")
    if results:
        print("\nper route at the last step (Locust's view: name, requests, p50, p95, failures)")
        for row in results[-1]["rows"]:
            if row["Name"] != "Aggregated":
                print(f"  {row['Name'][:52]:<54}{row['Request Count']:>7}{row['50%']:>7}{row['95%']:>7}"
                      f"{row['Failure Count']:>5}")
    report_routes(merged)
    print(f"\nrun time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

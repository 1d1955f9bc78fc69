"""Scale: the wallet endpoints on PostgreSQL with 100,000 enterprises and 500,000 seals, against 100 enterprises.

    .venv/bin/python scripts/bench/scale.py [seconds-per-run] [rounds]      # default 4 s × 4 rounds; 5 to 7 min

One throw-away PostgreSQL database (eseal_scale_<pid> on 127.0.0.1:5432, dropped at the end, also on
error, Ctrl-C or SIGTERM) is migrated and seeded with the demo data; the app runs under gunicorn
(gunicorn.conf.py, ESEAL_WORKERS=2, ESEAL_THREADS=4, loopback only, worker recycling off), and demo user
13800000002 logs in and drives one real download through the API, so that the wallet holds 5 seals
(scripts/bench/wallet_views.py's helpers).

  small phase  synthetic rows are added server-side until there are 100 enterprises in all (5 seals each,
               their principals, start-up applications, gift items, seal events 申请/刻制完成/备案完成/下载/删除,
               and for 60 % of them a login session, a download session and a receipt per seal);
               VACUUM ANALYZE; then `wrk -t2 -c16 -dNs --latency` as the demo user, round-robin, against
                 wallet    GET /api/wallet                                            证照卡包
                 held      GET /api/enterprises/<id>/wallet                           查看已下载印章
                 detail    GET /api/receipts/<id>                                     查看详情
                 events    GET /api/enterprises/<id>/seal-events?page=1&per_page=20   印章变动
                 receipts  GET /api/seals/<id>/receipts                               印章领用情况
                 meta      GET /api/meta, no cookie, no database: a control for the machine's own load
  big phase    the same generator (INSERT … SELECT … FROM generate_series, one transaction) brings the
               database to 100,000 enterprises and ≈500,000 seals (≈1.7 M seal events, ≈300 k receipts);
               load time printed; VACUUM ANALYZE; the same endpoints, user and wrk settings.

The server is restarted for each phase. Printed per endpoint: req/s, p50 and p99 of both phases (the best
of the rounds: outside load only lowers a figure; an endpoint below the target after the big phase's rounds
gets as many again, next to runs of the control), big/small and "target ≥ 0.8×: met/MISSED"; the SQL
statements each request runs (recorded in-process through the Flask test client with an engine listener;
the same count for 1 and 20 listed items means no N+1); in-process CPU and wall time per request of both
phases, and the shared buffers their statements touch (EXPLAIN BUFFERS: counted, not timed); and for the big
database EXPLAIN (ANALYZE, BUFFERS) of every distinct statement, any sequential scan of a large table flagged.
Not part of the test suite. Needs wrk (Debian: apt-get install wrk).
"""
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wallet_views import (
    BIN,
    CONNECTIONS,
    PG_ADMIN,
    ROOT,
    WRK,
    Servers,
    fill_wallet,
    free_port,
    pg_answers,
    run,
    wrk,
)

sys.path.insert(0, str(ROOT))  # the app itself, for the in-process statement recorder
from scale_data import TABLES, counts, load, settle  # noqa: E402
from sql_plans import Recorder, buffers, costs_of, explained, one_line  # noqa: E402

TARGET = 0.8
SMALL_ENTERPRISES, BIG_ENTERPRISES = 100, 100_000
LARGE_TABLE_ROWS = 10_000  # a Seq Scan on a table at least this big is flagged
ENDPOINTS = [  # (name, path template, what it is)
    ("wallet", "/api/wallet", "证照卡包"),
    ("held", "/api/enterprises/{enterprise}/wallet", "查看已下载印章"),
    ("detail", "/api/receipts/{receipt}", "查看详情"),
    ("events", "/api/enterprises/{enterprise}/seal-events?page=1&per_page=20", "印章变动"),
    ("receipts", "/api/seals/{seal}/receipts", "印章领用情况"),
]
CONTROL = ("meta", "/api/meta", "control: no cookie, no database")
EXTRA = [("events-1", "/api/enterprises/{enterprise}/seal-events?page=1&per_page=1", "印章变动, a page of one")]

# --- the run --------------------------------------------------------------------------------------------

def app_env(url, work, port):
    # ESEAL_MAX_REQUESTS=0: no worker recycling, whose ~1 s restart would land at random in one phase's
    # runs or the other's and read as a scale effect; everything else as gunicorn.conf.py says.
    env = {**os.environ, "ESEAL_MAX_REQUESTS": "0", "ESEAL_DATABASE_URL": url, "ESEAL_DEMO": "1",
           "ESEAL_SECRET_KEY": "bench-secret",
           "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / "keys"),
           "ESEAL_PUBLIC_URL": f"http://127.0.0.1:{port}"}  # the licence app's callback comes back here
    for name in ("ESEAL_TEST_DATABASE_URL", "ESEAL_ELICENSE_URL", "ESEAL_ELICENSE_JWKS_URL"):
        env.pop(name, None)
    return env


def measure(label, env, port, work, seconds, rounds, paths, cookie, reference=None):
    """Start the app; `rounds` wrk runs per endpoint, round-robin (a burst of outside load hits one round of
    each, not all rounds of one); stop it again. Gives {name: [result per round]}.

    With `reference` (the small phase's runs), an endpoint still below the target after these rounds gets up
    to `rounds` more, each next to a run of the control: on a machine whose capacity comes and goes, a miss
    then stands only if no round found the capacity again, and the control's runs show whether it was there."""
    servers = Servers(work)
    try:
        base = servers.start(f"eseal-{label}", "wsgi:app", env, "/api/meta", port)
        targets = {name: (base + path, cookie) for name, path in paths.items()}
        targets[CONTROL[0]] = (base + CONTROL[1], None)
        runs = {name: [] for name in targets}
        for number in range(rounds):
            for name, (url, with_cookie) in targets.items():
                runs[name].append(wrk(url, seconds, with_cookie, warm_up=1 if number == 0 else 0))
        for _ in range(rounds if reference else 0):
            behind = [n for n in paths if best(runs[n])["rps"] < TARGET * best(reference[n])["rps"]]
            if not behind:
                break
            for name in behind + [CONTROL[0]]:
                url, with_cookie = targets[name]
                runs[name].append(wrk(url, seconds, with_cookie, warm_up=0))
    finally:
        servers.stop()
    return runs


def best(runs):
    """The round with the highest rate: outside load only ever lowers a figure."""
    return max(runs, key=lambda r: r["rps"])


def login_and_fill(env, port, work):
    servers = Servers(work)
    try:
        base = servers.start("eseal-fill", "wsgi:app", env, "/api/meta", port)
        return fill_wallet(base)
    finally:
        servers.stop()


def report(runs, statements, costs, phase_counts, load_seconds, rounds):
    print(f"\n== rows          {'small':>10}{'big':>12}")
    for table in TABLES:
        print(f"   {table:<21}{phase_counts['small'][table]:>10,}{phase_counts['big'][table]:>12,}")
    print(f"   big load: {load_seconds:.1f} s (INSERT … SELECT … generate_series, one transaction)")
    print(f"\n== wrk -t2 -c{CONNECTIONS}, gunicorn 2 workers × 4 threads; best of {rounds} rounds; "
          f"demo user 13800000002, wallet of 5 seals")
    print(f"{'endpoint':<10}{'req/s small':>12}{'req/s big':>10}{'big/small':>10}{'p50 small':>10}{'p50 big':>8}"
          f"{'p99 small':>10}{'p99 big':>8}   target ≥ {TARGET}×")
    ratios = {}
    for name, _, _ in ENDPOINTS + [CONTROL]:
        s, b = best(runs["small"][name]), best(runs["big"][name])
        ratios[name] = b["rps"] / s["rps"]
        verdict = "(control)" if name == CONTROL[0] else ("met" if ratios[name] >= TARGET else "MISSED")
        print(f"{name:<10}{s['rps']:>12.0f}{b['rps']:>10.0f}{ratios[name]:>9.2f}×{s['p50']:>10.1f}{b['p50']:>8.1f}"
              f"{s['p99']:>10.1f}{b['p99']:>8.1f}   {verdict}")
    print("   (latencies in ms)")
    for name, path, what in ENDPOINTS + [CONTROL]:
        print(f"   {name:<9} GET {path}  {what}")
    print(f"\n   every round, req/s (after '+': extra rounds of the big phase for an endpoint below {TARGET}×, "
          "with the control)")
    for name, _, _ in ENDPOINTS + [CONTROL]:
        big = [f"{r['rps']:>5.0f}" for r in runs["big"][name]]
        print(f"   {name:<9} small " + " ".join(f"{r['rps']:>5.0f}" for r in runs["small"][name])
              + "   big " + " ".join(big[:rounds]) + (" + " + " ".join(big[rounds:]) if big[rounds:] else ""))
    print("\n== SQL statements per request (in-process, engine listener), small / big database")
    for name, _, _ in ENDPOINTS + EXTRA:
        (small, items), (big, big_items) = statements["small"][name], statements["big"][name]
        print(f"   {name:<9} {len(small)} / {len(big)}   items in the response: {items} / {big_items}")
    print("   the same count at 1 and 20 events, and for 5 seals: no statement per item (no N+1)")
    print("\n== in-process, one request at a time (Flask test client; best of 3 × 5 batches of 40): ms per request")
    print(f"{'endpoint':<10}{'CPU small':>10}{'CPU big':>9}{'wall small':>12}{'wall big':>10}")
    for name, _, _ in ENDPOINTS:
        (cpu_s, wall_s), (cpu_b, wall_b) = costs["small"][name], costs["big"][name]
        print(f"{name:<10}{cpu_s:>10.2f}{cpu_b:>9.2f}{wall_s:>12.2f}{wall_b:>10.2f}")
    print("   CPU: this process's own time (Flask, SQLAlchemy, marshmallow, psycopg); wall: CPU + database")
    return ratios


def explain_all(plans, url):
    """Print the big database's plans, each distinct statement once; flag Seq Scans of large tables.
    Gives the flagged scans and, per endpoint, the summed planning + execution time of its statements (ms)."""
    import psycopg
    with psycopg.connect(url) as conn:
        sizes = dict(conn.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
                                  "AND relnamespace = 'public'::regnamespace").fetchall())
    seen, flagged, executed = {}, [], {}
    for name, explained_ in plans.items():
        for statement, parameters, lines in explained_:
            seen.setdefault(one_line(statement), (parameters, lines, []))[2].append(name)
            for line in lines:
                took = re.match(r"(Planning|Execution) Time: ([\d.]+) ms", line)
                if took:
                    executed[name] = executed.get(name, 0.0) + float(took.group(2))
    print(f"\n== EXPLAIN (ANALYZE, BUFFERS) on the big database ({len(seen)} distinct statements)")
    for number, (text, (parameters, lines, names)) in enumerate(seen.items(), 1):
        print(f"\n[{number}] {', '.join(dict.fromkeys(names))}: {text[:400]}{' …' if len(text) > 400 else ''}")
        print(f"    parameters: {parameters}")
        for line in lines:
            scanned = re.search(r"Seq Scan on (\w+)", line)
            mark = ""
            if scanned and sizes.get(scanned.group(1), 0) >= LARGE_TABLE_ROWS:
                mark = f"   <-- SEQ SCAN OF A LARGE TABLE ({sizes[scanned.group(1)]:,} rows)"
                flagged.append((number, scanned.group(1)))
            print(f"    {line}{mark}")
    if flagged:
        print("\nSequential scans of large tables: " + ", ".join(f"[{n}] {t}" for n, t in flagged))
    else:
        print(f"\nNo sequential scan of a table of ≥ {LARGE_TABLE_ROWS:,} rows.")
    return flagged, executed


def summary(ratios, runs, flagged, executed, costs, plans):
    missed = [n for n, _, _ in ENDPOINTS if ratios[n] < TARGET]
    print(f"\n== summary: target ≥ {TARGET}× met by {len(ENDPOINTS) - len(missed)} of {len(ENDPOINTS)} endpoints"
          + (f"; MISSED: {', '.join(missed)}" if missed else ""))
    print(f"   control (/api/meta, no database) big/small {ratios[CONTROL[0]]:.2f}×: how much the machine's own "
          "capacity moved between the phases")
    print(f"   {'endpoint':<9} {'big/small':>9} {'buffers s→b':>13} {'CPU ms s→b':>14} {'SQL ms big':>11} {'p50 big':>8}")
    for name, _, _ in ENDPOINTS:
        cpu_s, cpu_b = costs["small"][name][0], costs["big"][name][0]
        print(f"   {name:<9} {ratios[name]:>8.2f}× {buffers(plans['small'][name]):>5} → {buffers(plans['big'][name]):<5}"
              f" {cpu_s:>6.2f} → {cpu_b:<5.2f} {executed.get(name, 0.0):>11.2f} {best(runs['big'][name])['p50']:>8.1f}")
    print("   buffers: shared buffers the request's statements touch (EXPLAIN BUFFERS); CPU: the app's own, per\n"
          "   request (in-process); SQL ms: planning + execution of its statements on the big database")
    if flagged:
        print("   sequential scans of large tables: see the plans above")


def bench(name, seconds, rounds, work):
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    plain = f"postgresql://postgres@127.0.0.1:5432/{name}"
    port = free_port()
    env = app_env(url, work, port)
    run([str(BIN / "flask"), "--app", "backend", "db", "upgrade"], env)
    run([str(BIN / "flask"), "--app", "backend", "seed-demo", "--json"], env)
    cookie, enterprise_id, receipt_id, seal_id, held = fill_wallet_checked(env, port, work)
    ids = {"enterprise": enterprise_id, "receipt": receipt_id, "seal": seal_id}
    paths = {n: p.format(**ids) for n, p, _ in ENDPOINTS}
    probes = {**paths, **{n: p.format(**ids) for n, p, _ in EXTRA}}
    print(f"demo user 13800000002: enterprise {enterprise_id}, receipt {receipt_id}, seal {seal_id}; "
          f"wallet holds {held} seals", flush=True)

    recorder = Recorder(url, work, cookie)
    runs, statements, phase_counts = {}, {}, {}
    try:
        existing = counts(plain)["enterprises"]
        started = time.perf_counter()
        load(plain, 1, SMALL_ENTERPRISES - existing)
        settle(plain)
        phase_counts["small"] = counts(plain)
        print(f"small phase: {phase_counts['small']['enterprises']} enterprises, {phase_counts['small']['seals']} "
              f"seals ({time.perf_counter() - started:.1f} s); measuring …", flush=True)
        statements["small"] = {n: recorder.statements_of(p) for n, p in probes.items()}
        costs = {"small": costs_of(recorder, paths)}
        plans = {"small": explained(recorder, {n: statements["small"][n] for n in paths})}
        runs["small"] = measure("small", env, port, work, seconds, rounds, paths, cookie)

        print("big phase: loading …", flush=True)
        started = time.perf_counter()
        times = load(plain, SMALL_ENTERPRISES - existing + 1, BIG_ENTERPRISES - existing)
        load_seconds = time.perf_counter() - started
        print(f"   {load_seconds:.1f} s: " + ", ".join(f"{t} {s:.1f} s" for t, s in times.items()), flush=True)
        started = time.perf_counter()
        settle(plain)
        print(f"   VACUUM ANALYZE + CHECKPOINT {time.perf_counter() - started:.1f} s; measuring …", flush=True)
        phase_counts["big"] = counts(plain)
        statements["big"] = {n: recorder.statements_of(p) for n, p in probes.items()}
        costs["big"] = costs_of(recorder, paths)
        plans["big"] = explained(recorder, {n: statements["big"][n] for n in paths})
        runs["big"] = measure("big", env, port, work, seconds, rounds, paths, cookie, reference=runs["small"])

        ratios = report(runs, statements, costs, phase_counts, load_seconds, rounds)
        flagged, executed = explain_all(plans["big"], plain)
        summary(ratios, runs, flagged, executed, costs, plans)
    finally:
        recorder.close()


def fill_wallet_checked(env, port, work):
    cookie, enterprise_id, receipt_id, seal_id, held = login_and_fill(env, port, work)
    assert held == 5, f"the demo wallet holds {held} seals, 5 expected"
    return cookie, enterprise_id, receipt_id, seal_id, held


def _terminate(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    if not os.access(WRK, os.X_OK):
        sys.exit(f"{WRK} not found (Debian: apt-get install wrk)")
    if not pg_answers():
        sys.exit("PostgreSQL: 127.0.0.1:5432 does not answer")
    signal.signal(signal.SIGTERM, _terminate)  # the finally blocks run on SIGTERM as on Ctrl-C
    import psycopg
    began = time.perf_counter()
    name = f"eseal_scale_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        buffers = admin.execute("SHOW shared_buffers").fetchone()[0]
        admin.execute(f'CREATE DATABASE "{name}"')
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}; PostgreSQL {version}, shared_buffers "
          f"{buffers}; wrk, servers and PostgreSQL share these cores; {rounds} rounds of {seconds} s per endpoint; "
          f"database {name}",
          flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="eseal-scale-") as tmp:
            try:
                bench(name, seconds, rounds, Path(tmp))
            except Exception:
                for log in sorted(Path(tmp).glob("*.log")):  # the servers' own account, before it is gone
                    print(f"\n--- {log.name} (last lines)\n" + "".join(log.read_text().splitlines(True)[-30:]))
                raise
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"\ndatabase {name} dropped; total {time.perf_counter() - began:.0f} s", flush=True)


if __name__ == "__main__":
    main()

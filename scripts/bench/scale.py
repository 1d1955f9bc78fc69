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
    USER_AGENT,
    WRK,
    Servers,
    fill_wallet,
    free_port,
    pg_answers,
    run,
    wrk,
)

sys.path.insert(0, str(ROOT))  # the app itself, for the in-process statement recorder

TARGET = 0.8
SMALL_ENTERPRISES, BIG_ENTERPRISES, SEALS_EACH = 100, 100_000, 5
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
TABLES = ["users", "auth_sessions", "enterprises", "startup_applications", "gift_items", "seals", "seal_events",
          "download_sessions", "receipts"]

# --- the synthetic data -------------------------------------------------------------------------------
# Synthetic enterprise n (1, 2, …) has principal user n, 5 seals and a state:
#   n % 20 == 0 → seals applied for (pending)          5 %
#   n % 20 == 1 → seals carved                         5 %
#   n % 10 in 2..7 → filed and downloaded by the principal (a download session, one receipt per seal) 60 %
#   otherwise → filed, not downloaded                  30 %
# and one seal event per step reached (申请, 刻制完成, 备案完成, 下载); for n % 50 == 2 the 名章's receipt
# was deleted again (删除). Ids of users, enterprises and seals are given explicitly (offsets from the
# current maxima), the sequences are moved past them afterwards.
SYNTH = """
CREATE TEMP TABLE synth ON COMMIT DROP AS
SELECT n,
       %(e0)s + n - %(first)s + 1 AS eid,
       %(u0)s + n - %(first)s + 1 AS uid,
       %(s0)s + %(each)s * (n - %(first)s) AS sid0,
       (now() AT TIME ZONE 'UTC') - make_interval(days => 30 + mod(n, 700)::int) AS t0,
       CASE WHEN mod(n, 20) = 0 THEN 'pending' WHEN mod(n, 20) = 1 THEN 'carved'
            WHEN mod(n, 10) BETWEEN 2 AND 7 THEN 'downloaded' ELSE 'filed' END AS state,
       (ARRAY['llc', 'joint_stock', 'sole', 'partnership', 'branch'])[1 + mod(n, 5)] AS etype,
       '测试' || n AS pname,
       md5('id' || n) || md5('di' || n) AS digest,
       '440101********' || lpad(mod(n, 10000)::text, 4, '0') AS masked,
       '139' || lpad(n::text, 8, '0') AS phone
FROM generate_series(%(first)s::int, %(last)s::int) AS n
"""
SEAL_TYPES = "(ARRAY['official', 'finance', 'invoice', 'contract', 'personal'])[k]"
LABEL = f"""CASE {SEAL_TYPES} WHEN 'official' THEN '公章' WHEN 'finance' THEN '财务专用章'
    WHEN 'invoice' THEN '发票专用章' WHEN 'contract' THEN '合同专用章'
    ELSE CASE s.etype WHEN 'partnership' THEN '执行事务合伙人' WHEN 'branch' THEN '负责人' ELSE '法定代表人' END || '名章' END"""
ROLE = "CASE s.etype WHEN 'partnership' THEN '执行事务合伙人' WHEN 'branch' THEN '负责人' ELSE '法定代表人' END"
DELETED = "(s.state = 'downloaded' AND mod(s.n, 50) = 2 AND k = 5)"
LOAD = [
    ("users", """
INSERT INTO users (id, phone, real_name, id_digest, id_masked, verified_at, created_at)
SELECT uid, phone, pname, digest, masked, t0 - interval '1 day', t0 - interval '1 day' FROM synth s"""),
    ("enterprises", """
INSERT INTO enterprises (id, name, credit_code, type, address, principal_name, principal_id_digest,
                         principal_id_masked, principal_phone, established_on, created_at)
SELECT eid, '广州市合成' || n || '号有限公司', '91440101' || lpad(n::text, 10, '0'), etype,
       '广州市天河区合成路' || n || '号', pname, digest, masked, phone, t0::date, t0 FROM synth s"""),
    ("startup_applications", """
INSERT INTO startup_applications (applicant_id, company_name, enterprise_type, address, principal_name,
    principal_id_digest, principal_id_masked, principal_phone, seal_types, free_eseal, status, submitted_at,
    completed_at, enterprise_id)
SELECT uid, '广州市合成' || n || '号有限公司', etype, '广州市天河区合成路' || n || '号', pname, digest, masked,
       phone, '["official", "finance", "invoice", "contract", "personal"]'::json, true, 'completed',
       t0 - interval '1 day', t0, eid FROM synth s"""),
    ("gift_items", """
INSERT INTO gift_items (enterprise_id, kind, issued_at)
SELECT eid, kind, t0 FROM synth s CROSS JOIN unnest(ARRAY['licence', 'eseal', 'einvoice']) AS kind"""),
    ("seals", f"""
INSERT INTO seals (id, enterprise_id, type, status, code, carved_at, filed_at, version, created_at)
SELECT sid0 + k, eid, {SEAL_TYPES},
       CASE state WHEN 'pending' THEN 'pending' WHEN 'carved' THEN 'carved' ELSE 'filed' END,
       CASE WHEN state IN ('filed', 'downloaded') THEN '440100' || lpad((sid0 + k)::text, 7, '0') END,
       CASE WHEN state <> 'pending' THEN t0 + interval '1 day' END,
       CASE WHEN state IN ('filed', 'downloaded') THEN t0 + interval '2 days' END,
       CASE WHEN state IN ('filed', 'downloaded') THEN 2 ELSE 1 END, t0
FROM synth s CROSS JOIN generate_series(1, %(each)s) AS k"""),
    ("seal_events", f"""
INSERT INTO seal_events (seal_id, enterprise_id, kind, detail, actor, created_at)
SELECT sid0 + k, eid, ev.kind,
       CASE ev.kind WHEN 'apply' THEN '开办企业申请刻制' || {LABEL} || '，免费领取电子印章'
                    WHEN 'carve' THEN {LABEL} || '实物印章刻制完成'
                    WHEN 'file' THEN {LABEL} || '备案完成，印章编码440100' || lpad((sid0 + k)::text, 7, '0')
                    WHEN 'download' THEN {LABEL} || '已下载至' || {ROLE} || '的电子印章'
                    ELSE {LABEL} || '已从电子印章中删除' END,
       CASE ev.kind WHEN 'apply' THEN '一网通平台' WHEN 'carve' THEN '印章刻制企业'
                    WHEN 'file' THEN '公安机关印章备案系统' ELSE pname END,
       t0 + ev.step * interval '1 day'
FROM synth s CROSS JOIN generate_series(1, %(each)s) AS k
CROSS JOIN (VALUES ('apply', 0), ('carve', 1), ('file', 2), ('download', 3), ('delete', 4)) AS ev(kind, step)
WHERE CASE ev.kind WHEN 'apply' THEN true WHEN 'carve' THEN state <> 'pending'
                   WHEN 'file' THEN state IN ('filed', 'downloaded') WHEN 'download' THEN state = 'downloaded'
                   ELSE {DELETED} END"""),
    ("download_sessions", """
INSERT INTO download_sessions (id, user_id, enterprise_id, declaration_version, state, nonce, status,
                               created_at, expires_at, completed_at)
SELECT 'bench-' || n, uid, eid, '2026-11', md5('state' || n), md5('nonce' || n), 'completed',
       t0 + interval '3 days', t0 + interval '3 days 5 minutes', t0 + interval '3 days 1 minute'
FROM synth s WHERE state = 'downloaded'"""),
    ("auth_sessions", """
INSERT INTO auth_sessions (id, user_id, created_at, expires_at, revoked_at)
SELECT md5('auth' || n) || md5('htua' || n), uid, t0 + interval '3 days', t0 + interval '10 days', NULL
FROM synth s WHERE state = 'downloaded'"""),
    ("receipts", f"""
INSERT INTO receipts (seal_id, user_id, download_session_id, received_at, deleted_at)
SELECT sid0 + k, uid, 'bench-' || n, t0 + interval '3 days 1 minute',
       CASE WHEN {DELETED} THEN t0 + interval '4 days' END
FROM synth s CROSS JOIN generate_series(1, %(each)s) AS k WHERE state = 'downloaded'"""),
]


def load(url, first, last):
    """Synthetic enterprises first..last, one transaction, all server-side; gives {table: seconds}."""
    import psycopg
    times = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        maxima = conn.execute("SELECT (SELECT coalesce(max(id), 0) FROM enterprises), "
                              "(SELECT coalesce(max(id), 0) FROM users), (SELECT coalesce(max(id), 0) FROM seals)"
                              ).fetchone()
        params = {"first": first, "last": last, "each": SEALS_EACH, "e0": maxima[0], "u0": maxima[1],
                  "s0": maxima[2]}
        assert maxima[2] + SEALS_EACH * (last - first + 1) < 10**7, "seal codes are region + 7 digits"
        conn.execute(SYNTH % params)  # our own integers, rendered here: no bind parameters in the DDL
        for table, sql in LOAD:
            started = time.perf_counter()
            conn.execute(sql % params)
            times[table] = time.perf_counter() - started
        for table in ("users", "enterprises", "seals"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return times


def settle(url):
    """VACUUM ANALYZE (statistics, hint bits, visibility map: no autovacuum during the runs), CHECKPOINT."""
    import psycopg
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


def counts(url):
    import psycopg
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


# --- in-process: the statements each endpoint runs, and their plans -------------------------------------

class Recorder:
    """The app in this process (same database and keys), a test client carrying the demo user's cookie,
    and an engine listener that records every statement with its parameters."""

    def __init__(self, url, work, cookie):
        from sqlalchemy import event

        from backend import create_app
        from backend.extensions import db
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "ESEAL_DEMO": True,
                               "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / "keys"),
                               "ESEAL_ACCESS_LOG": False})
        self.client, self.statements = self.app.test_client(), None
        self.client.environ_base["HTTP_USER_AGENT"] = USER_AGENT  # the login session is bound to the browser
        for pair in cookie.split("; "):
            key, _, value = pair.partition("=")
            self.client.set_cookie(key, value)
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if self.statements is not None:
            self.statements.append((statement, parameters))

    def statements_of(self, path):
        """The statements one request runs (after an unrecorded first one), and how many items it lists."""
        self.client.get(path)
        self.statements = []
        response = self.client.get(path)
        recorded, self.statements = self.statements, None
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
        items = response.get_json().get("items")
        return recorded, "-" if items is None else len(items)

    def cost(self, path, batches=5, size=40):
        """One request at a time in this process: CPU ms and wall ms per request, each the best batch's.
        CPU time is this process's own (Flask, SQLAlchemy, marshmallow, psycopg); wall adds the database."""
        for _ in range(10):
            self.client.get(path)
        cpu, wall = [], []
        for _ in range(batches):
            started_cpu, started = time.process_time(), time.perf_counter()
            for _ in range(size):
                self.client.get(path)
            cpu.append((time.process_time() - started_cpu) * 1000 / size)
            wall.append((time.perf_counter() - started) * 1000 / size)
        return min(cpu), min(wall)

    def explain(self, statement, parameters):
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            raw.rollback()
            return plan
        finally:
            raw.close()

    def close(self):
        self.engine.dispose()


def costs_of(recorder, paths, passes=3):
    """(CPU ms, wall ms) per request and endpoint, each the lowest of `passes` passes over all the endpoints:
    a burst of outside load spoils one pass, not the figure."""
    best_of = {}
    for _ in range(passes):
        for name, path in paths.items():
            figures = recorder.cost(path)
            best_of[name] = tuple(map(min, zip(best_of.get(name, figures), figures)))
    return best_of


def explained(recorder, statements):
    """{endpoint: [(statement, parameters, plan lines)]}: EXPLAIN (ANALYZE, BUFFERS) of every SELECT it runs."""
    return {name: [(statement, parameters, recorder.explain(statement, parameters))
                   for statement, parameters in recorded if one_line(statement).upper().startswith("SELECT")]
            for name, (recorded, _) in statements.items()}


def buffers(plans):
    """Shared buffers a request's statements touch (hit + read, execution only): the database's work, counted
    rather than timed, so the machine's load does not move it."""
    total = 0
    for _, _, lines in plans:
        for line in lines:
            if line.startswith("Planning"):
                break
            found = re.search(r"Buffers: shared((?: \w+=\d+)+)", line)
            if found:  # the top node's line comes first and includes its children's
                total += sum(int(v) for k, v in re.findall(r"(\w+)=(\d+)", found.group(1)) if k in ("hit", "read"))
                break
    return total


def one_line(sql):
    return re.sub(r"\s+", " ", sql).strip()


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

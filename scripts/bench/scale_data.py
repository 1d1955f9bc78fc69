"""The scale benchmark's synthetic data: enterprises, principals, seals, events, sessions and receipts,
generated server-side (INSERT … SELECT … FROM generate_series) in one transaction. Used by scale.py.
"""
import time

SEALS_EACH = 5
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



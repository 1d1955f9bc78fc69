#!/usr/bin/env bash
# The whole suite: unit, API, the QA kit's examples (examples/qa) and browser tests on SQLite, then the API
# tests on PostgreSQL.
# Extra arguments go to pytest (e.g. ./scripts/test.sh -x -k login).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv requirements-test.txt || exit 1
ensure_debs chromium fonts-noto-cjk || say "浏览器测试需要 chromium (browser tests need chromium)"
ensure_debs softhsm2 openssl || say "PKCS#11 密钥库测试需要 softhsm2 (the PKCS#11 key-store tests need softhsm2)"
ensure_debs poppler-utils qpdf || say "用印测试需要 pdfsig 和 qpdf (the PDF signing tests need poppler-utils and qpdf)"

status=0
say "SQLite: unit + api + examples/qa + browser"
"$PY" -m pytest -q -p no:cacheprovider "$@" tests/unit tests/api tests/integration tests/fuzz examples/qa tests/browser ||
  status=1

pg_url="${ESEAL_TEST_POSTGRES_URL:-}"
if [ -z "$pg_url" ] && "$PY" - <<'PYEOF' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
PYEOF
then
  pg_url="postgresql://postgres@127.0.0.1:5432/postgres"
fi

if [ -n "$pg_url" ]; then
  testdb="eseal_test_$$"
  admin_url="$pg_url"
  export ESEAL_TEST_PG_ADMIN="$admin_url" ESEAL_TEST_PG_DB="$testdb"
  "$PY" scripts/pg_testdb.py create || exit 1
  trap '"$PY" scripts/pg_testdb.py drop' EXIT
  say "PostgreSQL ($testdb): api"
  ESEAL_TEST_DATABASE_URL=$("$PY" scripts/pg_testdb.py url) \
    "$PY" -m pytest -q -p no:cacheprovider "$@" tests/api || status=1
else
  say "PostgreSQL 不可用，跳过 (PostgreSQL not reachable: skipped)"
fi

[ "$status" -eq 0 ] && say "全部通过 (all passed)" || say "有测试失败 (failures)"
exit "$status"

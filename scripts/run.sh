#!/usr/bin/env bash
# Set up and serve the demo: ./scripts/run.sh [--lan]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

host=127.0.0.1
for arg in "$@"; do
  case "$arg" in
    --lan) host=lan ;;
    -h|--help) echo "用法 (usage): ./scripts/run.sh [--lan]"; exit 0 ;;
    *) echo "未知参数 (unknown option): $arg" >&2; exit 2 ;;
  esac
done

ensure_venv requirements.txt
ensure_debs fonts-noto-cjk || say "印章图片需要中文字体 (seal images need a CJK font)"

export ESEAL_DEMO="${ESEAL_DEMO:-1}"
port="${ESEAL_PORT:-5000}"
if [ "$host" = lan ]; then
  host=$(hostname -I 2>/dev/null | awk '{print $1}')
  [ -n "$host" ] || { echo "找不到局域网地址 (no LAN address found)" >&2; exit 1; }
  # Plain http on the LAN: a Secure cookie would never come back.
  export ESEAL_COOKIE_SECURE="${ESEAL_COOKIE_SECURE:-0}"
fi
url="http://$host:$port/"
# The licence app sends the user back to exactly this address (its registered callback).
export ESEAL_PUBLIC_URL="${ESEAL_PUBLIC_URL:-http://$host:$port}"

say "迁移数据库 (migrating the database)"
"$VENV/bin/flask" --app backend db upgrade 2> >(grep -v "^INFO" >&2)
say "载入演示数据 (loading demo data)"
"$VENV/bin/flask" --app backend seed-demo --json >"$ROOT/instance/demo-accounts.json"
"$PY" "$ROOT/scripts/banner.py" "$url" "$ROOT/instance/demo-accounts.json"

exec "$VENV/bin/flask" --app backend run --host "$host" --port "$port" --with-threads

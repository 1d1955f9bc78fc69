#!/usr/bin/env bash
# Set up and serve the demo: ./scripts/run.sh [--lan [--demo-on-lan]]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

on() { case "${1,,}" in 1|true|yes|on) return 0 ;; *) return 1 ;; esac; }

host=127.0.0.1
demo_on_lan="${ESEAL_DEMO_ON_LAN:-0}"
for arg in "$@"; do
  case "$arg" in
    --lan) host=lan ;;
    --demo-on-lan) demo_on_lan=1 ;;
    -h|--help) echo "用法 (usage): ./scripts/run.sh [--lan [--demo-on-lan]]"; exit 0 ;;
    *) echo "未知参数 (unknown option): $arg" >&2; exit 2 ;;
  esac
done

export ESEAL_DEMO="${ESEAL_DEMO:-1}"
# Demo mode shows every SMS code at /api/dev/sms-outbox: on the LAN, anyone there logs in as anyone.
if [ "$host" = lan ] && on "$ESEAL_DEMO" && ! on "$demo_on_lan"; then
  cat >&2 <<'MSG'
拒绝以 --lan 启动：演示模式会把短信验证码（/api/dev/sms-outbox）开放给整个局域网，
同一网络中的任何人都能以任何账号登录。确需如此，请加 --demo-on-lan（或设置 ESEAL_DEMO_ON_LAN=1）；
或以 ESEAL_DEMO=0 关闭演示模式。
(refused: --lan in demo mode serves the SMS outbox to the whole network, so anyone there can log in as
anyone; add --demo-on-lan or set ESEAL_DEMO_ON_LAN=1 to do it anyway, or turn demo mode off with ESEAL_DEMO=0)
MSG
  exit 2
fi
exposed=()
[ "$host" = lan ] && on "$ESEAL_DEMO" && exposed=(--demo-on-lan)

ensure_venv requirements.txt
ensure_debs fonts-noto-cjk || say "印章图片需要中文字体 (seal images need a CJK font)"

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
# The accounts list their 身份证号 and licence passwords: readable by this user only (0600).
"$VENV/bin/flask" --app backend seed-demo --json --output "$ROOT/instance/demo-accounts.json"
"$PY" "$ROOT/scripts/banner.py" "$url" "$ROOT/instance/demo-accounts.json" "${exposed[@]}"

exec "$VENV/bin/flask" --app backend run --host "$host" --port "$port" --with-threads

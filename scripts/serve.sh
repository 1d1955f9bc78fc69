#!/usr/bin/env bash
# Production serving under gunicorn (settings in gunicorn.conf.py; see docs/deploy.md):
#   ./scripts/serve.sh [eseal]     the 电子印章 app on ESEAL_BIND or 127.0.0.1:${ESEAL_PORT:-5000}
#   ./scripts/serve.sh elicense    the 电子营业执照 app on ESEAL_ELICENSE_BIND or 127.0.0.1:${ESEAL_ELICENSE_PORT:-5001}
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

which=eseal
case "${1:-eseal}" in
  eseal|elicense) which="${1:-eseal}" ;;
  -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "未知参数 (unknown argument): $1 — 用法 (usage): ./scripts/serve.sh [eseal|elicense]" >&2; exit 2 ;;
esac

demo() { case "${ESEAL_DEMO:-0}" in 1|true|yes|on) return 0 ;; *) return 1 ;; esac; }
refuse() { printf '\033[1;31m拒绝启动 (refusing to start):\033[0m %s\n' "$*" >&2; exit 1; }

ensure_venv requirements.txt
ensure_debs fonts-noto-cjk || say "印章图片需要中文字体 (seal images need a CJK font)"

if [ "$which" = eseal ]; then
  # Every host of the app must sign cookies with the same key; instance/secret_key is per machine.
  [ -n "${ESEAL_SECRET_KEY:-}" ] || demo ||
    refuse "ESEAL_SECRET_KEY 未设置 (not set). 生产环境所有主机须使用同一会话密钥; set it, or ESEAL_DEMO=1 for a demo."
  [ -n "${ESEAL_PUBLIC_URL:-}" ] || demo ||
    say "警告 (warning): ESEAL_PUBLIC_URL 未设置 — the licence app's callback will be http://127.0.0.1:${ESEAL_PORT:-5000}"
  say "迁移数据库 (migrating the database)"
  # Also creates the signing keys (and instance/secret_key in a demo) once, before workers race for them.
  "$VENV/bin/flask" --app backend db upgrade 2> >(grep -v "^INFO" >&2)
  export ESEAL_PROC_NAME="${ESEAL_PROC_NAME:-eseal}"
  target="wsgi:app"
else
  # Without it every worker would draw its own random cookie key and the flow would break between them.
  if [ -z "${ELICENSE_SECRET_KEY:-}" ]; then
    demo || refuse "ELICENSE_SECRET_KEY 未设置 (not set): the licence app's own cookie key, the same on all its hosts."
    ELICENSE_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
    export ELICENSE_SECRET_KEY
    say "演示模式：本次运行的执照应用 Cookie 密钥为随机值 (demo: a random cookie key for this run)"
  fi
  for name in ESEAL_ID_HASH_KEY ELICENSE_PEER_JWKS_URL ELICENSE_CLIENT_REDIRECT_URI; do
    [ -n "${!name:-}" ] || refuse "$name 未设置 (not set); see docs/deploy.md"
  done
  export ESEAL_BIND="${ESEAL_ELICENSE_BIND:-127.0.0.1:${ESEAL_ELICENSE_PORT:-5001}}"
  export ESEAL_PROC_NAME="${ESEAL_PROC_NAME:-elicense}"
  # Gunicorn calls the factory once per worker (it accepts "module:factory()" as the app).
  target="backend.elicense.app:create_elicense_app()"
fi

say "gunicorn $target"
exec "$VENV/bin/gunicorn" -c "$ROOT/gunicorn.conf.py" "$target"

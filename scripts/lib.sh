# Shared set-up steps of run.sh and test.sh (sourced, not run).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# ensure_venv REQUIREMENTS_FILE: .venv with the file's packages; skips pip when nothing changed.
ensure_venv() {
  local req="$ROOT/$1" stamp="$VENV/.installed-$(basename "$1")" digest
  if [ ! -x "$PY" ]; then
    say "创建 Python 虚拟环境 .venv (creating .venv)"
    python3 -m venv "$VENV"
  fi
  digest=$(cat "$ROOT"/requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    say "安装依赖 $1 (installing Python packages)"
    # (grep drops pip's notes about local index folders this machine does not have)
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$req" 2> >(grep -v "^WARNING: Location" >&2)
    echo "$digest" >"$stamp"
  fi
}

# ensure_debs PACKAGE...: installs Debian packages that are missing, when root.
ensure_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "缺少 Debian 软件包 (missing): ${missing[*]} — 请以 root 运行: apt-get install ${missing[*]}"
    return 1
  fi
  say "安装 Debian 软件包 (installing): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

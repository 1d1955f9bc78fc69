"""The demo's SMS outbox lets anyone who reaches it log in as anyone: ./scripts/run.sh --lan refuses demo mode
unless asked explicitly, and the banner then says who can read the codes."""
import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_script(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ESEAL_")}
    return subprocess.run(["bash", str(ROOT / "scripts" / "run.sh"), *args], capture_output=True, text=True,
                          env={**clean, **env}, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("env", [{}, {"ESEAL_DEMO": "1"}, {"ESEAL_DEMO": "ON"}, {"ESEAL_DEMO_ON_LAN": "0"}])
def test_lan_in_demo_mode_is_refused_before_anything_is_set_up_or_served(env):
    result = run_script("--lan", **env)
    assert result.returncode == 2
    assert "拒绝以 --lan 启动" in result.stderr and "任何账号登录" in result.stderr
    assert "--demo-on-lan" in result.stderr and "ESEAL_DEMO_ON_LAN=1" in result.stderr
    assert result.stdout == ""


def test_help_names_the_explicit_option():
    result = run_script("--help")
    assert result.returncode == 0 and "--demo-on-lan" in result.stdout


def load_banner():
    spec = importlib.util.spec_from_file_location("banner", ROOT / "scripts" / "banner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def accounts(tmp_path):
    path = tmp_path / "demo-accounts.json"
    path.write_text(json.dumps({"accounts": [{
        "case": "未实名", "phone": "13800000001", "name": "张三", "id_number": "440106198803010011",
        "verified": False, "enterprise": None, "role": None, "licence_password": None, "seals": []}]}))
    return path


def test_banner_on_the_lan_warns_that_anyone_there_can_log_in(accounts, capsys):
    load_banner().main("http://192.168.1.20:5000/", str(accounts), "--demo-on-lan")
    out = capsys.readouterr().out
    assert out.count("警告：演示模式已向局域网开放") == 2  # above the accounts and below the QR code
    assert "任何账号登录" in out and "本网络中任何设备可读" in out


def test_banner_on_this_machine_only_says_so(accounts, capsys):
    load_banner().main("http://127.0.0.1:5000/", str(accounts))
    out = capsys.readouterr().out
    assert "警告" not in out and "仅本机可读" in out

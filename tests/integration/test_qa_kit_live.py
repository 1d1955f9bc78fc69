"""The QA kit against a live deployment: gunicorn started here, the examples (examples/qa) run over HTTP with
--eseal-url, as a QA team points them at a staging server. The licence app mounted at /elicense, and on its
own origin (its own gunicorn) with --elicense-url."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .test_gunicorn import wait_until_up
from .test_two_processes import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = "operator-token-for-this-test"
# Short data sync, so that the examples' fresh licences answer 数据同步中 and the driver waits it out; limits per
# client address raised, since every example person comes from 127.0.0.1.
SETTINGS = {"ESEAL_DEMO": "1", "ESEAL_SECRET_KEY": "a-secret-for-this-test", "ESEAL_OPERATOR_TOKEN": TOKEN,
            "ESEAL_ID_HASH_KEY": "register-key-for-this-test", "ESEAL_ELICENSE_SYNC_SECONDS": "1",
            "ESEAL_SMS_PER_ADDRESS": "1000/3600", "ESEAL_LOGIN_WRONG_PER_ADDRESS": "1000/3600",
            "ESEAL_REALNAME_PER_ADDRESS": "1000/86400", "ESEAL_THREADS": "4"}


def start(work, env, port, target, name):
    log = open(work / f"{name}.log", "w+")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", target], cwd=ROOT,
                               env={**env, "ESEAL_BIND": f"127.0.0.1:{port}"}, stdout=log, stderr=subprocess.STDOUT)
    return process, log


def stop(process, log):
    process.send_signal(signal.SIGTERM)
    returncode = process.wait(timeout=25)
    log.close()
    return returncode


@pytest.fixture(scope="module", params=["mounted", "separate"])
def deployment(request, tmp_path_factory):
    """A seeded demo deployment under gunicorn: {"eseal": origin, "elicense": origin, "logs": [paths]}."""
    work = tmp_path_factory.mktemp(f"qa-{request.param}")
    a, b = free_port(), free_port()
    eseal, elicense = f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"
    env = {**os.environ, **SETTINGS, "ESEAL_DATABASE_URL": f"sqlite:///{work}/eseal.db",
           "ESEAL_KEY_DIR": str(work / "keys"), "ESEAL_STAMP_DIR": str(work / "stamping"), "ESEAL_PUBLIC_URL": eseal,
           "ESEAL_WORKERS": "2"}
    env.pop("ESEAL_TEST_DATABASE_URL", None)
    if request.param == "separate":
        env.update({"ESEAL_ELICENSE_URL": f"{elicense}/elicense",
                    "ESEAL_ELICENSE_JWKS_URL": f"{elicense}/elicense/.well-known/jwks.json",
                    "ELICENSE_SECRET_KEY": "b-secret-for-this-test", "ELICENSE_PEER_JWKS_URL": f"{eseal}/api/jwks.json",
                    "ELICENSE_CLIENT_REDIRECT_URI": f"{eseal}/api/elicense/callback"})
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([str(BIN / "flask"), "--app", "backend", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    servers = [start(work, env, a, "wsgi:app", "eseal")]
    if request.param == "separate":
        servers.append(start(work, {**env, "ESEAL_WORKERS": "1"}, b, "backend.elicense.app:create_elicense_app()",
                             "elicense"))
    try:
        wait_until_up(f"{eseal}/api/meta", servers[0][0])
        if request.param == "separate":
            wait_until_up(f"{elicense}/healthz", servers[1][0])
        yield {"kind": request.param, "eseal": eseal, "elicense": elicense if request.param == "separate" else None,
               "logs": [work / "eseal.log", work / "elicense.log"]}
    finally:
        codes = [stop(*server) for server in servers]
    assert codes == [0] * len(servers), (work / "eseal.log").read_text()[-2000:]


def run_examples(deployment, *args):
    command = [sys.executable, "-m", "pytest", "examples/qa", "-q", "-rs", "-p", "no:cacheprovider",
               f"--eseal-url={deployment['eseal']}", f"--eseal-operator-token={TOKEN}", *args]
    if deployment["elicense"]:
        command.append(f"--elicense-url={deployment['elicense']}")
    env = {key: value for key, value in os.environ.items() if key != "ESEAL_TEST_DATABASE_URL"}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


def licence_answers(deployment):
    """The statuses the licence app answered to 执照验证 【确认】, from the access log."""
    log = deployment["logs"][1 if deployment["elicense"] else 0]
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith('{"method"')]
    return [line["status"] for line in lines if line["method"] == "POST" and line["path"].endswith("/verify")]


def test_the_examples_pass_against_the_live_deployment(deployment):
    # On its own origin the licence app gets the examples that go through it; mounted, the whole suite runs.
    selection = ["-k", "first_download or deleted_seal"] if deployment["kind"] == "separate" else []
    result = run_examples(deployment, *selection)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " failed" not in summary and " passed" in summary, summary
    if deployment["kind"] == "mounted":
        # the clock can only be moved in process: those examples skip, saying why
        assert "3 skipped" in summary, result.stdout[-3000:]
        assert "eseal_clock.advance(301) needs the app in process" in result.stdout
        assert "eseal_settings needs the app in process" in result.stdout
    answers = licence_answers(deployment)
    assert 409 in answers and ({200, 303} & set(answers)), answers  # 数据同步中 was answered, and waited out

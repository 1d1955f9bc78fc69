"""Browser tests: Playwright on Debian's Chromium against a live server with the demo data."""
import json
import logging
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db
from backend.jump import set_public_url
from backend.services import demo

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} missing: ./scripts/test.sh installs it as root")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 667}, "device_scale_factor": 2,
            "is_mobile": True, "has_touch": True, "locale": "zh-CN", "user_agent": WECHAT_UA}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "eseal.db"
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    config["ESEAL_ELICENSE_SYNC_SECONDS"] = 2  # long enough to meet 数据同步中 once, short enough to wait out
    return create_app(config)


@pytest.fixture(scope="session")
def live_server(live_app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log in test output
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    set_public_url(live_app, url)  # the callback the licence app has registered
    yield url
    server.shutdown()


@pytest.fixture
def accounts(live_app, live_server):
    """Fresh demo data for each test; the accounts by case."""
    from datetime import UTC, datetime
    from backend.api.common import id_key
    with live_app.app_context():
        db.drop_all()
        db.create_all()
        listed = demo.seed(db.session, datetime.now(UTC), id_key(), live_app.config["ESEAL_CLIENT_ID"])
        db.session.remove()
    return {a["case"]: a for a in listed}


@pytest.fixture
def shoot(request):
    """shoot(page, step): a full-page screenshot into tests/browser/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, step):
        page.wait_for_load_state()  # a screenshot during a navigation can wait forever
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{step}.png"), full_page=True)
    return take


@pytest.fixture
def sms_code(live_server):
    def read(phone):
        items = requests.get(f"{live_server}/api/dev/sms-outbox", params={"phone": phone}, timeout=5).json()["items"]
        return next(m["code"] for m in items if m["code"])
    return read


def dump(data):
    return json.dumps(data, ensure_ascii=False)

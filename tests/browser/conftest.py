"""Browser tests: Playwright on Debian's Chromium against a live server with the demo data."""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser import harness

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN")
# A phone's own browser, outside WeChat: the app draws its own title bar there.
PLAIN_UA = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Mobile Safari/537.36")

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
    # Each test seeds the demo data afresh: on a RAM disk SQLite's commits cost no disk flush (3 s → 1.3 s a test).
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="eseal-browser-", dir=shm))
        yield harness.live_app(folder / "eseal.db")
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield harness.live_app(tmp_path_factory.mktemp("live") / "eseal.db")


@pytest.fixture(scope="session")
def live_server(live_app):
    server, url = harness.serve(live_app)
    yield url
    server.shutdown()


@pytest.fixture
def accounts(live_app, live_server):
    """Fresh demo data for each test; the accounts by case."""
    return harness.fresh_demo_data(live_app)


@pytest.fixture
def shoot(request):
    """shoot(page, step): a full-page screenshot into tests/browser/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, step):
        page.wait_for_load_state()  # a screenshot during a navigation can wait forever
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{step}.png"), full_page=True)
    return take


@pytest.fixture
def plain_page(browser, browser_context_args):
    """A page in a phone's own browser (not WeChat), 375 px wide like the others."""
    context = browser.new_context(**{**browser_context_args, "user_agent": PLAIN_UA})
    yield context.new_page()
    context.close()


@pytest.fixture
def sms_code(live_server):
    return harness.outbox_code(live_server)

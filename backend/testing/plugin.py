"""The pytest plugin: options, the eseal_settings marker and the fixtures eseal_app, eseal_clock, eseal_demo,
eseal_operator and eseal (docs/qa.md)."""
import os

import pytest

from .app import fresh_app, seed_demo
from .clock import Clock, LiveClock
from .demo import from_accounts, from_definitions
from .driver import Eseal
from .operator import Operator
from .people import People
from .transport import HttpBrowser, InProcessBrowser

IN_PROCESS_ONLY = "needs the app in process; this run drives a live server (--eseal-url)"


def pytest_addoption(parser):
    group = parser.getgroup("eseal", "电子印章 QA kit (docs/qa.md)")
    group.addoption("--eseal-url", metavar="URL",
                    help="drive a running deployment at this origin (e.g. http://127.0.0.1:5000) instead of the "
                         "app in process; it must run in demo mode (ESEAL_DEMO=1) for the SMS outbox")
    group.addoption("--elicense-url", metavar="URL",
                    help="origin of the licence app when it runs as its own process (default: --eseal-url, where "
                         "it is mounted at /elicense)")
    group.addoption("--eseal-operator-token", metavar="TOKEN",
                    help="the live server's operator token (default: $ESEAL_OPERATOR_TOKEN)")
    group.addoption("--eseal-wait-limit", type=float, default=5.0, metavar="SECONDS",
                    help="against a live server, eseal_clock.advance waits up to this long and skips beyond it")
    group.addoption("--eseal-sync-timeout", type=float, default=330.0, metavar="SECONDS",
                    help="how long 执照验证 keeps pressing 【确认】 while the licence app answers 数据同步中")


def pytest_configure(config):
    config.addinivalue_line("markers", "eseal_settings(**settings): settings over TestConfig for eseal_app "
                                       "(in process only: against a live server the test is skipped)")


def live_url(config):
    return config.getoption("eseal_url", default=None)


@pytest.fixture
def eseal_clock(request):
    """The app's clock: moved by tests in process; against a live server, real time (advance waits or skips)."""
    if live_url(request.config):
        return LiveClock(wait_limit=request.config.getoption("eseal_wait_limit"))
    return Clock()


@pytest.fixture
def eseal_settings():
    """Settings over TestConfig for eseal_app; override this fixture, or mark tests with eseal_settings(...)."""
    return {}


def marked_settings(request):
    settings = {}
    for marker in reversed(list(request.node.iter_markers("eseal_settings"))):  # the closest marker wins
        settings.update(marker.kwargs)
    return settings


@pytest.fixture
def eseal_app(request, eseal_settings, eseal_clock):
    """The 一网通 app (licence app mounted at /elicense) on a fresh database with test settings: SQLite in
    memory, or the database ESEAL_TEST_DATABASE_URL names."""
    if live_url(request.config):
        pytest.skip(f"eseal_app {IN_PROCESS_ONLY}")
    with fresh_app({**eseal_settings, **marked_settings(request)}, clock=eseal_clock) as app:
        yield app


@pytest.fixture
def eseal_demo(request, eseal_clock):
    """The seven demo cases as objects (eseal_demo.licence_downloaded, …). In process they are seeded first, as
    `flask --app backend seed-demo` does; a live server must have been seeded."""
    if live_url(request.config):
        return from_definitions()
    app = request.getfixturevalue("eseal_app")
    return from_accounts(seed_demo(app, app.config["ESEAL_CLOCK"]()))


def _browser(request):
    url = live_url(request.config)
    if url:
        if any(True for _ in request.node.iter_markers("eseal_settings")):
            pytest.skip(f"eseal_settings {IN_PROCESS_ONLY}")
        return HttpBrowser(url, request.config.getoption("elicense_url"))
    return InProcessBrowser(request.getfixturevalue("eseal_app"))


@pytest.fixture
def eseal_operator(request):
    """The platform operator by its token: 办结开办企业, 刻制完成, 备案完成, 停用 …; None without a token."""
    browser = _browser(request)
    if browser.live:
        token = request.config.getoption("eseal_operator_token") or os.environ.get("ESEAL_OPERATOR_TOKEN")
    else:
        token = browser.app.config.get("ESEAL_OPERATOR_TOKEN")
    return Operator(browser, token) if token else None


@pytest.fixture
def eseal(request, eseal_clock, eseal_operator):
    """The driver: one person in one browser, whose methods are the guide's steps (docs/qa.md)."""
    browser = _browser(request)
    return Eseal(browser, eseal_clock, operator=eseal_operator, people=People(live=browser.live),
                 sync_timeout=request.config.getoption("eseal_sync_timeout"))

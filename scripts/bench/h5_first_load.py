"""H5 first load in Chromium under emulated fast 3G: bytes, requests, time until 首页 is usable.

    .venv/bin/python scripts/bench/h5_first_load.py [runs]

"Fast 3G" as Lighthouse simulates it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. The
baseline, measured in the same run under the same emulation, is one static file of the same server
(the favicon): the floor any page pays for one round trip. A logged-in user opens /h5/#/home with
an empty cache. Targets: ≤ 100 KB transferred, ≤ 12 requests, ≤ 1 s until 首页 is usable.
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import harness  # noqa: E402
from tests.browser.conftest import CHROMIUM, WECHAT_UA  # noqa: E402

FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def login_cookies(browser, base, phone, sms_code):
    context = browser.new_context()
    request = context.request
    request.post(f"{base}/api/auth/sms-codes", data={"phone": phone})
    request.post(f"{base}/api/auth/login", data={"phone": phone, "code": sms_code(phone)})
    cookies = context.cookies()
    context.close()
    return cookies


def measure(browser, cookies, url, ready_selector):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                  locale="zh-CN", user_agent=WECHAT_UA)
    context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    sizes = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    start = time.perf_counter()
    page.goto(url)
    if ready_selector:
        page.wait_for_selector(ready_selector)
    elapsed = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    context.close()
    return elapsed, len(sizes), sum(sizes.values())


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        app = harness.live_app(Path(tmp) / "bench.db")
        server, base = harness.serve(app)
        accounts = harness.fresh_demo_data(app)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cookies = login_cookies(browser, base, accounts["licence_not_downloaded"]["phone"], harness.outbox_code(base))
        home, base_line = [], []
        for _ in range(runs):
            base_line.append(measure(browser, cookies, f"{base}/h5/img/favicon.svg", None))
            home.append(measure(browser, cookies, f"{base}/h5/#/home", '[data-page="home"][data-ready="true"]'))
        browser.close()
        server.shutdown()
    t_base = statistics.median(r[0] for r in base_line)
    t_home = statistics.median(r[0] for r in home)
    _, requests_, bytes_ = home[-1]
    print(f"fast 3G (150 ms RTT, 1.6 Mbit/s), {runs} runs, median, empty cache")
    print(f"  baseline: one static file      {t_base * 1000:7.0f} ms")
    print(f"  首页 usable (logged in)         {t_home * 1000:7.0f} ms  = {t_home / t_base:4.1f}× the baseline"
          f"   target ≤ 1000 ms: {'met' if t_home <= 1 else 'MISSED'}")
    print(f"  requests                       {requests_:7d}            target ≤ 12: {'met' if requests_ <= 12 else 'MISSED'}")
    print(f"  bytes transferred              {bytes_ / 1024:7.1f} KB         target ≤ 100 KB: "
          f"{'met' if bytes_ <= 100 * 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()

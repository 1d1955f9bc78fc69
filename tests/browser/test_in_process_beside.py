"""A QA suite may drive the app in process beside its browser tests (the QA kit's in-process driver): the
signing and verification coroutines still run while Playwright's sync API keeps its event loop marked running
in the test's thread."""
import asyncio

from backend.services import event_loops


async def signed():
    await asyncio.sleep(0)
    return "signed"


def test_a_signing_coroutine_runs_while_playwright_holds_the_thread(page):
    page.set_content("<p>用印</p>")
    assert asyncio.get_running_loop() is not None  # Playwright's loop, marked running here: asyncio.run would fail
    assert event_loops.run(signed()) == "signed"

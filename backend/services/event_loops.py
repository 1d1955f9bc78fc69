"""pyHanko's coroutines run from synchronous code, each on an event loop of its own.

Not asyncio.run: on a main thread that still has Python's default SIGINT handler (the CLI, an in-process
client such as scripts/bench/stamping.py) it swaps the handler in and out, and the standard library formats the
running task's repr to look the old one up — work for nothing at every signature (a gunicorn worker, which sets
its own handlers, never paid it). A thread where a loop already runs — a caller inside async code, or
Playwright's sync API, which keeps its loop marked running in the thread that uses it (a QA suite driving the
app in process beside browser tests) — cannot run another: the coroutine then runs on a thread of its own."""
import asyncio
from concurrent.futures import ThreadPoolExecutor


def _on_own_loop(coroutine):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def _loop_running_here():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run(coroutine):
    if not _loop_running_here():
        return _on_own_loop(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="eseal-async") as pool:
        return pool.submit(_on_own_loop, coroutine).result()

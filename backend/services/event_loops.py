"""pyHanko's coroutines run from synchronous code, each on an event loop of its own.

Not asyncio.run: on the main thread (a sync gunicorn worker, the CLI) it swaps the SIGINT handler in and out,
and the standard library then formats the running task's repr — with the whole document among its arguments —
to look the old handler up: ≈ 1 ms a signature for nothing."""
import asyncio


def run(coroutine):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

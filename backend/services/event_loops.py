"""pyHanko's coroutines run from synchronous code, each on an event loop of its own.

Not asyncio.run: on a main thread that still has Python's default SIGINT handler (the CLI, an in-process
client such as scripts/bench/stamping.py) it swaps the handler in and out, and the standard library formats the
running task's repr to look the old one up — work for nothing at every signature (a gunicorn worker, which sets
its own handlers, never paid it)."""
import asyncio


def run(coroutine):
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

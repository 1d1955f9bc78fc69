"""pyHanko's coroutines run from synchronous code, whether or not an event loop already runs in the thread."""
import asyncio
import threading

from backend.services import event_loops


async def answer(value):
    await asyncio.sleep(0)
    return value, threading.current_thread().name


def test_a_coroutine_runs_to_its_answer_on_the_calling_thread():
    assert event_loops.run(answer(42)) == (42, threading.current_thread().name)


def test_inside_a_running_loop_the_coroutine_runs_on_a_thread_of_its_own():
    async def caller():  # synchronous code called from async code, as Playwright's sync API leaves a thread
        return event_loops.run(answer("signed"))

    value, thread = asyncio.run(caller())
    assert value == "signed" and thread.startswith("eseal-async")


def test_an_error_in_the_coroutine_reaches_the_caller_either_way():
    async def failing():
        raise ValueError("damaged")

    async def caller():
        return event_loops.run(failing())

    for call in (lambda: event_loops.run(failing()), lambda: asyncio.run(caller())):
        try:
            call()
        except ValueError as error:
            assert str(error) == "damaged"
        else:
            raise AssertionError("the error was swallowed")

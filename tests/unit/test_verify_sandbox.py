"""The worker processes of 验章: an answer per document, a deadline that holds (the worker is killed and replaced),
a memory cap, no more workers than allowed, and a worker that dies is reported, never waited for."""
import json
import os
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backend.services.document_verify_sandbox import (
    Sandbox,
    SandboxBusy,
    VerifyTimeout,
    WorkerFailed,
)
from backend.services.document_verify_worker import _plain, revive
from backend.testing.documents import pdf_document

ASK = {"roots_der": [], "crls_der": [], "max_signatures": 50}


def slow_pdf(revisions=100_000):
    """Empty incremental updates chained by /Prev: seconds of parsing."""
    base = pdf_document(1)
    out = bytearray(base)
    previous = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    for _ in range(revisions):
        offset = len(out)
        out += (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 8 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n"
                b"%%%%EOF\n" % (previous, offset))
        previous = offset
    return bytes(out)


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox(size=1, memory_mb=768)
    yield box
    box.close()


def test_a_document_is_answered_and_the_worker_kept(sandbox):
    assert sandbox.verify(pdf_document(2), timeout=30, **ASK) == {"signatures": []}
    worker = sandbox._idle[0]
    assert sandbox.verify(b"%PDF-1.7\nnot really", timeout=30, **ASK) == {"refused": "pdf_damaged"}
    assert sandbox._idle == [worker] and worker.tasks == 2


def test_the_deadline_kills_the_worker_and_a_fresh_one_takes_the_next(sandbox):
    sandbox.verify(pdf_document(1), timeout=30, **ASK)
    old = sandbox._idle[0].process
    started = time.monotonic()
    with pytest.raises(VerifyTimeout):
        sandbox.verify(slow_pdf(), timeout=1, **ASK)
    assert time.monotonic() - started < 2.5
    assert old.poll() is not None  # killed
    assert sandbox.verify(pdf_document(1), timeout=30, **ASK) == {"signatures": []}
    assert sandbox._idle[0].process is not old


def test_the_worker_runs_with_its_address_space_capped(sandbox):
    sandbox.verify(pdf_document(1), timeout=30, **ASK)
    limits = Path(f"/proc/{sandbox._idle[0].process.pid}/limits").read_text()
    line = next(row for row in limits.splitlines() if row.startswith("Max address space"))
    assert line.split()[3] == str(768 * 1024 * 1024)


def test_the_worker_gets_none_of_our_settings(sandbox, monkeypatch):
    monkeypatch.setenv("ESEAL_SECRET_KEY", "not-for-the-worker")
    sandbox.close()  # the next worker is started with this environment around it
    sandbox.verify(pdf_document(1), timeout=30, **ASK)
    environ = Path(f"/proc/{sandbox._idle[0].process.pid}/environ").read_bytes().split(b"\0")
    assert not [item for item in environ if item.startswith(b"ESEAL_")]


def test_a_worker_that_dies_with_the_document_is_reported_and_replaced(sandbox):
    sandbox.verify(pdf_document(1), timeout=30, **ASK)
    pid = sandbox._idle[0].process.pid
    threading.Timer(0.5, os.kill, (pid, signal.SIGKILL)).start()
    with pytest.raises(WorkerFailed):
        sandbox.verify(slow_pdf(), timeout=30, **ASK)
    assert sandbox.verify(pdf_document(1), timeout=30, **ASK) == {"signatures": []}


def test_no_more_workers_than_allowed_and_a_caller_waits_at_most_its_time(sandbox):
    sandbox.verify(pdf_document(1), timeout=30, **ASK)
    busy = threading.Thread(target=lambda: pytest.raises(VerifyTimeout, sandbox.verify, slow_pdf(), timeout=2, **ASK))
    busy.start()
    time.sleep(0.3)
    with pytest.raises(SandboxBusy):
        sandbox.verify(pdf_document(1), timeout=0.5, **ASK)
    busy.join()
    assert sandbox._running == 0


def test_what_the_worker_answers_survives_the_trip():
    value = {"a": [b"\x00\xff", datetime(2026, 12, 2, 3, 4, 5, tzinfo=UTC)], "b": None, "c": {"d": 1.5, "e": "中文"}}
    assert revive(json.loads(json.dumps(_plain(value)))) == value

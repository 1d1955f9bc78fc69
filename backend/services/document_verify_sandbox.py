"""Worker processes for pyHanko's reading of untrusted PDFs: a time limit that holds, and a memory cap.

A PDF can be made to cost without bound to parse (100,000 revisions, a million form fields, object streams at
pyHanko's decode limit one after the other): no timer inside the web process can stop pure-Python parsing
safely, but a process can be killed. Each web process keeps a few workers (document_verify_worker), started on
first use and reused; one that runs past the deadline is killed and replaced by a fresh one. The worker's address
space is capped, so a document that needs gigabytes fails there, not here.
"""
import atexit
import base64
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from .document_verify_worker import HEADER, MAX_FRAME, frame, revive

ROOT = Path(__file__).resolve().parents[2]
# The worker imports backend.services without running backend/__init__.py (the app factory, the settings): it gets
# no secrets, no database, nothing but what reading a PDF needs — and an environment of its own, without ours.
BOOTSTRAP = ("import sys, types\n"
             "package = types.ModuleType('backend')\n"
             "package.__path__ = [sys.argv[1] + '/backend']\n"
             "sys.modules['backend'] = package\n"
             "from backend.services.document_verify_worker import main\n"
             "sys.exit(main(sys.argv[1:]))\n")
STARTUP_SECONDS = 60  # a cold start imports pyHanko (about 1–2 s); far more means the machine is stuck


class VerifyTimeout(Exception):
    """The worker did not answer within the time limit: it was killed."""


class WorkerFailed(Exception):
    """The worker died while it held the document (a crash), or could not be started."""


class SandboxBusy(Exception):
    """Every worker stayed busy for as long as the caller would wait."""


class _Worker:
    def __init__(self, memory_mb):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        self.process = subprocess.Popen([sys.executable, "-E", "-s", "-c", BOOTSTRAP, str(ROOT), str(memory_mb)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True)
        self.tasks = 0
        self._buffer = b""
        try:
            ready = self._read_frame(time.monotonic() + STARTUP_SECONDS)
        except (VerifyTimeout, WorkerFailed) as exc:
            self.kill()
            raise WorkerFailed("the verification worker did not start") from exc
        if json.loads(ready) != {"ready": True}:
            self.kill()
            raise WorkerFailed("the verification worker said something else than ready")

    def ask(self, header, data, deadline):
        """The worker's answer (a dict), or VerifyTimeout / WorkerFailed (the worker is then unusable)."""
        self.tasks += 1
        try:
            self.process.stdin.write(frame(json.dumps(header).encode()) + frame(bytes(data)))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailed("the verification worker is gone") from exc
        return revive(json.loads(self._read_frame(deadline)))

    def _read(self, count, deadline):
        fd = self.process.stdout.fileno()
        while len(self._buffer) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise VerifyTimeout()
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                raise VerifyTimeout()
            chunk = os.read(fd, max(65536, count - len(self._buffer)))
            if not chunk:
                raise WorkerFailed("the verification worker ended")
            self._buffer += chunk
        out, self._buffer = self._buffer[:count], self._buffer[count:]
        return out

    def _read_frame(self, deadline):
        (length,) = HEADER.unpack(self._read(HEADER.size, deadline))
        if length > MAX_FRAME:
            raise WorkerFailed("the verification worker sent a frame too large")
        return self._read(length, deadline)

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def close(self):
        """Let an idle worker end by itself (its stdin closed), killed if it does not within a second."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=1)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class Sandbox:
    """Up to ``size`` workers per process, each capped at ``memory_mb``, replaced after ``max_tasks`` documents."""

    def __init__(self, size=2, memory_mb=1024, max_tasks=1000):
        self.size, self.memory_mb, self.max_tasks = size, memory_mb, max_tasks
        self._idle, self._running = [], 0
        self._lock = threading.Condition()

    def verify(self, data, *, roots_der, crls_der, max_signatures, timeout):
        """pdf_verify.verify_document(details=True) in a worker: {"signatures": [...]} or {"refused": code}.

        VerifyTimeout past ``timeout`` seconds of the worker's time; SandboxBusy when no worker frees up within
        ``timeout`` either; WorkerFailed when the worker dies with the document (it is replaced)."""
        header = {"roots": [base64.b64encode(der).decode() for der in roots_der],
                  "crls": [base64.b64encode(der).decode() for der in crls_der], "max_signatures": max_signatures}
        worker = self._take(time.monotonic() + timeout)
        try:
            answer = worker.ask(header, data, time.monotonic() + timeout)
        except BaseException:
            worker.kill()
            self._give_back(None)
            raise
        self._give_back(worker)
        return answer

    def _take(self, deadline):
        with self._lock:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive():
                        self._running += 1
                        return worker
                    worker.kill()
                if self._running < self.size:
                    self._running += 1
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SandboxBusy()
                self._lock.wait(left)
        try:
            return _Worker(self.memory_mb)  # started outside the lock: a start takes a second or two
        except BaseException:
            self._give_back(None)
            raise

    def _give_back(self, worker):
        with self._lock:
            self._running -= 1
            if worker is not None and worker.tasks < self.max_tasks:
                self._idle.append(worker)
            elif worker is not None:
                worker.close()
            self._lock.notify()

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


_shared = {}
_shared_lock = threading.Lock()


def shared(size=2, memory_mb=1024):
    """This process's sandbox (one per process: a worker's pipes are not to be shared with a fork)."""
    key = (os.getpid(), size, memory_mb)
    with _shared_lock:
        sandbox = _shared.get(key)
        if sandbox is None:
            sandbox = _shared[key] = Sandbox(size, memory_mb)
            atexit.register(sandbox.close)
        return sandbox

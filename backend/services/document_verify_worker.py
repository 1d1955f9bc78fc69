"""The worker process of 验章: pyHanko reads an untrusted PDF here, never in the web process.

Started by document_verify_sandbox (``main([root, MEMORY_MB])``); it answers requests on stdin/stdout until stdin
closes. A request is two frames (a JSON header, the document's bytes); the answer is one JSON frame. A frame
is a 4-byte big-endian length and that many bytes. JSON, not pickle: what this process sends back is read by the
web process, and this process is the one that has read hostile input. Its address space is capped (MEMORY_MB), so
a document that would need more fails here with MemoryError; a document that takes too long is the parent's to
stop (document_verify_sandbox kills the process).
"""
import base64
import json
import logging
import os
import resource
import struct
import sys
from datetime import datetime

HEADER = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024


def read_frame(stream):
    """One frame's bytes, or None at the end of the stream."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (length,) = HEADER.unpack(head)
    if length > MAX_FRAME:
        raise ValueError("frame too large")
    body = stream.read(length)
    if len(body) < length:
        return None
    return body


def frame(body):
    return HEADER.pack(len(body)) + body


def _plain(value):
    """JSON-ready: bytes as {"b64"}, datetimes as {"dt"} (ISO 8601), containers walked."""
    if isinstance(value, bytes | bytearray):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def revive(value):
    """The inverse of _plain, in the web process."""
    if isinstance(value, dict):
        if set(value) == {"b64"}:
            return base64.b64decode(value["b64"])
        if set(value) == {"dt"}:
            return datetime.fromisoformat(value["dt"])
        return {key: revive(item) for key, item in value.items()}
    if isinstance(value, list):
        return [revive(item) for item in value]
    return value


def handle(header, data):
    """{"signatures": [...]} or {"refused": code[, "count": n]}: never raises."""
    from .pdf_documents import DocumentRefused
    from .pdf_verify import TooManySignatures, verify_document
    try:
        found = verify_document(data, trust_roots_der=[base64.b64decode(r) for r in header["roots"]],
                                crls_der=[base64.b64decode(c) for c in header["crls"]],
                                max_signatures=header["max_signatures"], details=True)
    except TooManySignatures as exc:
        return {"refused": "too_many_signatures", "count": exc.count}
    except DocumentRefused as exc:
        cause = exc.__cause__
        if isinstance(cause, MemoryError | RecursionError):
            return {"refused": "too_complex"}
        return {"refused": exc.code}
    except MemoryError:
        return {"refused": "too_complex"}
    except Exception:  # what pdf_verify did not foresee is still an answer, never a dead worker
        logging.getLogger(__name__).warning("verification failed", exc_info=True)
        return {"refused": "pdf_damaged"}
    return {"signatures": _plain(found)}


class _OneLine(logging.Formatter):
    """A record without its traceback: what a hostile document made a parser raise is no news in a log."""

    def format(self, record):
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record)


def _quiet_logs():
    """pyHanko logs every suspicious revision with a traceback: a warning line is enough here."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("verify-worker %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def main(argv):
    memory_mb = int(argv[1]) if len(argv) > 1 else 0
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    requests, answers = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a stray print must not end up inside the answer stream
    _quiet_logs()
    from . import pdf_verify  # noqa: F401  (imported before the first request: the parent waits for "ready")
    answers.write(frame(b'{"ready": true}'))
    answers.flush()
    while True:
        header = read_frame(requests)
        data = read_frame(requests) if header is not None else None
        if data is None:
            return 0
        answer = handle(json.loads(header), data)
        answers.write(frame(json.dumps(answer).encode()))
        answers.flush()

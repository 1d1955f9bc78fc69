"""Where the documents of 用印 live: one directory, files named by the request id, written whole or not at all.

The original upload (<id>.pdf), the signed file (<id>.<sha256>.signed.pdf) and page previews (previews/<id>-<page>-<w>.png).
A file is written to a temporary name in the same directory, flushed to disk and renamed: a crash leaves either
no file or the whole one, never a part.
"""
import os
import secrets
from pathlib import Path


class StampFiles:
    def __init__(self, directory):
        self.directory = Path(directory)

    def _path(self, request_id, suffix):
        if not request_id or not all(c.isalnum() or c in "-_" for c in request_id):
            raise ValueError("bad request id")
        return self.directory / f"{request_id}{suffix}"

    def original(self, request_id):
        return self._path(request_id, ".pdf")

    def signed(self, request_id, digest):
        """The signed file of a request, named by its SHA-256 too: a completion that lost a race for the
        request (its claim taken over) never overwrites the file the winner recorded."""
        if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise ValueError("bad digest")
        return self._path(request_id, f".{digest}.signed.pdf")

    def preview(self, request_id, page, width):
        return self.directory / "previews" / f"{self._path(request_id, '').name}-{int(page)}-{int(width)}.png"

    @staticmethod
    def write(path, data):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        with open(temporary, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
        return path

    @staticmethod
    def read(path):
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def remove(self, request_id, *, keep_signed=False):
        """The request's files (its previews too); the signed ones unless keep_signed."""
        stem = self._path(request_id, "").name
        paths = [self.original(request_id)] + ([] if keep_signed else list(self.directory.glob(f"{stem}.*.signed.pdf")))
        paths += list((self.directory / "previews").glob(f"{stem}-*.png"))
        for path in paths:
            path.unlink(missing_ok=True)

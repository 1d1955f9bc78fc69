"""用印 through the HTTP API, in process: a principal holding seals (the QA kit's driver), then per round
选择文件 → 【确认用印】 → the licence app's result (signed as the licence app signs it) → the callback → 用印
→ 【下载文件】. Used by scripts/bench/stamping.py, which times it against pyHanko alone on the same files;
with ``profile`` each step's time is kept too (and sign_document's within 用印)."""
import tempfile
import time
from datetime import UTC, datetime

from backend.services import jump_tokens
from backend.testing.app import fresh_app
from backend.testing.client import driver
from backend.testing.clock import Clock


STEPS = ("选择文件", "确认用印", "licence result", "callback", "用印", "  sign_document", "下载文件")


class ApiStamping:
    """One app on a SQLite file (its stamping folder temporary), one principal holding a 公章, the browser's cookies.
    ``profile``: {step: [seconds, …]} of every round (STEPS), else None."""

    def __init__(self, profile=False):
        work = tempfile.mkdtemp(prefix="bench-stamping-api-")
        self.clock = Clock(datetime.now(UTC))
        self._context = fresh_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}/bench.db",
                                   "ESEAL_STAMP_DIR": f"{work}/stamping"}, clock=self.clock)
        self.app = self._context.__enter__()
        self.eseal = driver(self.app.test_client())
        self.eseal.sign_up()
        self.eseal.download_seals(self.eseal.open_enterprise(seals=("official",)))
        self.seal = self.eseal.usable_seals()[0]
        self.profile = {step: [] for step in STEPS} if profile else None
        if profile:
            self._time_signing()

    def _timed(self, step, action, *args, **kwargs):
        start = time.perf_counter()
        try:
            return action(*args, **kwargs)
        finally:
            if self.profile is not None:
                self.profile[step].append(time.perf_counter() - start)

    def _time_signing(self):
        """sign_document as 用印 calls it (stamp_signing → pdf_signing.sign_document), timed."""
        from backend.services import stamp_signing
        sign = stamp_signing.pdf_signing.sign_document
        stamp_signing.pdf_signing.sign_document = lambda *args, **kwargs: self._timed("  sign_document", sign,
                                                                                      *args, **kwargs)

    def close(self):
        self._context.__exit__(None, None, None)

    def _result(self, request_id):
        """The licence app's verified result for this confirmation (its pages and password are not timed)."""
        from backend.extensions import db
        from backend.models import StampRequest
        with self.app.app_context():
            request = db.session.get(StampRequest, request_id)
            values = {"subject": self.app.extensions["eseal_jump"].subject(request.user_id), "nonce": request.nonce,
                      "state": request.state, "binding": request.binding}
        return jump_tokens.issue_result(
            self.app.extensions["elicense"].key_ring, issuer="elicense", audience=self.app.config["ESEAL_CLIENT_ID"],
            credit_code=self.seal["credit_code"], outcome="verified", now=self.clock.now, ttl_seconds=300,
            purpose="stamp", **values)

    def stamp(self, data, x_mm, y_mm):
        """One 用印 of ``data`` with the 公章 on page 1: the signed file's bytes."""
        eseal, timed = self.eseal, self._timed
        uploaded = timed("选择文件", eseal.upload_document, data, "基准.pdf")
        timed("确认用印", eseal.confirm_stamp, uploaded["id"],
              [{"seal_id": self.seal["seal_id"], "page": 1, "x_mm": x_mm, "y_mm": y_mm}])
        result = timed("licence result", self._result, uploaded["id"])
        timed("callback", eseal.return_to_stamp, f"/api/elicense/callback?result={result}", uploaded["id"])
        timed("用印", eseal.complete_stamp, uploaded["id"])
        return timed("下载文件", eseal.download_stamped, uploaded["id"])

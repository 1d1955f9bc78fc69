"""用印 and 验章: the uses of a seal beyond the guide's 「目前只支持预览和下载」 (DESIGN.md).

A step here calls the API through self.calls and checks its answer; the jump to the licence app (用印 asks for
the licence password as 下载印章 does) reuses DownloadSteps.verify_in_licence_app, which is not tied to downloads.
"""
from dataclasses import dataclass, field

from .errors import EsealStepFailed, step
from .people import person_of
from .refs import seal_id


@dataclass
class Stamp:
    """One 用印: the request id, the final answer of the API (status signed, signatures, file_url) and the file."""

    id: str
    request: dict = field(default_factory=dict)
    document: bytes = b""
    mode: str = "licence"


def placements_of(seals, page=1, x_mm=20.0, y_mm=20.0, gap_mm=50.0):
    """Each seal on ``page``, side by side from (x_mm, y_mm), gap_mm apart."""
    return [{"seal_id": seal_id(seal), "page": page, "x_mm": x_mm + index * gap_mm, "y_mm": y_mm}
            for index, seal in enumerate(seals)]


class UseSteps:
    """Mixed into the driver (driver.Eseal)."""

    @step("验章")
    def verify_seal_file(self, content, filename="seal.esl"):
        """验章 of a seal file (.esl): the verdict and each step (POST /api/verify/seal)."""
        reply = self.calls.call("POST", "/api/verify/seal", files={"file": (filename, content)})
        return reply.json()

    @step("验章")
    def verify_document(self, content, filename="document.pdf"):
        """验章 of a stamped PDF or a seal file (POST /api/verify, DESIGN.md's contract; docs/verify.md): the verdict
        JSON — ``verdict`` (valid / invalid / indeterminate), ``reason``, ``file_type`` and ``signatures`` in signing
        order, each with its facts (seal_name, enterprise_name, credit_code, seal_code, signed_at, time_source,
        intact, changes, chain, status_at_signing, status_now, maker_signature, stamp_log) and ``checks`` in words.
        Fails with this step's name on a server that does not offer it."""
        reply = self.calls.call("POST", "/api/verify", files={"file": (filename, content)})
        return reply.json()

    @step("选择文件")
    def upload_document(self, content, filename="合同.pdf"):
        """用印 → 选择文件: the PDF uploaded; answers the stamp request (name, size, pages, page_sizes, sha256)."""
        reply = self.calls.call("POST", "/api/stamp-requests", expect=201,
                                files={"file": (filename, content)})
        return reply.json()

    @step("选择印章")
    def usable_seals(self):
        """The seals this user may stamp with now (their own held ones, those authorised to them)."""
        return self.calls.get("/api/stamp-seals")["seals"]

    @step("确认用印")
    def confirm_stamp(self, request_id, placements, riding=None):
        """【确认用印】: answers {"mode": "licence", "jump_url"} or {"mode": "sms", "phone_masked"}."""
        return self.calls.post(f"/api/stamp-requests/{request_id}/confirm",
                               {"placements": placements, "riding": riding})

    @step("回到一网通")
    def return_to_stamp(self, callback_url, request_id):
        """The callback of a 用印 confirmation: the e-seal app believes the result and shows 用印结果."""
        back = self.calls.call("GET", callback_url, expect=303)
        target = back.location or ""
        if "cancelled=1" in target or f"request={request_id}" not in target:
            raise EsealStepFailed(None, f"回到 {target}，而不是用印结果", where=back.where)
        return target

    @step("用印")
    def complete_stamp(self, request_id, code=None):
        """用印成功: the document signed (once, however often asked); answers the request."""
        return self.calls.post(f"/api/stamp-requests/{request_id}/complete", {} if code is None else {"code": code})

    @step("下载文件")
    def download_stamped(self, request_id):
        """【下载文件】: the signed PDF's bytes."""
        reply = self.calls.call("GET", f"/api/stamp-requests/{request_id}/file")
        if not reply.content.startswith(b"%PDF-"):
            raise EsealStepFailed(None, "下载的文件不是PDF")
        return reply.content

    @step("用印")
    def stamp(self, document, seals=(), *, placements=None, riding=None, filename="合同.pdf", page=1,
              licence_password=None):
        """The whole of 用印: 选择文件 → place the seals (``placements``, else ``seals`` side by side on ``page``)
        → 【确认用印】 → the licence password in the 电子营业执照 app (the principal) or the SMS code (a grantee)
        → 用印成功 → 【下载文件】. Answers a Stamp."""
        uploaded = self.upload_document(document, filename)
        placements = placements if placements is not None else placements_of(seals, page)
        confirmed = self.confirm_stamp(uploaded["id"], placements, riding)
        stamp = Stamp(id=uploaded["id"], mode=confirmed["mode"])
        if confirmed["mode"] == "licence":
            first = (placements or [riding])[0]["seal_id"]
            credit_code = next(s["credit_code"] for s in self.usable_seals() if s["seal_id"] == first)
            callback = self.verify_in_licence_app(confirmed["jump_url"], credit_code, licence_password)
            self.return_to_stamp(callback, stamp.id)
            stamp.request = self.complete_stamp(stamp.id)
        else:
            stamp.request = self.complete_stamp(stamp.id, self.sms_code(self._person().phone))
        stamp.document = self.download_stamped(stamp.id)
        return stamp

    @step("用印记录")
    def stamp_logs(self, seal, page=1):
        """用印记录 of a seal: {"items", "page", "pages", "total", "csv_url"} (operators other than you masked)."""
        return self.calls.get(f"/api/seals/{seal_id(seal)}/stamp-logs?page={page}")

    @step("授权用印")
    def grant_seal(self, seal, person, starts_on, ends_on):
        """授权用印 → 【确认授权】: the principal authorises ``person`` (a Person, demo case or driver holding one:
        phone + real name) to use the seal from starts_on to ends_on (dates or YYYY-MM-DD). Answers the grant."""
        person = getattr(person, "person", None) or person_of(person)
        return self.calls.post(f"/api/seals/{seal_id(seal)}/grants", {
            "phone": person.phone, "name": person.name, "starts_on": str(starts_on), "ends_on": str(ends_on)},
            expect=201)

    @step("撤销授权")
    def revoke_grant(self, grant):
        """【撤销授权】: the grantee loses the seal at once. Answers the grant (state revoked)."""
        return self.calls.post(f"/api/grants/{grant if isinstance(grant, int) else grant['id']}/revoke")


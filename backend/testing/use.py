"""用印 and 验章: the uses of a seal beyond the guide's 「目前只支持预览和下载」 (DESIGN.md).

Extension point: a step lands here as a method with @step("<the product's own words>") that calls the API
through self.calls and checks its answer; a jump to the licence app (用印 asks for the licence password as
下载印章 does) reuses DownloadSteps.verify_in_licence_app, which is not tied to downloads.
"""
from .errors import step


class UseSteps:
    """Mixed into the driver (driver.Eseal)."""

    @step("验章")
    def verify_seal_file(self, content, filename="seal.esl"):
        """验章 of a seal file (.esl): the verdict and each step (POST /api/verify/seal)."""
        reply = self.calls.call("POST", "/api/verify/seal", files={"file": (filename, content)})
        return reply.json()

    @step("验章")
    def verify_document(self, content, filename="document.pdf"):
        """验章 of a stamped PDF or a seal file: the verdict and every signature (POST /api/verify, DESIGN.md's
        contract). Fails with this step's name on a server that does not offer it yet."""
        reply = self.calls.call("POST", "/api/verify", files={"file": (filename, content)})
        return reply.json()

    @step("用印")
    def stamp(self, document, seals, **placement):
        """用印: upload a PDF, place the seals, 【确认用印】, licence password, 用印成功. Not offered yet."""
        raise NotImplementedError("用印 is not offered by this version of the platform; when its API lands, write "
                                  "this step in backend/testing/use.py (see the module's docstring)")

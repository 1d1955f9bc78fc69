"""The platform operator (and the seal shop and police filing it stands for), by its Bearer token."""
from .calls import Calls
from .errors import step
from .refs import enterprise_ref, seal_id


class Operator:
    """/api/operator/ with the token: 办结开办企业, 刻制完成, 备案完成, and the seal lifecycle. No user cookie."""

    def __init__(self, browser, token):
        self.calls = Calls(browser)
        self.headers = {"Authorization": f"Bearer {token}"}

    def _post(self, path, body=None):
        return self.calls.post(f"/api/operator{path}", body or {}, headers=self.headers)

    @step("查看开办申请")
    def startups(self, status=None):
        """The start-up applications (审核中 = submitted, 已办结 = completed)."""
        return self.calls.get("/api/operator/startups", params={"status": status} if status else None,
                              headers=self.headers)["items"]

    @step("办结开办企业")
    def complete_startup(self, application, credit_code=None):
        """开办手续完成: the enterprise registered and its gift package issued (电子印章 待刻制).
        Answers {"enterprise": …, "seals": [...]}."""
        number = application if isinstance(application, int) else application["id"]
        return self._post(f"/startups/{number}/complete", {"credit_code": credit_code} if credit_code else None)

    @step("刻制完成")
    def carve(self, seal):
        """实物印章刻制完成."""
        return self._post(f"/seals/{seal_id(seal)}/carve")

    @step("备案完成")
    def file(self, seal):
        """印章备案完成: the 印章编码, and the seal's key, certificate and seal object."""
        return self._post(f"/seals/{seal_id(seal)}/file")

    @step("刻制完成，备案完成")
    def carve_and_file(self, seals):
        """Both steps for each seal given (the operator's 办结 answer's "seals", or a list of seals)."""
        seals = seals["seals"] if isinstance(seals, dict) else seals
        return [self.file(self.carve(seal)) for seal in seals]

    @step("停用")
    def suspend(self, seal, note=None):
        return self._post(f"/seals/{seal_id(seal)}/suspend", {"note": note} if note else None)

    @step("恢复")
    def resume(self, seal, note=None):
        return self._post(f"/seals/{seal_id(seal)}/resume", {"note": note} if note else None)

    @step("注销")
    def revoke(self, seal, reason="cessation", note=None):
        """注销 (reason "cessation") or 挂失 ("compromise")."""
        return self._post(f"/seals/{seal_id(seal)}/revoke", {"reason": reason, **({"note": note} if note else {})})

    @step("更名")
    def rename_enterprise(self, enterprise, name, note=None):
        """企业更名: its seals revoked and made anew with the new name. ``enterprise``: its 统一社会信用代码 or JSON."""
        code = enterprise if isinstance(enterprise, str) else enterprise_ref(enterprise)[1]
        return self._post(f"/enterprises/{code}/rename", {"name": name, **({"note": note} if note else {})})

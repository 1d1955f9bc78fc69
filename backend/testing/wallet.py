"""查看印章 and 管理印章 (guide 二): 查看已下载印章 → 查看详情, 印章变动, 印章领用情况, 删除."""
from .errors import EsealStepFailed, step
from .refs import receipt_id, seal_id


class WalletSteps:
    """Mixed into the driver (driver.Eseal)."""

    @step("查看已下载印章")
    def held_seals(self, enterprise):
        """The enterprise's seals in this user's wallet: [{"receipt_id", "received_at", "seal": {...}}]."""
        return self.calls.get(f"/api/enterprises/{self.enterprise_id(enterprise)}/wallet")["items"]

    @step("查看详情")
    def seal_details(self, receipt):
        """【查看详情】: the seal picture and the enterprise's information (and the seal's certificate)."""
        return self.calls.get(f"/api/receipts/{receipt_id(receipt)}")

    @step("印章变动")
    def seal_changes(self, enterprise, seal=None, per_page=100):
        """印章变动: the enterprise's seal history (only this seal's with ``seal``), newest first."""
        query = {"per_page": per_page, **({"seal_id": seal_id(seal)} if seal is not None else {})}
        return self.calls.get(f"/api/enterprises/{self.enterprise_id(enterprise)}/seal-events", params=query)["items"]

    @step("印章领用情况")
    def seal_receipts(self, seal):
        """印章领用情况: who received this seal and when, masked; held or deleted. {"seal": …, "items": [...]}."""
        return self.calls.get(f"/api/seals/{seal_id(seal)}/receipts")

    @step("删除")
    def delete_seals(self, receipts):
        """管理印章: select seals → 【删除】 → 确定. All of them leave the wallet, or none does."""
        ids = list(dict.fromkeys(receipt_id(r) for r in (receipts if isinstance(receipts, (list, tuple)) else
                                                          [receipts])))
        deleted = self.calls.post("/api/receipts/delete", {"receipt_ids": ids})["deleted"]
        if deleted != len(ids):
            raise EsealStepFailed(None, f"选择了 {len(ids)} 枚印章，删除了 {deleted} 枚")
        return deleted

    @step("下载印章文件")
    def download_seal_file(self, receipt):
        """查看详情 → 【下载印章文件】: the seal object (.esl, GB/T 38540 DER) as bytes."""
        reply = self.calls.call("GET", f"/api/receipts/{receipt_id(receipt)}/seal-file")
        return reply.content

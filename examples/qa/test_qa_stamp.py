"""用印 and 授权用印: a principal stamps a contract; a staff member they authorised stamps with an SMS code."""
from datetime import timedelta

from backend.testing.documents import pdf_document


def test_a_principal_stamps_a_contract_with_a_riding_seal(eseal):
    eseal.sign_up()
    opened = eseal.open_enterprise(seals=("official", "contract"))
    eseal.download_seals(opened)                                         # the seals are held: usable for 用印
    seals = {seal["name"]: seal for seal in eseal.usable_seals()}        # 选择印章
    stamp = eseal.stamp(pdf_document(3), placements=[                     # 选择文件 … 用印成功 → 【下载文件】
        {"seal_id": seals["合同专用章"]["seal_id"], "page": 3, "x_mm": 120, "y_mm": 200}],
        riding={"seal_id": seals["公章"]["seal_id"], "y_mm": 100})
    assert stamp.mode == "licence" and stamp.document.count(b"/ByteRange") == 2
    [row] = eseal.stamp_logs(seals["合同专用章"])["items"]                  # 用印记录
    assert row["page"] == 3 and row["sha256_after"] == stamp.request["sha256_after"]


def test_a_grantee_stamps_until_the_grant_is_revoked(eseal, eseal_clock):
    eseal.sign_up()
    opened = eseal.open_enterprise(seals=("official", "contract"))
    eseal.download_seals(opened)
    contract = next(s for s in eseal.usable_seals() if s["name"] == "合同专用章")
    staff = eseal.new_browser()
    staff.sign_up()                                                      # a real-name-verified person
    today = (eseal_clock.now + timedelta(hours=8)).date()                # China's day
    grant = eseal.grant_seal(contract, staff, today, today + timedelta(days=30))
    assert [s["access"] for s in staff.usable_seals()] == ["grant"]
    stamp = staff.stamp(pdf_document(1), [contract])                     # confirmed with the SMS code
    assert stamp.mode == "sms" and stamp.request["status"] == "signed"
    eseal.revoke_grant(grant)
    assert staff.usable_seals() == []

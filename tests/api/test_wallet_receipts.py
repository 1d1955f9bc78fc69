"""印章领用情况: every receipt of a seal, masked, with its status; only the principal sees it."""
from datetime import datetime


from backend.testing.client import assert_error, download_by_token, login, wallet_items
from backend.testing.state import enterprise_by_phone, wallet_state

OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


def receipts_of(client, seal_id):
    response = client.get(f"/api/seals/{seal_id}/receipts")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_held_seal_shows_one_masked_receipt_of_the_principal(clock, principal):
    client, ent = principal
    item = wallet_items(client, ent)[0]
    body = receipts_of(client, item["seal"]["id"])
    assert body["seal"] == {"id": item["seal"]["id"], "name": item["seal"]["name"], "status": "filed",
                            "status_label": "已备案"}
    [receipt] = body["items"]
    assert receipt["holder_name_masked"] == "林**"
    assert receipt["phone_masked"] == "138****0002"
    assert receipt["role"] == "法定代表人"
    assert datetime.fromisoformat(receipt["received_at"]) == clock.now
    assert (receipt["status"], receipt["status_label"], receipt["deleted_at"]) == ("held", "持有中", None)


def test_the_full_name_and_phone_never_appear(principal):
    client, ent = principal
    text = client.get(f"/api/seals/{wallet_items(client, ent)[0]['seal']['id']}/receipts").get_data(as_text=True)
    assert "林晓红" not in text and "13800000002" not in text


def test_after_deletion_the_receipt_is_deleted_with_its_time(clock, principal):
    client, ent = principal
    item = wallet_items(client, ent)[0]
    received = clock.now
    clock.advance(120)
    assert client.post("/api/receipts/delete", json={"receipt_ids": [item["receipt_id"]]}).status_code == 200
    [receipt] = receipts_of(client, item["seal"]["id"])["items"]
    assert (receipt["status"], receipt["status_label"]) == ("deleted", "已删除")
    assert datetime.fromisoformat(receipt["deleted_at"]) == clock.now
    assert datetime.fromisoformat(receipt["deleted_at"]) > datetime.fromisoformat(receipt["received_at"]) == received


def test_other_seals_stay_held_after_one_is_deleted(principal):
    client, ent = principal
    first, second = wallet_items(client, ent)[:2]
    client.post("/api/receipts/delete", json={"receipt_ids": [first["receipt_id"]]})
    assert receipts_of(client, second["seal"]["id"])["items"][0]["status"] == "held"


def test_another_principal_cannot_see_the_seals_receipts(app, principal):
    client, ent = principal
    seal_id = wallet_items(client, ent)[0]["seal"]["id"]
    other = app.test_client()
    login(other, OTHER)
    before = wallet_state(app)
    refused = other.get(f"/api/seals/{seal_id}/receipts")
    assert_error(refused, 404, "seal_not_found")
    assert "林" not in refused.get_data(as_text=True)
    assert wallet_state(app) == before


def test_a_nonexistent_seal_is_not_found(principal):
    client, _ = principal
    assert_error(client.get("/api/seals/999999/receipts"), 404, "seal_not_found")


def test_the_principal_sees_another_enterprises_seal_as_not_found(app, clock, principal):
    client, _ = principal
    other = app.test_client()
    login(other, OTHER)
    other_ent = enterprise_by_phone(app, OTHER)[0]
    download_by_token(app, clock, other, other_ent)
    theirs = wallet_items(other, other_ent)[0]["seal"]["id"]
    assert_error(client.get(f"/api/seals/{theirs}/receipts"), 404, "seal_not_found")

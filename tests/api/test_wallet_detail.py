"""查看已下载印章 → 查看详情: the seal and its enterprise, masked; nobody else's, nothing deleted."""
from datetime import datetime

from backend.testing.client import assert_error, download_by_token, login, wallet_items
from backend.testing.state import enterprise_by_phone, filed_seal_count, seal_row, wallet_state

PHONE = "13800000002"  # 林晓红, principal of 广州市粤海贸易有限公司 (the principal fixture)
OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


def test_wallet_lists_every_filed_seal_once_with_its_receipt(app, principal):
    client, ent = principal
    items = wallet_items(client, ent)
    assert len(items) == filed_seal_count(app, ent) == 5
    assert len({item["seal"]["id"] for item in items}) == 5
    names = {item["seal"]["name"] for item in items}
    assert names == {"公章", "财务专用章", "发票专用章", "合同专用章", "法定代表人名章"}


def test_detail_shows_seal_enterprise_masked_principal_code_and_dates(app, clock, principal):
    client, ent = principal
    item = wallet_items(client, ent)[0]
    response = client.get(f"/api/receipts/{item['receipt_id']}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    stored = seal_row(app, body["seal"]["id"])

    assert body["receipt_id"] == item["receipt_id"]
    assert body["seal"]["name"] == item["seal"]["name"]
    assert body["seal"]["type"] == stored["type"]
    assert body["type_label"]  # the seal kind's label, e.g. 法定名称章
    assert body["seal"]["code"] == stored["code"] and body["seal"]["code"]
    assert body["seal"]["status"] == "filed" and body["seal"]["status_label"]
    assert datetime.fromisoformat(body["seal"]["filed_at"]) == stored["filed_at"]
    assert datetime.fromisoformat(body["received_at"]) == clock.now  # 下载时间: when the download completed
    assert body["seal"]["image_url"] and body["seal"]["thumb_url"]

    enterprise = body["enterprise"]
    assert enterprise["id"] == ent
    assert enterprise["name"] == "广州市粤海贸易有限公司"
    assert enterprise["credit_code"] == enterprise_by_phone(app, PHONE)[1]
    assert enterprise["principal_name_masked"] == "林**"
    assert "林晓红" not in response.get_data(as_text=True)
    assert enterprise["principal_role"] == "法定代表人"


def test_detail_image_url_serves_the_seal_picture(principal):
    client, ent = principal
    body = client.get(f"/api/receipts/{wallet_items(client, ent)[0]['receipt_id']}").get_json()
    picture = client.get(body["seal"]["image_url"])
    assert picture.status_code == 200
    assert picture.mimetype.startswith("image/")


def test_detail_of_another_users_receipt_is_not_found(app, clock, principal):
    client, ent = principal
    other = app.test_client()
    login(other, OTHER)
    other_ent = enterprise_by_phone(app, OTHER)[0]
    download_by_token(app, clock, other, other_ent)
    mine = wallet_items(client, ent)[0]["receipt_id"]
    theirs = wallet_items(other, other_ent)
    assert theirs
    before = wallet_state(app)
    for receipt in theirs:
        refused = client.get(f"/api/receipts/{receipt['receipt_id']}")
        assert_error(refused, 404, "receipt_not_found")
        assert receipt["seal"]["name"] not in refused.get_data(as_text=True)
    assert_error(other.get(f"/api/receipts/{mine}"), 404, "receipt_not_found")
    assert wallet_state(app) == before


def test_detail_of_a_deleted_receipt_is_not_found(principal):
    client, ent = principal
    receipt_id = wallet_items(client, ent)[0]["receipt_id"]
    assert client.post("/api/receipts/delete", json={"receipt_ids": [receipt_id]}).status_code == 200
    assert_error(client.get(f"/api/receipts/{receipt_id}"), 404, "receipt_not_found", "未找到该印章，可能已被删除")


def test_detail_of_a_nonexistent_receipt_is_not_found(principal):
    client, _ = principal
    assert_error(client.get("/api/receipts/999999"), 404, "receipt_not_found")


def test_wallet_of_another_enterprise_is_not_found(app, principal):
    client, _ = principal
    foreign = assert_error(client.get(f"/api/enterprises/{enterprise_by_phone(app, OTHER)[0]}/wallet"), 404,
                           "enterprise_not_found")
    assert assert_error(client.get("/api/enterprises/999999/wallet"), 404, "enterprise_not_found") == foreign

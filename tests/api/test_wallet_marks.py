"""印章预览 names the seals already in this user's wallet; 印章变动 of one seal; masked people in events."""
from backend.testing.client import login, wallet_items
from backend.testing.state import enterprise_by_phone

PHONE = "13800000002"  # 林晓红, principal of 广州市粤海贸易有限公司 (the principal fixture)
OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


def preview(client, ent):
    response = client.get(f"/api/enterprises/{ent}/seals")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_preview_before_any_download_lists_no_seal_as_downloaded(app, demo):
    client = app.test_client()
    login(client, PHONE)
    data = preview(client, enterprise_by_phone(app, PHONE)[0])
    assert data["downloaded_seal_ids"] == [] and data["downloadable"] is True


def test_preview_after_a_deletion_names_the_seals_still_held(principal):
    client, ent = principal
    held = wallet_items(client, ent)
    assert sorted(preview(client, ent)["downloaded_seal_ids"]) == sorted(i["seal"]["id"] for i in held)
    gone = held[0]
    assert client.post("/api/receipts/delete", json={"receipt_ids": [gone["receipt_id"]]}).status_code == 200
    data = preview(client, ent)
    assert gone["seal"]["id"] not in data["downloaded_seal_ids"]
    assert len(data["downloaded_seal_ids"]) == len(data["items"]) - 1


def test_events_of_one_seal_are_only_that_seals(principal):
    client, ent = principal
    seal_id = wallet_items(client, ent)[0]["seal"]["id"]
    response = client.get(f"/api/enterprises/{ent}/seal-events", query_string={"seal_id": seal_id})
    assert response.status_code == 200
    page = response.get_json()
    assert page["total"] == 4 and {e["seal_id"] for e in page["items"]} == {seal_id}
    assert [e["kind"] for e in page["items"]] == ["download", "file", "carve", "apply"]


def test_events_name_the_principal_masked_and_read_naturally(principal):
    client, ent = principal
    items = client.get(f"/api/enterprises/{ent}/seal-events", query_string={"per_page": 100}).get_json()["items"]
    downloads = [e for e in items if e["kind"] == "download"]
    assert {e["actor"] for e in downloads} == {"林**"}
    assert {e["detail"] for e in downloads} >= {"法定代表人名章已下载", "公章已下载"}


def test_events_of_another_enterprises_seal_are_empty(app, principal):
    client, ent = principal
    other_client = app.test_client()
    login(other_client, OTHER)
    other_ent = enterprise_by_phone(app, OTHER)[0]
    other_seal = preview(other_client, other_ent)["items"][0]["id"]
    page = client.get(f"/api/enterprises/{ent}/seal-events", query_string={"seal_id": other_seal}).get_json()
    assert page["total"] == 0 and page["items"] == []

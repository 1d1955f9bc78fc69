"""印章变动: every event of the enterprise's seals, newest first, paged; another enterprise's history is 404."""
from datetime import datetime

import pytest

from backend.testing.client import assert_error, login, wallet_items
from backend.testing.state import enterprise_by_phone, wallet_state

OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


def events(client, ent, **query):
    response = client.get(f"/api/enterprises/{ent}/seal-events", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_events_are_newest_first_with_time_and_detail(principal):
    client, ent = principal
    page = events(client, ent, per_page=100)
    times = [datetime.fromisoformat(e["created_at"]) for e in page["items"]]
    assert times == sorted(times, reverse=True)
    assert page["total"] == len(page["items"]) == 20  # 5 seals × 申请, 刻制完成, 备案完成, 下载
    assert all(e["detail"] and e["seal_name"] and e["kind_label"] for e in page["items"])
    assert [e["kind"] for e in page["items"][:5]] == ["download"] * 5  # the download is the newest


def test_events_after_a_download_include_every_kind_of_the_seal_life(principal):
    client, ent = principal
    items = events(client, ent, per_page=100)["items"]
    assert {e["kind"] for e in items} == {"apply", "carve", "file", "download"}
    labels = {e["kind"]: e["kind_label"] for e in items}
    assert labels == {"apply": "申请", "carve": "刻制完成", "file": "备案完成", "download": "下载"}
    for seal_id in {e["seal_id"] for e in items}:
        assert sorted(e["kind"] for e in items if e["seal_id"] == seal_id) == ["apply", "carve", "download", "file"]


def test_a_deletion_adds_a_delete_event_at_the_top(clock, principal):
    client, ent = principal
    item = wallet_items(client, ent)[0]
    clock.advance(60)
    assert client.post("/api/receipts/delete", json={"receipt_ids": [item["receipt_id"]]}).status_code == 200
    page = events(client, ent, per_page=100)
    assert page["total"] == 21
    newest = page["items"][0]
    assert newest["kind"] == "delete" and newest["kind_label"] == "删除"
    assert newest["seal_id"] == item["seal"]["id"]
    assert datetime.fromisoformat(newest["created_at"]) == clock.now
    assert item["seal"]["name"] in newest["detail"]
    assert newest["actor"] == "林**"  # a person is named masked, as on every other page


def test_pages_split_the_history_without_overlap_and_total_is_stable(principal):
    client, ent = principal
    first, second = events(client, ent, page=1, per_page=7), events(client, ent, page=2, per_page=7)
    third = events(client, ent, page=3, per_page=7)
    assert first["total"] == second["total"] == third["total"] == 20
    assert (first["page"], first["per_page"], second["page"]) == (1, 7, 2)
    assert len(first["items"]) == len(second["items"]) == 7 and len(third["items"]) == 6
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert len(set(ids)) == 20
    assert ids == [e["id"] for e in events(client, ent, per_page=100)["items"]]
    assert events(client, ent, page=4, per_page=7)["items"] == []


def test_default_page_is_the_first_twenty(principal):
    client, ent = principal
    page = events(client, ent)
    assert (page["page"], page["per_page"], len(page["items"])) == (1, 20, 20)


@pytest.mark.parametrize("query", [{"per_page": 101}, {"per_page": 0}, {"page": 0}, {"page": "x"}, {"per_page": -1}])
def test_page_arguments_out_of_range_are_refused(app, principal, query):
    client, ent = principal
    before = wallet_state(app)
    response = client.get(f"/api/enterprises/{ent}/seal-events", query_string=query)
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid"
    assert wallet_state(app) == before


def test_per_page_of_exactly_100_is_allowed(principal):
    client, ent = principal
    assert events(client, ent, per_page=100)["per_page"] == 100


def test_another_enterprises_events_are_not_found(app, principal):
    client, _ = principal
    other_ent = enterprise_by_phone(app, OTHER)[0]
    assert_error(client.get(f"/api/enterprises/{other_ent}/seal-events"), 404, "enterprise_not_found")
    assert_error(client.get("/api/enterprises/999999/seal-events"), 404, "enterprise_not_found")
    other = app.test_client()
    login(other, OTHER)
    refused = other.get(f"/api/enterprises/{principal[1]}/seal-events")
    assert_error(refused, 404, "enterprise_not_found")
    assert "林" not in refused.get_data(as_text=True)

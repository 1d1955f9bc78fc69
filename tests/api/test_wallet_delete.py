"""管理印章 → 删除: the selected seals leave the wallet, all or none; refusals change nothing."""
import pytest

from backend.testing.client import assert_error, download_by_token, login, wallet_items
from backend.testing.state import enterprise_by_phone, wallet_state

OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


def delete(client, ids, **kwargs):
    return client.post("/api/receipts/delete", json={"receipt_ids": ids}, **kwargs)


def delete_events(client, ent):
    items = client.get(f"/api/enterprises/{ent}/seal-events", query_string={"per_page": 100}).get_json()["items"]
    return [e for e in items if e["kind"] == "delete"]


def test_deleting_one_seal_removes_it_from_the_wallet_and_records_a_delete_event(principal):
    client, ent = principal
    items = wallet_items(client, ent)
    response = delete(client, [items[0]["receipt_id"]])
    assert response.status_code == 200
    assert response.get_json() == {"deleted": 1}
    left = wallet_items(client, ent)
    assert [i["receipt_id"] for i in left] == [i["receipt_id"] for i in items[1:]]
    assert [e["seal_id"] for e in delete_events(client, ent)] == [items[0]["seal"]["id"]]


def test_deleting_several_seals_at_once(principal):
    client, ent = principal
    items = wallet_items(client, ent)
    chosen = [items[0]["receipt_id"], items[2]["receipt_id"], items[4]["receipt_id"]]
    assert delete(client, chosen).get_json() == {"deleted": 3}
    assert {i["receipt_id"] for i in wallet_items(client, ent)} == {items[1]["receipt_id"], items[3]["receipt_id"]}
    assert sorted(e["seal_id"] for e in delete_events(client, ent)) == sorted(items[i]["seal"]["id"] for i in (0, 2, 4))


def test_a_repeated_id_in_one_request_deletes_the_seal_once(principal):
    client, ent = principal
    receipt_id = wallet_items(client, ent)[0]["receipt_id"]
    assert delete(client, [receipt_id, receipt_id]).get_json() == {"deleted": 1}
    assert len(delete_events(client, ent)) == 1


def test_deleting_every_seal_empties_the_wallet(principal):
    client, ent = principal
    assert delete(client, [i["receipt_id"] for i in wallet_items(client, ent)]).get_json() == {"deleted": 5}
    assert wallet_items(client, ent) == []


def test_one_id_of_another_user_refuses_the_whole_request(app, clock, principal):
    client, ent = principal
    other = app.test_client()
    login(other, OTHER)
    other_ent = enterprise_by_phone(app, OTHER)[0]
    download_by_token(app, clock, other, other_ent)
    mine, theirs = wallet_items(client, ent), wallet_items(other, other_ent)
    before = wallet_state(app)
    refused = delete(client, [mine[0]["receipt_id"], theirs[0]["receipt_id"]])
    assert refused.status_code == 404
    assert refused.get_json()["error"] == "receipt_not_found"
    assert wallet_state(app) == before
    assert wallet_items(client, ent) == mine and wallet_items(other, other_ent) == theirs
    assert delete_events(client, ent) == []


def test_another_users_receipts_cannot_be_deleted_by_them_alone(app, principal):
    client, ent = principal
    other = app.test_client()
    login(other, OTHER)
    before = wallet_state(app)
    assert_error(delete(other, [wallet_items(client, ent)[0]["receipt_id"]]), 404, "receipt_not_found")
    assert wallet_state(app) == before


def test_one_nonexistent_id_refuses_the_whole_request(app, principal):
    client, ent = principal
    before = wallet_state(app)
    assert_error(delete(client, [wallet_items(client, ent)[0]["receipt_id"], 999999]), 404, "receipt_not_found")
    assert wallet_state(app) == before


def test_deleting_twice_is_not_found_the_second_time(app, principal):
    client, ent = principal
    receipt_id = wallet_items(client, ent)[0]["receipt_id"]
    assert delete(client, [receipt_id]).status_code == 200
    before = wallet_state(app)
    assert_error(delete(client, [receipt_id]), 404, "receipt_not_found", "未找到该印章，可能已被删除")
    assert wallet_state(app) == before
    assert len(delete_events(client, ent)) == 1


def test_a_deleted_id_with_a_held_one_refuses_both(app, principal):
    client, ent = principal
    items = wallet_items(client, ent)
    delete(client, [items[0]["receipt_id"]])
    before = wallet_state(app)
    assert_error(delete(client, [items[0]["receipt_id"], items[1]["receipt_id"]]), 404, "receipt_not_found")
    assert wallet_state(app) == before
    assert len(wallet_items(client, ent)) == 4


@pytest.mark.parametrize("body", [
    {"receipt_ids": []},
    {"receipt_ids": list(range(1, 52))},  # 51 ids
    {"receipt_ids": ["abc"]},
    {"receipt_ids": [1.5]},  # would otherwise be read as receipt 1
    {"receipt_ids": ["1"]},
    {"receipt_ids": [True]},
    {"receipt_ids": "1"},
    {"receipt_ids": None},
    {},
    {"receipt_ids": [1], "extra": True},
], ids=["empty", "more-than-50", "non-integer", "fraction", "numeric-text", "boolean", "not-a-list", "null", "missing",
        "unknown-key"])
def test_malformed_selection_is_refused_with_422(app, principal, body):
    client, _ = principal
    before = wallet_state(app)
    response = client.post("/api/receipts/delete", json=body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"] == "invalid"
    assert wallet_state(app) == before


def test_exactly_50_ids_pass_validation(app, principal):
    client, ent = principal
    ids = [wallet_items(client, ent)[0]["receipt_id"]] + list(range(900000, 900049))
    before = wallet_state(app)
    assert_error(delete(client, ids), 404, "receipt_not_found")  # valid shape, unknown ids: all or nothing
    assert wallet_state(app) == before


def test_cross_origin_delete_is_forbidden_and_deletes_nothing(app, principal):
    client, ent = principal
    before = wallet_state(app)
    refused = delete(client, [wallet_items(client, ent)[0]["receipt_id"]], headers={"Origin": "https://evil.example"})
    assert_error(refused, 403, "cross_origin")
    assert wallet_state(app) == before


def test_delete_without_login_is_refused(app, principal):
    client, ent = principal
    receipt_id = wallet_items(client, ent)[0]["receipt_id"]
    before = wallet_state(app)
    assert_error(delete(app.test_client(), [receipt_id]), 401, "unauthenticated")
    assert wallet_state(app) == before

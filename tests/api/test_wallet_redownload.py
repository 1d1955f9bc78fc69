"""Downloading again after 删除: only through a new jump with fresh verification; old ones are never reused."""
import pytest

from backend.testing.client import (assert_error, callback, login, page_text, start_download, verify_licence,
                                   wallet_items)
from backend.testing.state import enterprise_by_phone, snapshot, wallet_state

PHONE = "13800000002"  # 林晓红: licence downloaded and synced, password 135790


@pytest.fixture
def downloaded(app, demo):
    """林晓红 downloaded every seal through the licence app; gives (client, enterprise, old download, old callback)."""
    client = app.test_client()
    login(client, PHONE)
    ent = enterprise_by_phone(app, PHONE)[0]
    started = start_download(client, ent)
    url = verify_licence(client, started["jump_url"])
    assert client.get(url).status_code == 303
    assert complete(client, started["id"]).status_code == 200
    return client, ent, started, url


@pytest.fixture
def two_deleted(clock, downloaded):
    """…then deleted two of the five seals; also gives those two wallet items."""
    client, ent, started, url = downloaded
    items = wallet_items(client, ent)
    gone = [items[1], items[3]]
    clock.advance(60)
    assert client.post("/api/receipts/delete", json={"receipt_ids": [g["receipt_id"] for g in gone]}).status_code == 200
    clock.advance(60)
    return client, ent, started, url, gone


def complete(client, download_id):
    return client.post(f"/api/downloads/{download_id}/complete", json={})


def seal_receipts(client, seal_id):
    return client.get(f"/api/seals/{seal_id}/receipts").get_json()["items"]


def test_starting_while_every_seal_is_held_is_a_conflict_and_opens_nothing(app, downloaded):
    client, ent, _, _ = downloaded
    version = client.get("/api/downloads/declaration").get_json()["version"]
    before = wallet_state(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads", json={"declaration_version": version, "agreed": True})
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "seals_already_held"
    assert wallet_state(app) == before


def test_a_new_verified_jump_brings_back_exactly_the_deleted_seals(app, clock, two_deleted):
    client, ent, _, _, gone = two_deleted
    before = snapshot(app)
    again = start_download(client, ent)
    assert client.get(verify_licence(client, again["jump_url"])).status_code == 303  # fresh verification
    done = complete(client, again["id"])
    assert done.status_code == 200, done.get_json()
    assert sorted(r["name"] for r in done.get_json()["receipts"]) == sorted(g["seal"]["name"] for g in gone)

    after = snapshot(app)
    assert after["receipts"] == before["receipts"] + 2  # one new receipt per deleted seal
    assert after["download_events"] == before["download_events"] + 2
    assert after["spent_tokens"] == before["spent_tokens"] + 1
    items = wallet_items(client, ent)
    assert len(items) == 5 and len({i["seal"]["id"] for i in items}) == 5
    back = {i["seal"]["id"]: i for i in items if i["seal"]["id"] in {g["seal"]["id"] for g in gone}}
    assert len(back) == 2 and not {i["receipt_id"] for i in back.values()} & {g["receipt_id"] for g in gone}
    for seal_id in back:
        newest, older = seal_receipts(client, seal_id)  # 印章领用情况: the new receipt first, then the deleted one
        assert (newest["status"], newest["deleted_at"]) == ("held", None)
        assert older["status"] == "deleted" and older["deleted_at"]
        assert newest["received_at"] > older["received_at"]


def test_the_new_download_adds_download_events_after_the_delete_events(two_deleted):
    client, ent, _, _, gone = two_deleted
    again = start_download(client, ent)
    client.get(verify_licence(client, again["jump_url"]))
    complete(client, again["id"])
    items = client.get(f"/api/enterprises/{ent}/seal-events", query_string={"per_page": 4}).get_json()["items"]
    assert [e["kind"] for e in items] == ["download", "download", "delete", "delete"]
    assert {e["seal_id"] for e in items} == {g["seal"]["id"] for g in gone}


def test_replaying_the_old_result_at_the_callback_is_refused_and_adds_nothing(app, two_deleted):
    client, ent, _, old_url, _ = two_deleted
    before = wallet_state(app)
    replay = client.get(old_url)
    assert replay.status_code == 400
    assert "该跳转凭证已使用" in page_text(replay)
    assert wallet_state(app) == before
    assert len(wallet_items(client, ent)) == 3


def test_the_old_result_does_not_verify_a_new_download(app, two_deleted):
    client, ent, _, old_url, _ = two_deleted
    again = start_download(client, ent)
    before = wallet_state(app)
    replay = client.get(old_url)
    assert replay.status_code == 400 and "该跳转凭证已使用" in page_text(replay)
    assert_error(complete(client, again["id"]), 400, "not_verified")
    assert wallet_state(app) == before
    assert len(wallet_items(client, ent)) == 3


def test_a_new_download_without_verification_adds_nothing(app, two_deleted):
    client, ent, _, _, _ = two_deleted
    again = start_download(client, ent)
    before = wallet_state(app)
    assert_error(complete(client, again["id"]), 400, "not_verified")
    assert wallet_state(app) == before


def test_completing_the_old_download_again_returns_its_receipts_and_adds_none(app, two_deleted):
    client, ent, old, _, _ = two_deleted
    before = wallet_state(app)
    again = complete(client, old["id"])
    assert again.status_code == 200
    assert len(again.get_json()["receipts"]) == 5  # the receipts that download made, deleted ones included
    assert wallet_state(app) == before
    assert len(wallet_items(client, ent)) == 3


def test_after_downloading_again_the_old_result_is_still_refused(app, two_deleted):
    client, ent, old, old_url, _ = two_deleted
    again = start_download(client, ent)
    new_url = verify_licence(client, again["jump_url"])
    client.get(new_url)
    complete(client, again["id"])
    before = wallet_state(app)
    for used in (old_url, new_url):
        replay = client.get(used)
        assert replay.status_code == 400 and "该跳转凭证已使用" in page_text(replay)
    assert complete(client, old["id"]).status_code == 200 and complete(client, again["id"]).status_code == 200
    assert wallet_state(app) == before
    assert len(wallet_items(client, ent)) == 5


def test_a_hand_made_result_for_the_old_download_cannot_verify_the_new_one(app, clock, two_deleted):
    from backend.testing.tokens import result_token
    client, ent, old, _, _ = two_deleted
    again = start_download(client, ent)
    before = wallet_state(app)
    stale = result_token(app, clock, old["id"])  # freshly signed, but bound to the old state and nonce
    refused = callback(client, stale)
    assert refused.status_code == 400 and "请重新发起下载" in page_text(refused)
    assert_error(complete(client, again["id"]), 400, "not_verified")
    assert wallet_state(app) == before

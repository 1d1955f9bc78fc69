"""印章领用情况 and 印章变动 show the grants: the grantee masked, the state (授权中 / 未生效 / 已过期 / 已撤销) as of
today, the reason a grant ended; the grantee's full name and phone appear nowhere."""
from datetime import timedelta

import pytest

from backend.services.grants import today_of
from backend.testing.client import driver
from backend.testing.people import Person
from backend.testing.pki import operator
from tests.factories import id_number

GRANTEE = Person(phone="13712341234", name="张小三", id_number=id_number(9))


def day(clock, offset=0):
    return (today_of(clock.now) + timedelta(days=offset)).isoformat()


@pytest.fixture
def granted(app, clock, make_principal):
    """(principal's client, enterprise json, seals json, grant(seal, starts, ends) → grant json)."""
    client, enterprise = make_principal(filed=True, seals=("official", "finance"))
    seals = driver(client).preview_seals(enterprise["id"])["items"]
    driver(app.test_client()).sign_up(GRANTEE)

    def grant(seal=seals[0], starts=0, ends=30):
        response = client.post(f"/api/seals/{seal['id']}/grants", json={
            "phone": GRANTEE.phone, "name": GRANTEE.name, "starts_on": day(clock, starts), "ends_on": day(clock, ends)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()
    return client, enterprise, seals, grant


def receipts(client, seal_id):
    response = client.get(f"/api/seals/{seal_id}/receipts")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_seals_receipts_list_its_grants_masked(clock, granted):
    client, _, seals, grant = granted
    made = grant(ends=10)
    body = receipts(client, seals[0]["id"])
    assert body["items"] == []
    [shown] = body["grants"]
    assert {k: shown[k] for k in ("id", "grantee_name_masked", "phone_masked", "starts_on", "ends_on", "state",
                                  "state_label")} == {
        "id": made["id"], "grantee_name_masked": "张**", "phone_masked": "137****1234", "starts_on": day(clock),
        "ends_on": day(clock, 10), "state": "active", "state_label": "授权中"}
    assert receipts(client, seals[1]["id"])["grants"] == []


def test_the_state_follows_the_calendar(clock, granted):
    client, _, seals, grant = granted
    grant(starts=1, ends=2)
    labels = []
    for _ in range(4):
        labels.append(receipts(client, seals[0]["id"])["grants"][0]["state_label"])
        clock.advance(86400)
    assert labels == ["未生效", "授权中", "授权中", "已过期"]


def test_ended_grants_say_why_and_live_ones_come_first(clock, granted):
    client, _, seals, grant = granted
    revoked = grant(ends=5)
    client.post(f"/api/grants/{revoked['id']}/revoke", json={})
    live = grant(starts=1, ends=5)
    shown = receipts(client, seals[0]["id"])["grants"]
    assert [(g["id"], g["state_label"], g["revoke_reason_label"]) for g in shown] == [
        (live["id"], "未生效", None), (revoked["id"], "已撤销", "授权人撤销")]
    operator(client, f"/seals/{seals[0]['id']}/suspend")
    shown = receipts(client, seals[0]["id"])["grants"]
    assert [(g["state_label"], g["revoke_reason_label"]) for g in shown] == [
        ("已撤销", "印章已停用"), ("已撤销", "授权人撤销")]


def test_the_grantees_full_name_and_phone_appear_nowhere_the_principal_looks(granted):
    client, enterprise, seals, grant = granted
    made = grant()
    client.post(f"/api/grants/{made['id']}/revoke", json={})
    for path in (f"/api/seals/{seals[0]['id']}/receipts", f"/api/seals/{seals[0]['id']}/grants",
                 f"/api/grants/{made['id']}", f"/api/enterprises/{enterprise['id']}/seal-events"):
        text = client.get(path).get_data(as_text=True)
        assert GRANTEE.name not in text and GRANTEE.phone not in text, path


def test_seal_changes_record_each_grant_and_its_end(clock, granted):
    client, enterprise, seals, grant = granted
    made = grant(ends=9)
    client.post(f"/api/grants/{made['id']}/revoke", json={})
    changes = [(e["kind"], e["kind_label"], e["actor"], e["detail"])
               for e in driver(client).seal_changes(enterprise["id"], seals[0]) if e["kind"].startswith("grant")]
    assert changes == [
        ("grant_revoked", "撤销授权", "张*", "撤销张**使用公章的授权"),
        ("grant", "授权使用", "张*", f"授权张**使用公章，有效期{day(clock)}至{day(clock, 9)}"),
    ]

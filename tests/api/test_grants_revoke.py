"""撤销授权 and the end of grants: the principal revokes at any time; 停用, 注销, 挂失 and 更名 of the seal end its
grants in the same transaction, and 恢复 does not bring them back. Refusals write nothing."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.services.grants import today_of
from backend.services.keystore import KeyStoreUnavailable
from backend.testing.client import assert_error, driver
from backend.testing.people import Person
from backend.testing.pki import operator
from backend.testing.state import row_counts
from tests.factories import id_number

GRANTEE = Person(phone="13700000009", name="王伟", id_number=id_number(9))


def grant_rows(app):
    from backend.extensions import db
    from backend.models import SealEvent, SealGrant
    with app.app_context():
        return {"grants": sorted(map(tuple, db.session.execute(select(SealGrant.__table__)).all())),
                "events": sorted(map(tuple, db.session.execute(select(SealEvent.id, SealEvent.kind)).all())),
                "rows": row_counts(app)}


def assert_refused(app, call, status, code):
    before = grant_rows(app)
    body = assert_error(call(), status, code)
    assert grant_rows(app) == before
    return body


def day(clock, offset=0):
    return (today_of(clock.now) + timedelta(days=offset)).isoformat()


@pytest.fixture
def granted(app, clock, make_principal):
    """(principal's client, enterprise json, seals json, grantee's client, grant(seal, starts, ends) → grant json)."""
    client, enterprise = make_principal(filed=True, seals=("official", "finance"))
    seals = driver(client).preview_seals(enterprise["id"])["items"]
    grantee = app.test_client()
    driver(grantee).sign_up(GRANTEE)

    def grant(seal=seals[0], starts=0, ends=30):
        response = client.post(f"/api/seals/{seal['id']}/grants", json={
            "phone": GRANTEE.phone, "name": GRANTEE.name, "starts_on": day(clock, starts), "ends_on": day(clock, ends)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()
    return client, enterprise, seals, grantee, grant


def wallet(client, enterprise_id):
    return client.get(f"/api/enterprises/{enterprise_id}/wallet")


def states(client, seal_id):
    return [(g["state"], g["revoke_reason"]) for g in client.get(f"/api/seals/{seal_id}/grants").get_json()["items"]]


def test_a_revoked_grant_ends_at_once(app, clock, granted):
    client, enterprise, _seals, grantee, grant = granted
    made = grant()
    assert [i["access"] for i in wallet(grantee, enterprise["id"]).get_json()["items"]] == ["grant"]
    clock.advance(60)
    response = client.post(f"/api/grants/{made['id']}/revoke", json={})
    assert response.status_code == 200, response.get_json()
    revoked = response.get_json()
    assert (revoked["state"], revoked["state_label"], revoked["revoke_reason"], revoked["revoke_reason_label"]) == (
        "revoked", "已撤销", "principal", "授权人撤销")
    assert revoked["revoked_at"] is not None
    assert_error(wallet(grantee, enterprise["id"]), 404, "enterprise_not_found")
    assert grantee.get("/api/grants/mine").get_json()["items"] == []
    assert_error(grantee.get(f"/api/grants/{made['id']}"), 404, "grant_not_found")
    [event] = [e for e in driver(client).seal_changes(enterprise["id"]) if e["kind"] == "grant_revoked"]
    assert (event["kind_label"], event["detail"], event["actor"]) == ("撤销授权", "撤销王*使用公章的授权", "张*")


def test_a_grant_not_in_force_yet_can_be_revoked(granted):
    client, _, seals, _, grant = granted
    made = grant(starts=5, ends=9)
    assert client.post(f"/api/grants/{made['id']}/revoke", json={}).get_json()["state"] == "revoked"
    assert states(client, seals[0]["id"]) == [("revoked", "principal")]


def test_a_revoked_grant_cannot_be_revoked_again(app, granted):
    client, _, _, _, grant = granted
    made = grant()
    client.post(f"/api/grants/{made['id']}/revoke", json={})
    refused = assert_refused(app, lambda: client.post(f"/api/grants/{made['id']}/revoke", json={}), 409,
                             "grant_revoked")
    assert refused["message"] == "该授权已撤销"


def test_an_expired_grant_is_not_revoked(app, clock, granted):
    client, _, seals, _, grant = granted
    made = grant(ends=0)
    clock.advance(86400)
    refused = assert_refused(app, lambda: client.post(f"/api/grants/{made['id']}/revoke", json={}), 409,
                             "grant_expired")
    assert refused["message"] == "该授权已过期，无需撤销"
    assert states(client, seals[0]["id"]) == [("expired", None)]


def test_only_the_principal_of_the_seal_revokes(app, granted, make_principal):
    _, _, _, grantee, grant = granted
    made = grant()
    other, _ = make_principal(phone="13900000002", name="李四", serial=2)
    for client in (other, grantee):
        assert_refused(app, lambda c=client: c.post(f"/api/grants/{made['id']}/revoke", json={}), 404,
                       "grant_not_found")
    assert_refused(app, lambda: other.post("/api/grants/999999/revoke", json={}), 404, "grant_not_found")
    assert_refused(app, lambda: app.test_client().post(f"/api/grants/{made['id']}/revoke", json={}), 401,
                   "unauthenticated")


def test_suspension_ends_the_seals_grants_and_resuming_does_not_bring_them_back(app, clock, granted):
    client, enterprise, seals, grantee, grant = granted
    grant(starts=0, ends=5)
    other_seal = grant(seal=seals[1])
    assert operator(client, f"/seals/{seals[0]['id']}/suspend").status_code == 200
    assert states(client, seals[0]["id"]) == [("revoked", "seal_suspended")]
    items = wallet(grantee, enterprise["id"]).get_json()["items"]
    assert [(i["seal"]["id"], i["grant"]["id"]) for i in items] == [(seals[1]["id"], other_seal["id"])]
    event = next(e for e in driver(client).seal_changes(enterprise["id"], seals[0]) if e["kind"] == "grant_revoked")
    assert (event["detail"], event["actor"]) == ("公章已停用，王*的使用授权已终止", "印章管理机构")
    assert operator(client, f"/seals/{seals[0]['id']}/resume").status_code == 200
    assert states(client, seals[0]["id"]) == [("revoked", "seal_suspended")]
    assert [i["seal"]["id"] for i in wallet(grantee, enterprise["id"]).get_json()["items"]] == [seals[1]["id"]]
    assert grant(starts=0, ends=5)["state"] == "active"  # granted anew once resumed


def test_suspension_ends_grants_to_come_and_leaves_expired_ones_expired(app, clock, granted):
    client, _, seals, _, grant = granted
    grant(ends=0)
    clock.advance(86400)
    grant(starts=2, ends=9)
    assert operator(client, f"/seals/{seals[0]['id']}/suspend").status_code == 200
    assert sorted(states(client, seals[0]["id"])) == [("expired", None), ("revoked", "seal_suspended")]


@pytest.mark.parametrize("reason, label", [("cessation", "注销"), ("compromise", "挂失")])
def test_revoking_the_seal_ends_its_grants(app, granted, reason, label):
    client, enterprise, seals, grantee, grant = granted
    grant()
    assert operator(client, f"/seals/{seals[0]['id']}/revoke", reason=reason).status_code == 200
    assert states(client, seals[0]["id"]) == [("revoked", "seal_revoked")]
    assert client.get(f"/api/seals/{seals[0]['id']}/grants").get_json()["items"][0]["revoke_reason_label"] == \
        "印章已注销"
    assert_error(wallet(grantee, enterprise["id"]), 404, "enterprise_not_found")
    kinds = [e["kind"] for e in driver(client).seal_changes(enterprise["id"], seals[0])]
    assert kinds[:2] == ["grant_revoked", "revoke" if reason == "cessation" else "lost"]


def test_renaming_the_enterprise_ends_the_grants_of_its_old_seals(app, granted):
    client, enterprise, seals, grantee, grant = granted
    grant()
    renamed = operator(client, f"/enterprises/{enterprise['credit_code']}/rename", name="广州市张三新名科技有限公司")
    assert renamed.status_code == 200, renamed.get_json()
    assert states(client, seals[0]["id"]) == [("revoked", "seal_revoked")]
    assert grantee.get("/api/grants/mine").get_json()["items"] == []


def test_a_suspension_that_fails_midway_keeps_the_grants(app, granted, monkeypatch):
    client, enterprise, seals, grantee, grant = granted
    grant()

    def token_gone(ref, data):  # the CRL cannot be signed: neither the seal nor its grants change
        raise KeyStoreUnavailable("token removed")
    monkeypatch.setattr(app.extensions["eseal_pki"].keys, "sign", token_gone)
    for path, body in (("/suspend", {}), ("/revoke", {"reason": "cessation"})):
        before = grant_rows(app)
        assert operator(client, f"/seals/{seals[0]['id']}{path}", **body).status_code == 503
        assert grant_rows(app) == before
    monkeypatch.undo()
    assert [i["grant"]["state"] for i in wallet(grantee, enterprise["id"]).get_json()["items"]] == ["active"]

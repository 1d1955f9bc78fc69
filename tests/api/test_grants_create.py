"""授权用印: the principal grants a filed seal to a real-name-verified person (phone + name) for a period; every
refusal answers its own code and status and writes nothing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from backend.services.grants import today_of
from backend.testing.client import assert_error, driver, login
from backend.testing.people import Person
from backend.testing.pki import operator
from backend.testing.state import row_counts
from tests.factories import id_number

GRANTEE = Person(phone="13700000009", name="王伟", id_number=id_number(9))


def grant_rows(app):
    """Every grant as stored and every event: what a refusal must leave as it was."""
    from backend.extensions import db
    from backend.models import SealEvent, SealGrant
    with app.app_context():
        grants = db.session.execute(select(SealGrant.__table__)).all()
        events = db.session.execute(select(SealEvent.id, SealEvent.kind)).all()
        return {"grants": sorted(map(tuple, grants)), "events": sorted(map(tuple, events)), "rows": row_counts(app)}


def assert_refused(app, call, status, code):
    before = grant_rows(app)
    body = assert_error(call(), status, code)
    assert grant_rows(app) == before
    return body


def day(clock, offset=0):
    return (today_of(clock.now) + timedelta(days=offset)).isoformat()


def body(clock, starts=0, ends=30, **changes):
    return {"phone": GRANTEE.phone, "name": GRANTEE.name, "starts_on": day(clock, starts), "ends_on": day(clock, ends),
            **changes}


@pytest.fixture
def granting(app, make_principal):
    """(principal's client, enterprise json, its seals json, the grantee's client): seals filed, grantee verified."""
    client, enterprise = make_principal(filed=True, seals=("official", "finance"))
    seals = driver(client).preview_seals(enterprise["id"])["items"]
    grantee = app.test_client()
    driver(grantee).sign_up(GRANTEE)
    return client, enterprise, seals, grantee


def test_the_principal_grants_a_seal_and_the_grantee_is_shown_masked(app, clock, granting):
    client, enterprise, seals, _ = granting
    response = client.post(f"/api/seals/{seals[0]['id']}/grants", json=body(clock))
    assert response.status_code == 201, response.get_json()
    grant = response.get_json()
    assert response.headers["Location"].endswith(f"/api/grants/{grant['id']}")
    assert {k: grant[k] for k in ("seal_id", "seal_name", "grantee_name_masked", "phone_masked", "starts_on",
                                  "ends_on", "state", "state_label", "revoked_at", "revoke_reason")} == {
        "seal_id": seals[0]["id"], "seal_name": "公章", "grantee_name_masked": "王*", "phone_masked": "137****0009",
        "starts_on": day(clock), "ends_on": day(clock, 30), "state": "active", "state_label": "授权中",
        "revoked_at": None, "revoke_reason": None}
    assert "王伟" not in response.get_data(as_text=True) and GRANTEE.phone not in response.get_data(as_text=True)
    [event] = [e for e in driver(client).seal_changes(enterprise["id"]) if e["kind"] == "grant"]
    assert (event["kind_label"], event["actor"]) == ("授权使用", "张*")
    assert event["detail"] == f"授权王*使用公章，有效期{day(clock)}至{day(clock, 30)}"


def test_a_grant_starting_later_is_not_in_force_yet(clock, granting):
    client, _, seals, _ = granting
    grant = client.post(f"/api/seals/{seals[0]['id']}/grants", json=body(clock, starts=3, ends=3)).get_json()
    assert (grant["state"], grant["state_label"]) == ("pending", "未生效")


def test_a_grant_may_end_on_the_last_day_of_the_seal_certificate(clock, granting):
    client, _, seals, _ = granting
    sheet = client.get(f"/api/seals/{seals[0]['id']}/grants").get_json()
    assert (sheet["grantable"], sheet["not_grantable_reason"], sheet["min_starts_on"]) == (True, None, day(clock))
    response = client.post(f"/api/seals/{seals[0]['id']}/grants", json=body(clock, ends=0) | {
        "ends_on": sheet["max_ends_on"]})
    assert response.status_code == 201 and response.get_json()["ends_on"] == sheet["max_ends_on"]


def test_each_seal_and_each_person_is_granted_on_its_own(app, clock, granting):
    client, _, seals, _ = granting
    other = app.test_client()
    driver(other).sign_up(Person(phone="13700000010", name="李娜", id_number=id_number(10)))
    for seal, who in ((seals[0], {}), (seals[1], {}), (seals[0], {"phone": "13700000010", "name": "李娜"})):
        assert client.post(f"/api/seals/{seal['id']}/grants", json=body(clock, **who)).status_code == 201
    assert len(client.get(f"/api/seals/{seals[0]['id']}/grants").get_json()["items"]) == 2


@pytest.mark.parametrize("changes, status, code, field", [
    ({"starts_on_offset": -1}, 422, "starts_on_past", "starts_on"),
    ({"starts_on_offset": 5, "ends_on_offset": 4}, 422, "ends_before_start", "ends_on"),
    ({"phone": "13700000077"}, 422, "grantee_not_found", "phone"),
    ({"name": "王芳"}, 422, "grantee_not_found", "phone"),
    ({"phone": "13900000001", "name": "张三"}, 422, "grant_to_self", "phone"),
    ({"phone": "13900000001", "name": "王伟"}, 422, "grant_to_self", "phone"),
    ({"phone": "1390000"}, 422, "invalid", "phone"),
    ({"name": "Wang"}, 422, "invalid", "name"),
    ({"starts_on": "2026/12/01"}, 422, "invalid", "starts_on"),
    ({"ends_on": None}, 422, "invalid", "ends_on"),
    ({"extra": 1}, 422, "invalid", "extra"),
])
def test_bad_dates_and_people_are_refused_and_nothing_is_written(app, clock, granting, changes, status, code, field):
    client, _, seals, _ = granting
    starts, ends = changes.pop("starts_on_offset", 0), changes.pop("ends_on_offset", 30)
    data = body(clock, starts, ends, **changes)
    refused = assert_refused(app, lambda: client.post(f"/api/seals/{seals[0]['id']}/grants", json=data), status,
                             code)
    assert field in refused["fields"], refused


def test_a_missing_field_is_refused(app, clock, granting):
    client, _, seals, _ = granting
    data = body(clock)
    del data["name"]
    refused = assert_refused(app, lambda: client.post(f"/api/seals/{seals[0]['id']}/grants", json=data), 422,
                             "invalid")
    assert refused["fields"] == {"name": "此项为必填项"}


def test_unknown_unverified_and_misnamed_people_get_one_answer(app, clock, granting):
    """Whether a phone is registered or verified cannot be probed through 授权."""
    client, _, seals, _ = granting
    unverified = app.test_client()
    driver(unverified).sign_up(Person(phone="13700000011", name="赵敏", id_number=id_number(11)), verified=False)
    url = f"/api/seals/{seals[0]['id']}/grants"
    messages = {assert_refused(app, lambda d=data: client.post(url, json=body(clock, **d)), 422,
                               "grantee_not_found")["message"]
                for data in ({"phone": "13700000077"}, {"name": "王芳"}, {"phone": "13700000011", "name": "赵敏"})}
    assert len(messages) == 1 and "实名认证" in messages.pop()


def test_the_end_may_not_pass_the_seal_certificate(app, clock, granting):
    client, _, seals, _ = granting
    last = client.get(f"/api/seals/{seals[0]['id']}/grants").get_json()["max_ends_on"]
    late = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
    refused = assert_refused(app, lambda: client.post(f"/api/seals/{seals[0]['id']}/grants",
                                                      json=body(clock) | {"ends_on": late}), 422,
                             "ends_after_certificate")
    assert refused["message"] == f"结束日期不能晚于印章证书有效期的截止日期（{last}）"


def test_a_second_grant_in_force_or_to_come_for_the_same_person_and_seal_is_a_conflict(app, clock, granting):
    client, _, seals, _ = granting
    url = f"/api/seals/{seals[0]['id']}/grants"
    assert client.post(url, json=body(clock, starts=2, ends=9)).status_code == 201
    refused = assert_refused(app, lambda: client.post(url, json=body(clock, starts=20, ends=30)), 409, "grant_exists")
    assert refused["message"] == f"已授权王*使用该印章（{day(clock, 2)}至{day(clock, 9)}），请勿重复授权；如需调整，请先撤销原授权"


def test_once_the_grant_is_over_the_person_may_be_granted_again(app, clock, granting):
    client, _, seals, _ = granting
    url = f"/api/seals/{seals[0]['id']}/grants"
    first = client.post(url, json=body(clock, ends=1)).get_json()
    clock.advance(2 * 86400)
    assert client.post(url, json=body(clock)).status_code == 201
    assert_refused(app, lambda: client.post(f"/api/grants/{first['id']}/revoke", json={}), 409, "grant_expired")


def test_only_a_filed_seal_can_be_granted(app, clock, make_principal):
    client, enterprise = make_principal(filed=False)
    driver(app.test_client()).sign_up(GRANTEE)
    seal = driver(client).preview_seals(enterprise["id"])["items"][0]
    refused = assert_refused(app, lambda: client.post(f"/api/seals/{seal['id']}/grants", json=body(clock)), 409,
                             "seal_status")
    assert refused["message"] == "该印章当前状态为待刻制，不能授权使用"
    sheet = client.get(f"/api/seals/{seal['id']}/grants").get_json()
    assert (sheet["grantable"], sheet["not_grantable_reason"]) == (False, "该印章当前状态为待刻制，不能授权使用")


def test_a_suspended_seal_cannot_be_granted(app, clock, granting):
    client, _, seals, _ = granting
    assert operator(client, f"/seals/{seals[0]['id']}/suspend").status_code == 200
    refused = assert_refused(app, lambda: client.post(f"/api/seals/{seals[0]['id']}/grants", json=body(clock)), 409,
                             "seal_status")
    assert refused["message"] == "该印章当前状态为已停用，不能授权使用"


def test_a_seal_without_its_certificate_cannot_be_granted(app, clock, demo):
    """Seals filed before the platform's PKI (seeded without it) wait for `flask pki issue-missing`."""
    client = app.test_client()
    login(client, "13800000002")
    driver(app.test_client()).sign_up(GRANTEE)
    [entry] = driver(client).card_wallet()
    seal = driver(client).preview_seals(entry["enterprise"]["id"])["items"][0]
    assert_refused(app, lambda: client.post(f"/api/seals/{seal['id']}/grants", json=body(clock)), 409,
                   "seal_not_certified")


def test_another_enterprises_seal_does_not_exist_for_the_caller(app, clock, granting, make_principal):
    _, _, seals, grantee = granting
    other, _ = make_principal(phone="13900000002", name="李四", serial=2)
    for client in (other, grantee):
        for call in (lambda c=client: c.post(f"/api/seals/{seals[0]['id']}/grants", json=body(clock)),
                     lambda c=client: c.get(f"/api/seals/{seals[0]['id']}/grants")):
            body_ = assert_refused(app, call, 404, "seal_not_found")
            assert "公章" not in body_["message"]
    assert_refused(app, lambda: other.post("/api/seals/999999/grants", json=body(clock)), 404, "seal_not_found")


def test_an_unverified_or_anonymous_caller_is_refused(app, clock, granting):
    _, _, seals, _ = granting
    unverified = app.test_client()
    driver(unverified).sign_up(Person(phone="13700000012", name="钱七", id_number=id_number(12)), verified=False)
    url = f"/api/seals/{seals[0]['id']}/grants"
    assert_refused(app, lambda: unverified.post(url, json=body(clock)), 403, "realname_required")
    assert_refused(app, lambda: app.test_client().post(url, json=body(clock)), 401, "unauthenticated")

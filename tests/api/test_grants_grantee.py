"""The grantee's side of 授权用印: the granted seal in 证照卡包, the enterprise's 电子印章 home and 查看已下载印章
(授权使用, with its validity), /api/grants/mine and 查看详情; usable for 用印 from the first day to the last (China
time), gone at expiry or revocation; nothing else of the enterprise opens to the grantee."""
from datetime import datetime, time, timedelta

import pytest

from backend.services.grants import CHINA, today_of
from backend.testing.client import assert_error, driver
from backend.testing.people import Person
from tests.factories import id_number

GRANTEE = Person(phone="13700000009", name="王伟", id_number=id_number(9))


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


def usable(app, clock, seal_id):
    """What the stamping code asks: (active_grant's id, the seal ids of usable_grants) for the grantee now."""
    from backend.extensions import db
    from backend.models import Seal, User
    from backend.services import grants
    with app.app_context():
        user = db.session.query(User).filter_by(phone=GRANTEE.phone).one()
        grant = grants.active_grant(db.session, user, db.session.get(Seal, seal_id), clock.now)
        return grant and grant.id, [g.seal_id for g in grants.usable_grants(db.session, user, clock.now)]


def test_the_granted_seal_is_in_the_grantees_wallet_marked_授权使用(clock, granted):
    _client, enterprise, seals, grantee, grant = granted
    made = grant(ends=30)
    [item] = grantee.get(f"/api/enterprises/{enterprise['id']}/wallet").get_json()["items"]
    assert (item["access"], item["access_label"], item["receipt_id"], item["received_at"]) == (
        "grant", "授权使用", None, None)
    assert item["seal"]["id"] == seals[0]["id"] and item["seal"]["name"] == "公章"
    assert item["grant"] == {"id": made["id"], "starts_on": day(clock), "ends_on": day(clock, 30),
                             "state": "active", "state_label": "授权中"}


def test_the_principals_wallet_items_say_they_were_downloaded(app, clock, holder):
    client, enterprise, _ = holder
    items = client.get(f"/api/enterprises/{enterprise['id']}/wallet").get_json()["items"]
    assert {(i["access"], i["access_label"], i["grant"]) for i in items} == {("principal", "已下载", None)}
    assert all(i["receipt_id"] and i["received_at"] for i in items)


def test_the_cards_list_the_granted_enterprise_with_only_its_eseal(clock, granted):
    client, enterprise, seals, grantee, grant = granted
    grant()
    grant(seal=seals[1])
    [entry] = driver(grantee).card_wallet()
    assert (entry["enterprise"]["id"], entry["access"], entry["role"]) == (enterprise["id"], "grant", "授权使用")
    assert [(g["kind"], g["title"], g["count"]) for g in entry["gifts"]] == [("eseal", "电子印章", 2)]
    [own] = driver(client).card_wallet()
    assert (own["access"], own["role"]) == ("principal", "法定代表人")
    assert {g["kind"] for g in own["gifts"]} == {"licence", "eseal", "einvoice"}


def test_the_grantee_reaches_the_enterprises_eseal_home(granted):
    client, enterprise, _, grantee, grant = granted
    assert_error(grantee.get(f"/api/enterprises/{enterprise['id']}"), 404, "enterprise_not_found")
    grant()
    shown = grantee.get(f"/api/enterprises/{enterprise['id']}").get_json()
    assert (shown["id"], shown["access"], shown["role"], shown["principal_name_masked"]) == (
        enterprise["id"], "grant", "授权使用", "张*")
    own = client.get(f"/api/enterprises/{enterprise['id']}").get_json()
    assert (own["access"], own["role"]) == ("principal", "法定代表人")


def test_nothing_else_of_the_enterprise_opens_to_the_grantee(granted):
    _, enterprise, seals, grantee, grant = granted
    grant()
    ent, seal = enterprise["id"], seals[0]["id"]
    for path, code in ((f"/api/enterprises/{ent}/seals", "enterprise_not_found"),
                       (f"/api/enterprises/{ent}/seal-events", "enterprise_not_found"),
                       (f"/api/seals/{seal}/receipts", "seal_not_found"),
                       (f"/api/seals/{seal}/grants", "seal_not_found")):
        assert_error(grantee.get(path), 404, code)


def test_mine_lists_grants_in_force_and_to_come_with_seal_and_enterprise(clock, granted):
    _, enterprise, seals, grantee, grant = granted
    now_ = grant(ends=2)
    later = grant(seal=seals[1], starts=1, ends=5)
    items = grantee.get("/api/grants/mine").get_json()["items"]
    assert [(i["id"], i["state"], i["state_label"]) for i in items] == [
        (now_["id"], "active", "授权中"), (later["id"], "pending", "未生效")]
    assert items[0]["enterprise"] == {"id": enterprise["id"], "name": enterprise["name"],
                                      "credit_code": enterprise["credit_code"]}
    assert (items[0]["access"], items[0]["access_label"], items[0]["seal"]["name"]) == ("grant", "授权使用", "公章")
    clock.advance(3 * 86400)
    assert [(i["id"], i["state"]) for i in grantee.get("/api/grants/mine").get_json()["items"]] == [
        (later["id"], "active")]


def test_a_grant_to_come_shows_in_the_wallet_but_is_not_usable_yet(app, clock, granted):
    _, enterprise, seals, grantee, grant = granted
    grant(starts=1, ends=1)
    [item] = grantee.get(f"/api/enterprises/{enterprise['id']}/wallet").get_json()["items"]
    assert (item["grant"]["state"], item["grant"]["state_label"]) == ("pending", "未生效")
    assert usable(app, clock, seals[0]["id"]) == (None, [])


def test_the_grant_holds_from_the_first_to_the_last_day_in_china_time(app, clock, granted):
    _, enterprise, seals, grantee, grant = granted
    made = grant(starts=1, ends=2)
    first = datetime.combine(today_of(clock.now) + timedelta(days=1), time(0), CHINA)
    clock.now = first - timedelta(seconds=1)
    assert usable(app, clock, seals[0]["id"]) == (None, [])
    clock.now = first
    assert usable(app, clock, seals[0]["id"]) == (made["id"], [seals[0]["id"]])
    clock.now = first + timedelta(days=2) - timedelta(seconds=1)
    assert usable(app, clock, seals[0]["id"]) == (made["id"], [seals[0]["id"]])
    clock.now = first + timedelta(days=2)
    assert usable(app, clock, seals[0]["id"]) == (None, [])
    assert_error(grantee.get(f"/api/enterprises/{enterprise['id']}/wallet"), 404, "enterprise_not_found")
    assert driver(grantee).card_wallet() == []


def test_revocation_and_suspension_take_the_seal_from_the_stamping_choice_at_once(app, clock, granted):
    client, _, seals, _, grant = granted
    first, second = grant(), grant(seal=seals[1])
    assert usable(app, clock, seals[0]["id"]) == (first["id"], [seals[0]["id"], seals[1]["id"]])
    client.post(f"/api/grants/{first['id']}/revoke", json={})
    assert usable(app, clock, seals[0]["id"]) == (None, [seals[1]["id"]])
    driver(client).operator.suspend(seals[1]["id"])
    assert usable(app, clock, seals[1]["id"]) == (None, [])
    assert second["id"]


def test_the_grantee_opens_the_granted_seals_details(granted, make_principal):
    client, enterprise, seals, grantee, grant = granted
    made = grant()
    detail = grantee.get(f"/api/grants/{made['id']}").get_json()
    assert (detail["access_label"], detail["state"], detail["type_label"], detail["seal"]["id"]) == (
        "授权使用", "active", "法定名称章", seals[0]["id"])
    assert detail["enterprise"]["credit_code"] == enterprise["credit_code"]
    assert detail["certificate"]["status"] == "good"
    assert client.get(f"/api/grants/{made['id']}").status_code == 200  # the principal too
    stranger, _ = make_principal(phone="13900000002", name="李四", serial=2)
    assert_error(stranger.get(f"/api/grants/{made['id']}"), 404, "grant_not_found")
    assert_error(grantee.get("/api/grants/999999"), 404, "grant_not_found")


def test_an_unverified_user_has_no_grants_to_list(app):
    client = app.test_client()
    driver(client).sign_up(Person(phone="13700000012", name="钱七", id_number=id_number(12)), verified=False)
    assert_error(client.get("/api/grants/mine"), 403, "realname_required")
    assert_error(app.test_client().get("/api/grants/mine"), 401, "unauthenticated")


def test_the_grantee_sees_the_granted_seals_picture_while_the_grant_lasts(clock, granted, make_principal):
    client, enterprise, seals, grantee, grant = granted
    made = grant(ends=0)
    [item] = grantee.get(f"/api/enterprises/{enterprise['id']}/wallet").get_json()["items"]
    picture = grantee.get(item["seal"]["image_url"])
    assert (picture.status_code, picture.mimetype) == (200, "image/png")
    assert_error(grantee.get(f"/api/seals/{seals[1]['id']}/image"), 404, "seal_not_found")  # not granted
    stranger, _ = make_principal(phone="13900000002", name="李四", serial=2)
    assert_error(stranger.get(f"/api/seals/{seals[0]['id']}/image"), 404, "seal_not_found")
    client.post(f"/api/grants/{made['id']}/revoke", json={})
    assert_error(grantee.get(f"/api/seals/{seals[0]['id']}/image"), 404, "seal_not_found")

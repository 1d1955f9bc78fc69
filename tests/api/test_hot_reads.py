"""The fast path of 查看详情, 查看已下载印章 and 证照卡包 answers what the ORM and marshmallow path answers, byte for
byte, for every demo user (a principal's, a grantee's wallet; held, suspended and deleted receipts; refusals), in
one SQL statement; and a logged-out or expired login session reads nothing, not for one request."""
from datetime import timedelta

import pytest
from sqlalchemy import event

from backend.services.grants import today_of
from backend.testing.app import seed_demo
from backend.testing.client import download_by_token, login
from backend.testing.pki import operator
from backend.testing.state import enterprise_by_phone

PRINCIPAL, OTHER, GRANTEE = "13800000002", "13800000001", "13800000006"  # 林晓红, 陈志明, 赵敏 (no enterprise)
DEMO_PHONES = [f"1380000000{i}" for i in range(1, 8)]


@pytest.fixture
def world(app, clock):
    """The demo data with its PKI; 林晓红 and 陈志明 downloaded their seals; 林晓红 deleted one, granted two to 赵敏
    (one in force, one to come); the operator suspended one of hers. Gives {phone: client}."""
    seed_demo(app, clock.now, with_pki=True)
    clients = {}
    for phone in DEMO_PHONES:
        clients[phone] = app.test_client()
        login(clients[phone], phone)
    clock.advance(60)
    for phone in (PRINCIPAL, OTHER):
        download_by_token(app, clock, clients[phone], enterprise_by_phone(app, phone)[0])
    lin = clients[PRINCIPAL]
    items = lin.get(f"/api/enterprises/{enterprise_by_phone(app, PRINCIPAL)[0]}/wallet").get_json()["items"]
    assert lin.post("/api/receipts/delete", json={"receipt_ids": [items[-1]["receipt_id"]]}).status_code == 200
    today = today_of(clock.now)
    for seal, starts in ((items[0]["seal"], 0), (items[1]["seal"], 3)):
        made = lin.post(f"/api/seals/{seal['id']}/grants", json={
            "phone": GRANTEE, "name": "赵敏", "starts_on": (today + timedelta(days=starts)).isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat()})
        assert made.status_code == 201, made.get_json()
    assert operator(lin, f"/seals/{items[2]['seal']['id']}/suspend", note="年检").status_code == 200
    return clients


def statements(app):
    """A list that grows by one for every SQL statement the app's engine runs."""
    from backend.extensions import db
    seen = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def both_ways(app, client, path):
    """(fast response, its statement count, ORM response) of one GET."""
    seen = statements(app)
    app.config["ESEAL_HOT_READS"] = True
    fast = client.get(path)
    count = len(seen)
    app.config["ESEAL_HOT_READS"] = False
    try:
        slow = client.get(path)
    finally:
        app.config["ESEAL_HOT_READS"] = True
    return fast, count, slow


def headers(response):
    return sorted((k, v) for k, v in response.headers if k != "X-Request-ID")


def hot_paths(app, client):
    """Every hot read this user can make, and refusals: another's enterprise and receipt, unknown ids."""
    paths = ["/api/wallet", "/api/enterprises/999999/wallet", "/api/receipts/999999"]
    for entry in client.get("/api/wallet").get_json().get("items", []):
        paths.append(f"/api/enterprises/{entry['enterprise']['id']}/wallet")
    for phone in (PRINCIPAL, OTHER):
        paths.append(f"/api/enterprises/{enterprise_by_phone(app, phone)[0]}/wallet")
    from backend.extensions import db
    from backend.models import Receipt
    with app.app_context():  # every receipt there is, held or deleted, this user's or not
        paths += [f"/api/receipts/{rid}" for rid in db.session.scalars(db.select(Receipt.id).order_by(Receipt.id))]
    return list(dict.fromkeys(paths))


def test_fast_answers_are_the_schemas_answers_for_every_demo_user(app, world):
    answered = {}
    for phone, client in world.items():
        for path in hot_paths(app, client):
            fast, count, slow = both_ways(app, client, path)
            assert (fast.status_code, fast.get_data(), headers(fast)) == (
                slow.status_code, slow.get_data(), headers(slow)), (phone, path)
            if fast.status_code == 200:
                assert count == 1, (phone, path, count)  # the fast path answered, in one statement
            answered.setdefault(fast.status_code, set()).add(path.split("/")[2])
    assert answered[200] == {"wallet", "enterprises", "receipts"}
    assert {401, 403, 404} & set(answered) == {403, 404}  # 孙悦 is not verified; others' ids are not found


def test_the_grantees_wallet_and_the_suspended_seal_come_from_the_fast_path(app, world):
    grantee = world[GRANTEE]
    entries = grantee.get("/api/wallet").get_json()["items"]
    assert [(e["access"], e["gifts"][0]["count"]) for e in entries] == [("grant", 2)]
    items = grantee.get(f"/api/enterprises/{entries[0]['enterprise']['id']}/wallet").get_json()["items"]
    assert [(i["access"], i["grant"]["state"]) for i in items] == [("grant", "active"), ("grant", "pending")]
    lin = world[PRINCIPAL]
    held = lin.get(f"/api/enterprises/{enterprise_by_phone(app, PRINCIPAL)[0]}/wallet").get_json()["items"]
    suspended = [i for i in held if i["seal"]["status"] == "suspended"]
    assert len(suspended) == 1 and len(held) == 4
    detail = lin.get(f"/api/receipts/{suspended[0]['receipt_id']}").get_json()
    assert detail["seal_file_url"] is None and detail["certificate"]["status"] == "hold"


def cookie_of(client):
    return client.get_cookie("eseal_session").value


@pytest.mark.parametrize("ending", ["logout", "expiry", "revocation"])
def test_an_ended_login_session_reads_nothing_from_the_next_request_on(app, clock, world, ending):
    from backend.extensions import db
    from backend.models import AuthSession
    lin = world[PRINCIPAL]
    enterprise = enterprise_by_phone(app, PRINCIPAL)[0]
    receipt = lin.get(f"/api/enterprises/{enterprise}/wallet").get_json()["items"][0]["receipt_id"]
    paths = ["/api/wallet", f"/api/enterprises/{enterprise}/wallet", f"/api/receipts/{receipt}"]
    assert [lin.get(p).status_code for p in paths] == [200, 200, 200]
    kept = cookie_of(lin)
    if ending == "logout":
        assert lin.post("/api/auth/logout", json={}).status_code == 204
    elif ending == "expiry":
        clock.advance(7 * 24 * 3600)
    else:  # another host ended it (the database is all the workers share)
        with app.app_context():
            db.session.execute(db.update(AuthSession).values(revoked_at=clock.now))
            db.session.commit()
    lin.set_cookie("eseal_session", kept)  # the old cookie, replayed
    for path in paths:
        answer = lin.get(path)
        assert (answer.status_code, answer.get_json()["error"]) == (401, "unauthenticated"), path


# --- the OpenAPI document describes the fast answers exactly -------------------------------------------------

def conforms(value, schema, components, where="$"):
    """``value`` is what the OpenAPI 3.0 ``schema`` describes: types, formats, nullability, required and no other
    keys (additionalProperties: false); a field documented without a type (marshmallow's Function) takes any."""
    from datetime import date, datetime
    if "$ref" in schema:
        return conforms(value, components[schema["$ref"].rsplit("/", 1)[1]], components, where)
    if "anyOf" in schema:
        problems = [conforms(value, option, components, where) for option in schema["anyOf"]]
        return next((p for p in problems if not p), problems[-1])
    if value is None:
        return "" if schema.get("nullable") or "type" not in schema else f"{where}: null"
    kind = schema.get("type")
    checks = {"integer": lambda v: isinstance(v, int) and not isinstance(v, bool), "string": lambda v: isinstance(v, str),
              "boolean": lambda v: isinstance(v, bool), "array": lambda v: isinstance(v, list),
              "object": lambda v: isinstance(v, dict)}
    if kind and not checks[kind](value):
        return f"{where}: {value!r} is not {kind}"
    if schema.get("format") == "date-time":
        datetime.fromisoformat(value)
    if schema.get("format") == "date":
        date.fromisoformat(value)
    if kind == "array":
        return next((p for i, v in enumerate(value) if (p := conforms(v, schema["items"], components, f"{where}[{i}]"))), "")
    if kind == "object" and "properties" in schema:
        properties = schema["properties"]
        if set(schema.get("required", [])) - set(value) or (schema.get("additionalProperties") is False
                                                             and set(value) - set(properties)):
            return f"{where}: keys {sorted(value)} against {sorted(properties)}"
        return next((p for k, v in value.items() if (p := conforms(v, properties[k], components, f"{where}.{k}"))), "")
    return ""


def test_the_openapi_document_describes_the_fast_answers(app, world):
    document = world[PRINCIPAL].get("/api/openapi.json").get_json()
    components = document["components"]["schemas"]
    routes = {"wallet": "/api/wallet", "enterprises": "/api/enterprises/{enterprise_id}/wallet",
              "receipts": "/api/receipts/{receipt_id}"}
    checked = set()
    for phone, client in world.items():
        for path in hot_paths(app, client):
            answer = client.get(path)
            if answer.status_code != 200:
                continue
            documented = document["paths"][routes[path.split("/")[2]]]["get"]["responses"]["200"]
            schema = documented["content"]["application/json"]["schema"]
            assert answer.mimetype == "application/json"
            assert conforms(answer.get_json(), schema, components) == "", (phone, path)
            checked.add(path.split("/")[2])
    assert checked == set(routes)

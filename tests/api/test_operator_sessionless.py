"""The operator API answers with the Bearer token alone (no user cookie), and never commits behind an error."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from backend.testing.client import OPERATOR, assert_error, login, verify
from tests.factories import id_number

STARTUP = {"company_name": "广州市张三科技有限公司", "enterprise_type": "llc", "address": "广州市天河区测试路1号",
           "principal_name": "张三", "principal_id_number": id_number(1), "principal_phone": "13900000001",
           "seals": ["official", "finance"], "free_eseal": True}


@pytest.fixture
def application_id(app):
    """A start-up filed by a logged-in applicant, whose client is then thrown away."""
    applicant = app.test_client()
    login(applicant, "13800000000")
    verify(applicant, "李四", id_number(2))
    created = applicant.post("/api/startups", json=STARTUP)
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


@pytest.fixture
def operator(app):
    """A client that never logged in: it carries no session cookie, only the operator's token."""
    client = app.test_client()
    assert client.get_cookie("eseal_session") is None
    return client


def op(client, path, body=None):
    return client.post(f"/api/operator{path}", json=body or {}, headers=OPERATOR)


def state(app):
    """Everything an operator call can write: applications, enterprises, seals, gifts, events, messages."""
    from backend.extensions import db
    from backend.models import Enterprise, GiftItem, Seal, SealEvent, SmsMessage, StartupApplication
    with app.app_context():
        s = db.session
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        return {"applications": sorted(s.execute(select(StartupApplication.id, StartupApplication.status)).all()),
                "seals": sorted(s.execute(select(Seal.id, Seal.status, Seal.code)).all()),
                "enterprises": count(Enterprise), "gifts": count(GiftItem), "events": count(SealEvent),
                "messages": count(SmsMessage)}


def unbound(url):
    """A picture URL that names the seal, size and picture, and no login session (no signature)."""
    query = parse_qs(urlsplit(url).query)
    return "sig" not in query and set(query) == {"size", "v"}


def test_every_operator_route_answers_without_a_user_session(app, operator, application_id):
    listed = operator.get("/api/operator/startups", headers=OPERATOR)
    assert listed.status_code == 200 and [a["id"] for a in listed.get_json()["items"]] == [application_id]

    done = op(operator, f"/startups/{application_id}/complete")
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert unbound(body["enterprise"]["official_seal_thumb_url"])
    assert all(unbound(s["image_url"]) and unbound(s["thumb_url"]) for s in body["seals"])

    for seal in body["seals"]:
        carved = op(operator, f"/seals/{seal['id']}/carve")
        assert carved.status_code == 200, carved.get_json()
        filed = op(operator, f"/seals/{seal['id']}/file")
        assert filed.status_code == 200, filed.get_json()
        assert filed.get_json()["status"] == "filed" and unbound(filed.get_json()["image_url"])
    assert operator.get_cookie("eseal_session") is None


def test_operator_picture_urls_open_for_the_principal_only(app, operator, application_id):
    seal = op(operator, f"/startups/{application_id}/complete").get_json()["seals"][0]
    assert_error(operator.get(seal["image_url"]), 401, "unauthenticated")
    principal = app.test_client()
    login(principal, "13900000001")
    verify(principal, "张三", id_number(1))
    response = principal.get(seal["image_url"])
    assert response.status_code == 200 and response.mimetype == "image/png"


def test_operator_answer_does_not_depend_on_a_cookie_sent_with_it(app, application_id):
    """An operator's browser that is also logged in gets the same, unbound URLs."""
    client = app.test_client()
    login(client, "13700000000")
    body = op(client, f"/startups/{application_id}/complete").get_json()
    assert all(unbound(s["image_url"]) for s in body["seals"])


@pytest.mark.parametrize("call, status, code", [
    (lambda c, a: op(c, "/startups/999/complete"), 404, "startup_not_found"),
    (lambda c, a: op(c, f"/startups/{a}/complete", {"credit_code": "91330100716105852G"}), 422, "invalid"),
    (lambda c, a: op(c, "/seals/999/carve"), 404, "seal_not_found"),
    (lambda c, a: op(c, "/seals/999/file"), 404, "seal_not_found"),
    (lambda c, a: c.post(f"/api/operator/startups/{a}/complete", json={}), 401, "operator_token_required"),
])
def test_a_refused_operator_call_without_a_session_changes_nothing(app, operator, application_id, call, status, code):
    before = state(app)
    assert_error(call(operator, application_id), status, code)
    assert state(app) == before


def test_refused_seal_steps_change_nothing(app, operator, application_id):
    seal = op(operator, f"/startups/{application_id}/complete").get_json()["seals"][0]
    before = state(app)
    assert_error(op(operator, f"/seals/{seal['id']}/file"), 409, "seal_not_carved")
    assert_error(op(operator, f"/startups/{application_id}/complete"), 409, "startup_completed")
    assert state(app) == before
    op(operator, f"/seals/{seal['id']}/carve")
    before = state(app)
    assert_error(op(operator, f"/seals/{seal['id']}/carve"), 409, "seal_not_pending")
    assert state(app) == before


def test_every_error_of_the_operator_api_leaves_no_commit(app, operator, application_id):
    """Walk the whole API surface without a cookie: each call either succeeds or leaves the state as it was."""
    calls = [("get", "/api/operator/startups"), ("post", f"/api/operator/startups/{application_id}/complete"),
             ("post", "/api/operator/seals/1/carve"), ("post", "/api/operator/seals/1/file"),
             ("post", "/api/operator/seals/2/carve"), ("post", "/api/operator/seals/2/file")]
    for method, path in calls:
        before = state(app)
        response = getattr(operator, method)(path, json={} if method == "post" else None, headers=OPERATOR)
        assert response.status_code == 200 or state(app) == before, (path, response.get_json())
        assert response.status_code == 200, (path, response.get_json())

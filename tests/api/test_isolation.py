"""A user never sees another enterprise's data: every other id answers 404, the wallet lists only one's own."""
import pytest

from backend.testing.client import assert_error, login, verify
from tests.factories import id_number


@pytest.fixture
def two_principals(make_principal):
    zhang, zhang_enterprise = make_principal(phone="13900000001", name="张三", serial=1)
    li, li_enterprise = make_principal(phone="13900000002", name="李四", serial=2, type_="branch")
    return (zhang, zhang_enterprise), (li, li_enterprise)


def startup_ids(client):
    return [a["id"] for a in client.get("/api/startups").get_json()["items"]]


def test_principal_sees_own_enterprise_and_seals(two_principals):
    (zhang, enterprise), _ = two_principals
    shown = zhang.get(f"/api/enterprises/{enterprise['id']}")
    assert shown.status_code == 200
    assert shown.get_json()["name"] == enterprise["name"]
    seals = zhang.get(f"/api/enterprises/{enterprise['id']}/seals")
    assert seals.status_code == 200
    assert [s["name"] for s in seals.get_json()["items"]] == ["公章", "财务专用章"]


def test_other_enterprise_is_404(two_principals):
    (zhang, _), (_, other) = two_principals
    response = zhang.get(f"/api/enterprises/{other['id']}")
    assert response.status_code == 404
    assert other["name"] not in response.get_data(as_text=True)


def test_other_enterprise_seals_are_404(two_principals):
    (zhang, _), (_, other) = two_principals
    refused = zhang.get(f"/api/enterprises/{other['id']}/seals")
    assert_error(refused, 404, "enterprise_not_found")
    assert other["name"] not in refused.get_data(as_text=True)


def test_unknown_enterprise_answers_like_another_ones(two_principals):
    (zhang, _), (_, other) = two_principals
    foreign = zhang.get(f"/api/enterprises/{other['id']}")
    missing = zhang.get("/api/enterprises/99999")
    assert (foreign.status_code, foreign.get_json()) == (missing.status_code, missing.get_json())


def test_other_users_startup_application_is_404(two_principals):
    (zhang, _), (li, _) = two_principals
    [theirs] = startup_ids(li)
    assert_error(zhang.get(f"/api/startups/{theirs}"), 404, "startup_not_found")
    assert theirs not in startup_ids(zhang)


def test_wallet_lists_only_own_enterprises(two_principals):
    (zhang, mine), (li, theirs) = two_principals
    assert [e["enterprise"]["id"] for e in zhang.get("/api/wallet").get_json()["items"]] == [mine["id"]]
    assert [e["enterprise"]["id"] for e in li.get("/api/wallet").get_json()["items"]] == [theirs["id"]]


def test_verified_stranger_sees_nothing(app, two_principals):
    (_, first), (_, second) = two_principals
    stranger = app.test_client()
    login(stranger, "13900000003")
    verify(stranger, "王五", id_number(3))
    assert stranger.get("/api/wallet").get_json()["items"] == []
    for enterprise in (first, second):
        for path in (f"/api/enterprises/{enterprise['id']}", f"/api/enterprises/{enterprise['id']}/seals"):
            assert_error(stranger.get(path), 404, "enterprise_not_found")
    assert startup_ids(stranger) == []


def test_unverified_user_gets_realname_required_not_data(app, two_principals):
    (_, enterprise), _ = two_principals
    user = app.test_client()
    login(user, "13900000003")
    response = user.get(f"/api/enterprises/{enterprise['id']}")
    assert response.status_code == 403
    assert response.get_json()["error"] == "realname_required"


def test_anonymous_visitor_gets_401(client, two_principals):
    (_, enterprise), _ = two_principals
    for path in ("/api/wallet", f"/api/enterprises/{enterprise['id']}", f"/api/enterprises/{enterprise['id']}/seals",
                 "/api/startups"):
        assert_error(client.get(path), 401, "unauthenticated")


def test_a_second_client_of_one_principal_sees_the_same_enterprise(app, clock, two_principals):
    (_, enterprise), _ = two_principals
    clock.advance(60)
    again = app.test_client()
    login(again, "13900000001")
    assert again.get(f"/api/enterprises/{enterprise['id']}").status_code == 200

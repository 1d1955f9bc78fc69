"""Without ESEAL_OPERATOR_TOKEN and outside demo mode, the operator and dev routes do not exist."""
import pytest

from backend.testing.client import OPERATOR


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, "ESEAL_OPERATOR_TOKEN": None, "ESEAL_DEMO": False}


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/operator/startups"),
    ("POST", "/api/operator/startups/1/complete"),
    ("POST", "/api/operator/seals/1/carve"),
    ("POST", "/api/operator/seals/1/file"),
])
def test_operator_routes_are_absent_without_a_token_setting(client, method, path):
    for headers in ({}, OPERATOR, {"Authorization": "Bearer None"}):
        response = client.open(path, method=method, json={}, headers=headers)
        assert response.status_code == 404
        assert response.get_json()["error"] == "not_found"


def test_sms_outbox_is_absent_outside_demo_mode(client):
    client.post("/api/auth/sms-codes", json={"phone": "13800000000"})
    for path in ("/api/dev/sms-outbox?phone=13800000000", "/api/dev/sms-outbox/mine"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json()["error"] == "not_found"


def test_sms_code_is_still_sent_outside_demo_mode(client):
    assert client.post("/api/auth/sms-codes", json={"phone": "13800000000"}).status_code == 201


def test_absent_routes_are_not_documented(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert not [p for p in paths if p.startswith(("/api/operator/", "/api/dev/"))]
    assert "/api/wallet" in paths


def test_meta_says_demo_mode_is_off(client):
    assert client.get("/api/meta").get_json()["demo"] is False

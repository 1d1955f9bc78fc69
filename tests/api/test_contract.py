"""The API contract: OpenAPI covers every route; writes are same-origin JSON; one error body, in Chinese."""
import re

import pytest

from backend.testing.client import OPERATOR, assert_error, login

CJK = re.compile(r"[\u4e00-\u9fff]")
PHONE = {"phone": "13800000000"}


def openapi_path(rule):
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)


def api_routes(app):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json":
            routes.setdefault(openapi_path(rule.rule), set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_openapi_lists_every_api_route_and_method(app, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    documented = {path: {m.upper() for m in ops if m in {"get", "post", "put", "patch", "delete"}}
                  for path, ops in response.get_json()["paths"].items()}
    routes = api_routes(app)
    assert "/api/enterprises/{enterprise_id}/seals" in routes  # the conversion works
    assert documented == routes


def test_openapi_path_conversion():
    assert openapi_path("/api/realname/<int:check_id>/face") == "/api/realname/{check_id}/face"
    assert openapi_path("/api/x/<name>") == "/api/x/{name}"


def test_post_with_a_foreign_origin_is_403(client):
    response = client.post("/api/auth/sms-codes", json=PHONE, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert response.get_json()["error"] == "cross_origin"
    assert client.get("/api/dev/sms-outbox?phone=13800000000").get_json()["items"] == []


def test_post_with_the_same_origin_is_accepted(client):
    response = client.post("/api/auth/sms-codes", json=PHONE, headers={"Origin": "http://localhost"})
    assert response.status_code == 201


def outbox(client):
    return client.get("/api/dev/sms-outbox?phone=13800000000").get_json()["items"]


def test_origin_on_another_port_is_foreign(client):
    response = client.post("/api/auth/sms-codes", json=PHONE, headers={"Origin": "http://localhost:8080"})
    assert_error(response, 403, "cross_origin")
    assert outbox(client) == []


def test_cross_site_fetch_metadata_is_403(client):
    response = client.post("/api/auth/sms-codes", json=PHONE, headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(response, 403, "cross_origin")
    assert outbox(client) == []


def test_foreign_origin_cannot_log_out_a_user(client):
    login(client, "13800000000")
    response = client.post("/api/auth/logout", json={}, headers={"Origin": "https://evil.example"})
    assert_error(response, 403, "cross_origin")
    assert client.get("/api/me").status_code == 200


def test_form_encoded_post_is_415(client):
    response = client.post("/api/auth/sms-codes", data=PHONE)
    assert_error(response, 415, "unsupported_media_type")
    assert outbox(client) == []


def test_text_plain_post_is_415(client):
    response = client.post("/api/auth/sms-codes", data='{"phone": "13800000000"}', content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")
    assert outbox(client) == []


def test_invalid_json_is_400(client):
    response = client.post("/api/auth/sms-codes", data='{"phone": ', content_type="application/json")
    assert_error(response, 400, "bad_request", "请求体不是有效的 JSON")
    assert outbox(client) == []


def test_json_that_is_not_an_object_is_422(client):
    response = client.post("/api/auth/sms-codes", json=["13800000000"])
    assert_error(response, 422, "invalid")
    assert outbox(client) == []


def test_unknown_field_is_422_on_that_field(client):
    response = client.post("/api/auth/sms-codes", json={**PHONE, "admin": True})
    assert assert_error(response, 422, "invalid")["fields"] == {"admin": "不支持的字段"}
    assert outbox(client) == []


@pytest.mark.parametrize("path", ["/api/auth/sms-codes", "/api/auth/login", "/api/auth/logout", "/api/realname",
                                  "/api/realname/1/face"])
def test_get_on_a_write_endpoint_is_405(client, path):
    response = client.get(path)
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"


def test_unknown_api_path_is_404_json(client):
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")


def test_meta_lists_types_with_their_principal_role(client):
    meta = client.get("/api/meta").get_json()
    roles = {t["code"]: t["principal_role"] for t in meta["enterprise_types"]}
    assert roles["partnership"] == "执行事务合伙人" and roles["branch"] == "负责人" and roles["llc"] == "法定代表人"
    official = next(s for s in meta["seal_types"] if s["code"] == "official")
    assert official["required"] is True
    personal = next(s for s in meta["seal_types"] if s["code"] == "personal")
    assert personal["label_by_type"]["branch"] == "负责人名章"


ERRORS = {
    400: lambda c: c.post("/api/auth/sms-codes", data="{", content_type="application/json"),
    401: lambda c: c.get("/api/wallet"),
    403: lambda c: c.post("/api/auth/sms-codes", json=PHONE, headers={"Origin": "https://evil.example"}),
    404: lambda c: c.get("/api/no-such-thing"),
    405: lambda c: c.get("/api/auth/login"),
    415: lambda c: c.post("/api/auth/sms-codes", data=PHONE),
    422: lambda c: c.post("/api/auth/login", json={"phone": "1", "code": "x"}),
    429: lambda c: [c.post("/api/auth/sms-codes", json=PHONE) for _ in range(2)][-1],
}


@pytest.mark.parametrize("status", sorted(ERRORS))
def test_every_error_has_the_three_keys_and_a_chinese_message(client, status):
    response = ERRORS[status](client)
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"error", "message", "fields"}
    assert isinstance(body["error"], str) and body["error"]
    assert CJK.search(body["message"])
    assert isinstance(body["fields"], dict)
    assert all(CJK.search(message) for message in body["fields"].values())


def test_domain_errors_have_the_three_keys_and_a_chinese_message(make_principal):
    client, _ = make_principal()
    answers = [(409, client.post("/api/operator/seals/1/file", json={}, headers=OPERATOR)),
               (404, client.get("/api/enterprises/999")),
               (401, client.post("/api/operator/startups/1/complete", json={}))]
    for status, response in answers:
        body = response.get_json()
        assert response.status_code == status
        assert set(body) == {"error", "message", "fields"} and CJK.search(body["message"])

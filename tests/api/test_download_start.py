"""开始下载: the declaration must be agreed, every seal filed, and the request must come from our own site."""
import pytest

from backend.testing.client import assert_error, login
from backend.testing.state import enterprise_by_phone, snapshot

PHONE = "13800000002"
UNFILED = "13800000003"  # 黄建国: seals carved, not yet filed
NOT_FILED = "印章备案未完成，请等待实物印章备案完成后再开始下载。"
DECLARATION = "请先阅读并同意《印章下载声明》"


def logged_in(app, phone=PHONE):
    client = app.test_client()
    login(client, phone)
    return client, enterprise_by_phone(app, phone)[0]


def version(client):
    return client.get("/api/downloads/declaration").get_json()["version"]


def test_declaration_is_published_with_a_version(app, demo):
    client, _ = logged_in(app)
    body = client.get("/api/downloads/declaration").get_json()
    assert body["version"] and body["title"] and body["paragraphs"]


@pytest.mark.parametrize("agreed", [False, None])
def test_start_without_agreeing_is_refused_and_opens_no_download(app, demo, agreed):
    client, ent = logged_in(app)
    before = snapshot(app)
    body = {"declaration_version": version(client)}
    if agreed is not None:
        body["agreed"] = agreed
    refused = client.post(f"/api/enterprises/{ent}/downloads", json=body)
    if agreed is None:
        assert assert_error(refused, 422, "invalid")["fields"] == {"agreed": "此项为必填项"}
    else:
        assert_error(refused, 422, "declaration_required", DECLARATION)
    assert snapshot(app) == before


@pytest.mark.parametrize("declared", ["0.0", "v999", ""])
def test_start_with_another_declaration_version_is_refused(app, demo, declared):
    client, ent = logged_in(app)
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads", json={"declaration_version": declared, "agreed": True})
    assert_error(refused, 422, "declaration_required", DECLARATION)
    assert snapshot(app) == before


def test_start_for_an_enterprise_with_unfiled_seals_is_a_conflict(app, demo):
    client, ent = logged_in(app, UNFILED)
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads", json={"declaration_version": version(client),
                                                                       "agreed": True})
    assert_error(refused, 409, "seals_not_filed", NOT_FILED)
    assert snapshot(app) == before


def test_cross_origin_start_is_forbidden_and_opens_no_download(app, demo):
    client, ent = logged_in(app)
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads", headers={"Origin": "http://evil.example"},
                          json={"declaration_version": version(client), "agreed": True})
    assert_error(refused, 403, "cross_origin", "拒绝来自其他网站的请求")
    assert snapshot(app) == before


def test_cross_site_fetch_of_complete_is_forbidden(app, demo):
    client, ent = logged_in(app)
    started = client.post(f"/api/enterprises/{ent}/downloads", json={"declaration_version": version(client),
                                                                        "agreed": True}).get_json()
    before = snapshot(app)
    refused = client.post(f"/api/downloads/{started['id']}/complete", json={},
                          headers={"Sec-Fetch-Site": "cross-site"})
    assert_error(refused, 403, "cross_origin")
    assert snapshot(app) == before


def test_form_encoded_start_is_refused(app, demo):
    client, ent = logged_in(app)
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads",
                          data={"declaration_version": version(client), "agreed": "true"})
    assert_error(refused, 415, "unsupported_media_type")
    assert snapshot(app) == before


def test_start_needs_a_login(app, demo):
    ent = enterprise_by_phone(app, PHONE)[0]
    client = app.test_client()
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{ent}/downloads", json={"declaration_version": version(client),
                                                                       "agreed": True})
    assert_error(refused, 401, "unauthenticated")
    assert snapshot(app) == before

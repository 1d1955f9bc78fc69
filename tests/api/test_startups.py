"""开办企业 through the API, and the 证照卡包 the principal finds once it is completed."""
import re

import pytest

from backend.testing.client import OPERATOR, assert_error, login, verify
from backend.testing.state import row_counts
from tests.factories import id_number

CJK = re.compile(r"[\u4e00-\u9fff]")


def startup_body(**changes):
    body = {"company_name": "广州市张三科技有限公司", "enterprise_type": "llc", "address": "广州市天河区测试路1号",
            "principal_name": "张三", "principal_id_number": id_number(1), "principal_phone": "13900000001",
            "seals": ["official", "finance"], "free_eseal": True}
    return {**body, **changes}


@pytest.fixture
def applicant(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    return client


def complete(client, application_id):
    response = client.post(f"/api/operator/startups/{application_id}/complete", json={}, headers=OPERATOR)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_startup_needs_login(app, client):
    before = row_counts(app)
    assert_error(client.post("/api/startups", json=startup_body()), 401, "unauthenticated")
    assert row_counts(app) == before


def test_unverified_user_cannot_file_a_startup(client):
    login(client, "13800000000")
    assert_error(client.post("/api/startups", json=startup_body()), 403, "realname_required")
    assert client.get("/api/startups").get_json()["items"] == []


@pytest.mark.parametrize("field, value", [
    ("company_name", "甲"),
    ("enterprise_type", "limited"),
    ("address", "广州"),
    ("principal_name", "Zhang"),
    ("principal_id_number", id_number(1)[:17] + ("0" if id_number(1)[17] != "0" else "1")),
    ("principal_phone", "1390000000"),
    ("seals", ["official", "golden"]),
    ("free_eseal", "maybe"),
])
def test_each_invalid_field_is_named_in_chinese(app, applicant, field, value):
    before = row_counts(app)
    response = applicant.post("/api/startups", json=startup_body(**{field: value}))
    body = assert_error(response, 422, "invalid")
    assert row_counts(app) == before
    assert list(body["fields"]) == [field]
    assert CJK.search(body["fields"][field])


def test_several_invalid_fields_are_all_reported(app, applicant):
    before = row_counts(app)
    response = applicant.post("/api/startups", json=startup_body(address="广州", principal_phone="1"))
    assert set(assert_error(response, 422, "invalid")["fields"]) == {"address", "principal_phone"}
    assert row_counts(app) == before


@pytest.mark.parametrize("field", ["company_name", "principal_id_number", "seals", "free_eseal"])
def test_missing_field_is_required(app, applicant, field):
    body = startup_body()
    del body[field]
    before = row_counts(app)
    response = applicant.post("/api/startups", json=body)
    assert assert_error(response, 422, "invalid")["fields"] == {field: "此项为必填项"}
    assert row_counts(app) == before


def test_startup_is_created_with_201_and_a_location(applicant):
    response = applicant.post("/api/startups", json=startup_body())
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/startups/{body['id']}")
    shown = applicant.get(response.headers["Location"])
    assert shown.status_code == 200
    assert shown.get_json() == body
    assert (body["status"], body["status_label"], body["enterprise_id"]) == ("submitted", "审核中", None)
    assert (body["principal_name_masked"], body["principal_phone_masked"]) == ("张*", "139****0001")
    assert id_number(1) not in response.get_data(as_text=True)


def test_startup_appears_in_my_applications(applicant):
    created = applicant.post("/api/startups", json=startup_body()).get_json()
    assert [a["id"] for a in applicant.get("/api/startups").get_json()["items"]] == [created["id"]]


def test_official_seal_is_always_included(applicant):
    body = applicant.post("/api/startups", json=startup_body(seals=["contract"])).get_json()
    assert [s["type"] for s in body["seals"]] == ["official", "contract"]
    assert body["seals"][0]["label"] == "公章"


def test_personal_seal_of_a_partnership_is_the_partners_seal(applicant):
    body = applicant.post("/api/startups", json=startup_body(enterprise_type="partnership",
                                                             seals=["personal"])).get_json()
    assert body["principal_role"] == "执行事务合伙人"
    assert [s["label"] for s in body["seals"]] == ["公章", "执行事务合伙人名章"]


def test_completed_startup_shows_the_enterprise(applicant):
    created = applicant.post("/api/startups", json=startup_body()).get_json()
    done = complete(applicant, created["id"])
    shown = applicant.get(f"/api/startups/{created['id']}").get_json()
    assert (shown["status"], shown["enterprise_id"]) == ("completed", done["enterprise"]["id"])
    assert [(s["type"], s["status"], s["status_label"]) for s in done["seals"]] == [
        ("official", "pending", "待刻制"), ("finance", "pending", "待刻制")]


def test_principal_finds_the_gift_package_in_the_wallet(app, applicant):
    created = applicant.post("/api/startups", json=startup_body(seals=["finance", "invoice"])).get_json()
    complete(applicant, created["id"])
    principal = app.test_client()
    login(principal, "13900000001")
    verify(principal, "张三", id_number(1))
    response = principal.get("/api/wallet")
    assert response.status_code == 200
    [entry] = response.get_json()["items"]
    assert entry["enterprise"]["name"] == "广州市张三科技有限公司"
    assert entry["enterprise"]["principal_role"] == "法定代表人"
    gifts = {g["title"]: g["count"] for g in entry["gifts"]}
    assert gifts == {"电子营业执照": None, "电子印章": 3, "电子发票": None}


def test_wallet_without_free_eseal_has_no_eseal(app, applicant):
    created = applicant.post("/api/startups", json=startup_body(free_eseal=False)).get_json()
    complete(applicant, created["id"])
    principal = app.test_client()
    login(principal, "13900000001")
    verify(principal, "张三", id_number(1))
    [entry] = principal.get("/api/wallet").get_json()["items"]
    assert [g["title"] for g in entry["gifts"]] == ["电子营业执照", "电子发票"]


def test_applicant_who_is_not_the_principal_does_not_see_the_gift_package(applicant):
    created = applicant.post("/api/startups", json=startup_body()).get_json()
    done = complete(applicant, created["id"])
    assert applicant.get("/api/wallet").get_json()["items"] == []
    assert_error(applicant.get(f"/api/enterprises/{done['enterprise']['id']}"), 404, "enterprise_not_found")


def test_wallet_before_completion_is_empty_for_the_principal(app, applicant):
    applicant.post("/api/startups", json=startup_body())
    principal = app.test_client()
    login(principal, "13900000001")
    verify(principal, "张三", id_number(1))
    assert principal.get("/api/wallet").get_json()["items"] == []


def test_wallet_needs_real_name_verification(client):
    login(client, "13800000000")
    assert_error(client.get("/api/wallet"), 403, "realname_required")

"""实名认证 through the API: 姓名 + 身份证号, the face step, and the ID number never kept in clear."""
import re

from sqlalchemy import String, Text

from backend.testing.client import OPERATOR, assert_error, login, verify
from backend.testing.state import row_counts
from tests.factories import id_number

NUMBER = id_number(1)
MASKED = NUMBER[:4] + "**********" + NUMBER[-4:]
CJK = re.compile(r"[\u4e00-\u9fff]")


def start(client, name="张三", number=NUMBER):
    return client.post("/api/realname", json={"name": name, "id_number": number})


def test_realname_needs_login(app, client):
    before = row_counts(app)
    assert_error(start(client), 401, "unauthenticated")
    assert row_counts(app) == before


def test_bad_check_digit_is_422_on_the_id_number_field_in_chinese(client):
    login(client, "13800000000")
    bad = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    before = row_counts(client.application)
    message = assert_error(start(client, number=bad), 422, "invalid")["fields"]["id_number"]
    assert row_counts(client.application) == before
    assert CJK.search(message) and "校验位" in message


def test_impossible_birth_date_is_422_on_the_id_number_field(client):
    login(client, "13800000000")
    before = row_counts(client.application)
    response = start(client, number="440106199902301234")
    assert assert_error(response, 422, "invalid")["fields"]["id_number"] == "身份证号中的出生日期不正确"
    assert row_counts(client.application) == before


def test_short_id_number_and_latin_name_are_422_on_both_fields(client):
    login(client, "13800000000")
    before = row_counts(client.application)
    fields = assert_error(start(client, name="Zhang San", number="4401"), 422, "invalid")["fields"]
    assert row_counts(client.application) == before
    assert set(fields) == {"name", "id_number"}
    assert all(CJK.search(message) for message in fields.values())


def test_name_and_id_lead_to_the_face_step(client):
    login(client, "13800000000")
    response = start(client)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["status"], body["name_masked"], body["id_number_masked"]) == ("face_pending", "张*", MASKED)
    realname = client.get("/api/me").get_json()["realname"]
    assert (realname["status"], realname["pending_check_id"]) == ("face_pending", body["check_id"])


def test_face_step_verifies_and_returns_only_masked_data(client):
    login(client, "13800000000")
    check = start(client).get_json()
    response = client.post(f"/api/realname/{check['check_id']}/face", json={})
    assert response.status_code == 200
    realname = response.get_json()["realname"]
    assert realname == {"status": "verified", "name_masked": "张*", "id_number_masked": MASKED,
                        "pending_check_id": None}
    assert NUMBER not in response.get_data(as_text=True)
    assert client.get("/api/me").get_json()["realname"]["status"] == "verified"


def test_lowercase_x_is_accepted_and_masked_in_uppercase(client):
    first17 = "11010519491231002"
    login(client, "13800000000")
    response = start(client, name="李四", number=first17 + "x")
    assert response.status_code == 201
    assert response.get_json()["id_number_masked"] == "1101**********002X"


def test_verified_user_cannot_verify_again(client):
    login(client, "13800000000")
    verify(client, "张三", NUMBER)
    before = row_counts(client.application)
    assert_error(start(client, name="李四", number=id_number(2)), 409, "realname_done")
    assert row_counts(client.application) == before
    assert client.get("/api/me").get_json()["realname"]["name_masked"] == "张*"


def all_text_values(app, db):
    """Every value of every string-typed or JSON column of every table, read with SELECT *."""
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()).mappings():
                for column in table.columns:
                    value = row[column.name]
                    if value is not None and not isinstance(column.type, (String, Text)):
                        value = str(value)
                    if isinstance(value, str):
                        yield table.name, column.name, value


def test_id_number_is_never_stored_in_clear(app, db, client):
    login(client, "13800000000")
    verify(client, "张三", NUMBER)
    body = {"company_name": "广州市张三科技有限公司", "enterprise_type": "llc", "address": "广州市天河区测试路1号",
            "principal_name": "张三", "principal_id_number": NUMBER, "principal_phone": "13800000000",
            "seals": ["official"], "free_eseal": True}
    created = client.post("/api/startups", json=body).get_json()
    client.post(f"/api/operator/startups/{created['id']}/complete", json={}, headers=OPERATOR)
    values = list(all_text_values(app, db))
    assert {table for table, _, _ in values} >= {"users", "identity_checks", "startup_applications", "enterprises"}
    leaks = [(table, column) for table, column, value in values if NUMBER in value or NUMBER[:17] in value]
    assert leaks == []
    assert MASKED in [value for table, column, value in values if (table, column) == ("users", "id_masked")]


def test_second_account_with_the_same_id_number_is_409(app, client):
    login(client, "13800000000")
    verify(client, "张三", NUMBER)
    other = app.test_client()
    login(other, "13800000009")
    check = start(other)
    assert check.status_code == 201
    response = other.post(f"/api/realname/{check.get_json()['check_id']}/face", json={})
    assert CJK.search(assert_error(response, 409, "id_number_taken")["message"])
    assert other.get("/api/me").get_json()["realname"]["status"] != "verified"


def test_someone_elses_check_id_is_404(app, client):
    login(client, "13800000000")
    check = start(client).get_json()
    other = app.test_client()
    login(other, "13800000009")
    assert_error(other.post(f"/api/realname/{check['check_id']}/face", json={}), 404, "identity_check_not_found")
    assert other.get("/api/me").get_json()["realname"]["status"] == "none"
    assert client.get("/api/me").get_json()["realname"]["status"] == "face_pending"


def test_face_step_ten_minutes_later_is_refused(client, clock):
    login(client, "13800000000")
    check = start(client).get_json()
    clock.advance(601)
    assert_error(client.post(f"/api/realname/{check['check_id']}/face", json={}), 422, "identity_check_expired")
    assert client.get("/api/me").get_json()["realname"]["status"] == "none"

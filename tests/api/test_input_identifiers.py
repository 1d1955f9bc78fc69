"""Phones, 身份证号, SMS codes and credit codes: full-width digits are the ASCII ones (one throttle, one ID digest,
one account); other non-ASCII digits are refused."""
import pytest

from backend.testing.client import OPERATOR, assert_error, login, sms_code, verify
from backend.testing.state import row_counts
from tests.factories import credit_code, id_number, startup_body

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
PHONE = "13800000000"


def user_counts(app):
    from sqlalchemy import func, select

    from backend.extensions import db
    from backend.models import User
    count = select(func.count()).select_from(User)
    with app.app_context():
        return {"users": db.session.scalar(count),
                "verified": db.session.scalar(count.where(User.id_digest.is_not(None)))}


def test_a_full_width_phone_shares_the_sms_throttle_of_the_ascii_phone(app, client):
    assert client.post("/api/auth/sms-codes", json={"phone": PHONE}).status_code == 201
    before = row_counts(app)
    response = client.post("/api/auth/sms-codes", json={"phone": PHONE.translate(FULL_WIDTH)})
    assert_error(response, 429, "sms_too_frequent")
    assert row_counts(app) == before


def test_a_full_width_phone_logs_in_to_the_same_account(app, client):
    login(client, PHONE)
    first = client.get("/api/me").get_json()["id"]
    other = app.test_client()
    assert_error(other.post("/api/auth/sms-codes", json={"phone": PHONE.translate(FULL_WIDTH)}), 429,
                 "sms_too_frequent")
    code = sms_code(client, PHONE)
    response = other.post("/api/auth/login", json={"phone": PHONE.translate(FULL_WIDTH), "code": code})
    assert response.status_code in (200, 422)  # the code was spent by the first login: either way, no new account
    assert user_counts(app)["users"] == 1
    assert client.get("/api/me").get_json()["id"] == first


def test_a_full_width_sms_code_is_the_ascii_code(client):
    assert client.post("/api/auth/sms-codes", json={"phone": PHONE}).status_code == 201
    code = sms_code(client, PHONE).translate(FULL_WIDTH)
    assert client.post("/api/auth/login", json={"phone": PHONE, "code": code}).status_code == 200


@pytest.mark.parametrize("digits", [ARABIC_INDIC, DEVANAGARI], ids=["arabic-indic", "devanagari"])
def test_phones_and_codes_in_other_digits_are_refused_and_send_nothing(app, client, digits):
    before = row_counts(app)
    response = client.post("/api/auth/sms-codes", json={"phone": "1" + "3800000000".translate(digits)})
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"phone": "请输入正确的11位手机号"}
    response = client.post("/api/auth/login", json={"phone": PHONE, "code": "123456".translate(digits)})
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"code": "请输入6位数字验证码"}
    assert row_counts(app) == before


def test_a_full_width_id_number_cannot_verify_a_second_account_for_the_same_person(app):
    first, second = app.test_client(), app.test_client()
    login(first, "13800000001")
    verify(first, "张三", id_number(1))
    login(second, "13800000002")
    check = second.post("/api/realname", json={"name": "张三", "id_number": id_number(1).translate(FULL_WIDTH)})
    assert check.status_code == 201, check.get_json()
    assert check.get_json()["id_number_masked"] == first.get("/api/me").get_json()["realname"]["id_number_masked"]
    before = user_counts(app)
    assert_error(second.post(f"/api/realname/{check.get_json()['check_id']}/face", json={}), 409, "id_number_taken")
    assert user_counts(app) == before
    assert second.get("/api/me").get_json()["realname"]["status"] != "verified"


@pytest.mark.parametrize("digits", [ARABIC_INDIC, DEVANAGARI], ids=["arabic-indic", "devanagari"])
def test_an_id_number_in_other_digits_is_refused(app, client, digits):
    login(client, PHONE)
    before = row_counts(app)
    response = client.post("/api/realname", json={"name": "张三", "id_number": id_number(1).translate(digits)})
    assert response.status_code == 422
    assert list(response.get_json()["fields"]) == ["id_number"]
    assert row_counts(app) == before


def test_a_startup_with_a_full_width_principal_id_is_the_same_principal(app, client):
    login(client, PHONE)
    verify(client, "张三", id_number(1))
    body = startup_body(principal_id_number=id_number(1).translate(FULL_WIDTH),
                        principal_phone="13900000001".translate(FULL_WIDTH))
    created = client.post("/api/startups", json=body)
    assert created.status_code == 201, created.get_json()
    done = client.post(f"/api/operator/startups/{created.get_json()['id']}/complete", json={}, headers=OPERATOR)
    assert done.status_code == 200
    # the principal rule compares ID digests: the full-width number hashed as the ASCII one
    assert client.get(f"/api/enterprises/{done.get_json()['enterprise']['id']}").status_code == 200


def test_a_full_width_credit_code_is_the_ascii_code(client):
    login(client, PHONE)
    verify(client, "张三", id_number(1))
    created = client.post("/api/startups", json=startup_body()).get_json()
    code = credit_code(7)
    response = client.post(f"/api/operator/startups/{created['id']}/complete",
                           json={"credit_code": code.translate(FULL_WIDTH).replace("M", "Ｍ").replace("A", "Ａ")},
                           headers=OPERATOR)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["enterprise"]["credit_code"] == code

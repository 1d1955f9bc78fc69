"""The text policy over HTTP: invisible characters are refused naming the field, on SQLite and PostgreSQL alike;
full-width letters and digits are stored folded, Chinese punctuation as typed."""
import pytest

from backend.testing.client import assert_error, login, verify
from backend.testing.state import row_counts
from tests.factories import id_number, startup_body

LABELS = {"company_name": "企业名称", "address": "住所"}
INVISIBLE = {"NUL": "\x00", "BEL": "\x07", "TAB": "\t", "LF": "\n", "RLO": "\u202e", "LRI": "\u2066",
             "ZWSP": "\u200b", "ZWJ": "\u200d", "BOM": "\ufeff", "LS": "\u2028"}


@pytest.fixture
def applicant(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    return client


@pytest.mark.parametrize("field", sorted(LABELS))
@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_an_invisible_character_inside_a_name_or_address_is_refused_naming_the_field(app, applicant, field, name):
    char = INVISIBLE[name]
    value = startup_body()[field]
    before = row_counts(app)
    response = applicant.post("/api/startups", json=startup_body(**{field: value[:3] + char + value[3:]}))
    assert response.status_code == 422, response.get_json()
    message = f"{LABELS[field]}含有不可见字符或控制字符（U+{ord(char):04X}），请删除后重试"
    assert response.get_json() == {"error": "invalid", "message": message, "fields": {field: message}}
    assert row_counts(app) == before


@pytest.mark.parametrize("char", ["\ue000", "\U0010fffd", "\U000e0001", "\uffff"])
def test_private_use_unassigned_and_tag_characters_are_refused(app, applicant, char):
    before = row_counts(app)
    response = applicant.post("/api/startups", json=startup_body(address=f"广州市天河区{char}测试路1号"))
    assert list(assert_error(response, 422, "invalid")["fields"]) == ["address"]
    assert f"U+{ord(char):04X}" in response.get_json()["message"]
    assert row_counts(app) == before


def test_a_nul_in_a_login_phone_or_code_is_refused_before_any_database_work(app, client):
    before = row_counts(app)
    assert_error(client.post("/api/auth/sms-codes", json={"phone": "1380000\x000000"}), 422, "invalid")
    response = client.post("/api/auth/login", json={"phone": "13800000000", "code": "12\x003456"})
    assert assert_error(response, 422, "invalid")["fields"] == {"code": "验证码含有不可见字符或控制字符（U+0000），请删除后重试"}
    assert row_counts(app) == before


def test_a_nul_in_a_realname_name_is_refused(app, client):
    login(client, "13800000000")
    before = row_counts(app)
    response = client.post("/api/realname", json={"name": "张\x00三", "id_number": id_number(1)})
    assert list(assert_error(response, 422, "invalid")["fields"]) == ["name"]
    assert row_counts(app) == before


def test_white_space_around_a_field_is_trimmed_also_the_ideographic_space(applicant):
    response = applicant.post("/api/startups", json=startup_body(company_name="\u3000 广州市张三科技有限公司\n",
                                                                  address="\t广州市天河区测试路1号\u3000"))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["company_name"] == "广州市张三科技有限公司"
    assert response.get_json()["address"] == "广州市天河区测试路1号"


def test_full_width_letters_and_digits_are_stored_folded_and_chinese_brackets_kept(applicant):
    response = applicant.post("/api/startups", json=startup_body(company_name="广州市ＡＢＣ科技有限公司（天河分公司）",
                                                                  address="广州市天河区测试路１２号"))
    assert response.status_code == 201, response.get_json()
    stored = applicant.get(response.headers["Location"]).get_json()
    assert stored["company_name"] == "广州市ABC科技有限公司（天河分公司）"
    assert stored["address"] == "广州市天河区测试路12号"


def test_a_name_in_decomposed_form_is_stored_composed(applicant):
    response = applicant.post("/api/startups", json=startup_body(address="广州市天河区Cafe\u0301路1号"))
    assert response.status_code == 201
    assert response.get_json()["address"] == "广州市天河区Café路1号"

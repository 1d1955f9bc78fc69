"""The parse layer: every body we cannot take is a 400 (or 413) in our error body, on every JSON route, and
changes nothing."""
import re

import pytest

from backend.testing.client import assert_error, login, verify
from backend.testing.state import row_counts, wallet_state
from tests.factories import id_number

BAD_JSON = {"error": "bad_request", "message": "请求体不是有效的 JSON", "fields": {}}
DEEP = "[" * 5000 + "]" * 5000


def post_raw(client, path, body):
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.post(path, data=data, content_type="application/json")


def assert_bad_json(response):
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.get_json() == BAD_JSON


def json_write_routes(app):
    """Every API route taking a write, with 1 for each path argument."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            path = re.sub(r"<(?:[^<>:]+:)?[^<>]+>", "1", rule.rule)
            for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
                yield method, path


@pytest.mark.parametrize("body", [DEEP, '{"phone": ' + DEEP + "}", '{"phone": "13800000000", "x": ' + DEEP + "}"],
                         ids=["top", "field", "unknown-field"])
def test_deeply_nested_json_is_400_before_login(app, client, body):
    before = row_counts(app)
    assert_bad_json(post_raw(client, "/api/auth/sms-codes", body))
    assert row_counts(app) == before


def test_deeply_nested_json_is_400_on_every_json_route(app, client):
    routes = list(json_write_routes(app))
    assert ("POST", "/api/startups") in routes and ("POST", "/api/receipts/delete") in routes
    before = row_counts(app)
    for method, path in routes:
        response = client.open(path, method=method, data=DEEP, content_type="application/json",
                               headers={"Authorization": "Bearer test-operator-token"})
        assert response.status_code == 400, (method, path, response.status_code)
        assert response.get_json() == BAD_JSON, (method, path)
    assert row_counts(app) == before


def test_nesting_beyond_the_depth_limit_is_400_and_within_it_reaches_validation(app, client):
    from backend.parsing import MAX_DEPTH
    before = row_counts(app)
    too_deep = '{"phone": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    assert_bad_json(post_raw(client, "/api/auth/sms-codes", too_deep))
    deep_enough = '{"phone": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    assert_error(post_raw(client, "/api/auth/sms-codes", deep_enough), 422, "invalid")
    assert row_counts(app) == before


@pytest.mark.parametrize("ids", ["1" + "0" * 5000, "-" + "9" * 5000, "1" * 33, "NaN", "Infinity"],
                         ids=["5001-digits", "minus-5000-digits", "33-digits", "NaN", "Infinity"])
def test_a_receipt_id_that_is_no_json_integer_we_take_is_400_and_deletes_nothing(app, principal, ids):
    client, _ent = principal
    before = wallet_state(app), row_counts(app)
    assert_bad_json(post_raw(client, "/api/receipts/delete", '{"receipt_ids": [' + ids + "]}"))
    assert (wallet_state(app), row_counts(app)) == before


def test_a_long_but_bounded_integer_is_a_validation_error(app, principal):
    client, _ent = principal
    before = wallet_state(app)
    response = post_raw(client, "/api/receipts/delete", '{"receipt_ids": [' + "9" * 30 + "]}")
    assert_error(response, 422, "invalid")
    assert wallet_state(app) == before


@pytest.fixture
def applicant(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    return client


def startup_json(company_name_json):
    return ('{"company_name": "' + company_name_json + '", "enterprise_type": "llc", '
            '"address": "广州市天河区测试路1号", "principal_name": "张三", '
            f'"principal_id_number": "{id_number(1)}", "principal_phone": "13900000001", '
            '"seals": ["official"], "free_eseal": true}')


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83d", "\\ude42\\ud83d"])
def test_an_unpaired_surrogate_in_a_company_name_is_400_and_files_nothing(app, applicant, escape):
    before = row_counts(app)
    assert_bad_json(post_raw(applicant, "/api/startups", startup_json(f"广州市{escape}科技有限公司")))
    assert row_counts(app) == before


def test_a_paired_surrogate_escape_is_an_ordinary_character(applicant):
    response = post_raw(applicant, "/api/startups", startup_json("广州市\\ud83d\\ude42科技有限公司"))
    assert "🙂" in assert_error(response, 422, "not_engravable")["message"]  # well-formed, but no seal can show it


@pytest.mark.parametrize("body", [b'{"phone": "\xff\xfe"}', b'\xef\xbb\xbf{"phone": "13800000000"}',
                                  '{"phone": "13800000000"}'.encode("utf-16")])
def test_a_body_that_is_not_utf8_json_is_400(app, client, body):
    before = row_counts(app)
    assert_bad_json(post_raw(client, "/api/auth/sms-codes", body))
    assert row_counts(app) == before


def test_a_body_over_one_megabyte_is_413_unread(app, client):
    before = row_counts(app)
    response = post_raw(client, "/api/auth/sms-codes", '{"phone": "' + "1" * (1024 * 1024) + '"}')
    assert response.status_code == 413
    assert response.get_json() == {"error": "too_large", "message": "提交的内容过大", "fields": {}}
    assert row_counts(app) == before


def test_an_ordinary_body_still_works(client):
    assert post_raw(client, "/api/auth/sms-codes", '{"phone": "13800000000"}').status_code == 201

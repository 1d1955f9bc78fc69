"""The operator API: bearer token, completing start-ups, carving and filing seals."""
import pytest

from backend.testing.client import OPERATOR, assert_error, login, verify
from backend.testing.state import row_counts
from tests.factories import id_number


def startup(client, **changes):
    body = {"company_name": "广州市张三科技有限公司", "enterprise_type": "llc", "address": "广州市天河区测试路1号",
            "principal_name": "张三", "principal_id_number": id_number(1), "principal_phone": "13900000001",
            "seals": ["official", "finance"], "free_eseal": True, **changes}
    response = client.post("/api/startups", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def applicant(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    return client


def op(client, path, **kwargs):
    return client.post(f"/api/operator{path}", json={}, headers=OPERATOR, **kwargs)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"},
                                     {"Authorization": "test-operator-token"},
                                     {"Authorization": "Basic dGVzdC1vcGVyYXRvci10b2tlbg=="}])
def test_operator_routes_need_the_bearer_token(app, client, headers):
    before = row_counts(app)
    for response in (client.get("/api/operator/startups", headers=headers),
                     client.post("/api/operator/startups/1/complete", json={}, headers=headers),
                     client.post("/api/operator/seals/1/carve", json={}, headers=headers),
                     client.post("/api/operator/seals/1/file", json={}, headers=headers)):
        assert response.status_code == 401
        assert response.get_json()["error"] == "operator_token_required"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert row_counts(app) == before


def test_wrong_token_changes_nothing(app, applicant):
    created = startup(applicant)
    before = row_counts(app)
    refused = applicant.post(f"/api/operator/startups/{created['id']}/complete", json={},
                             headers={"Authorization": "Bearer nope"})
    assert_error(refused, 401, "operator_token_required")
    assert row_counts(app) == before
    assert applicant.get(f"/api/startups/{created['id']}").get_json()["status"] == "submitted"


def test_logged_in_user_without_token_is_refused(app, applicant):
    created = startup(applicant)
    before = row_counts(app)
    assert_error(applicant.post(f"/api/operator/startups/{created['id']}/complete", json={}), 401,
                 "operator_token_required")
    assert row_counts(app) == before
    assert applicant.get(f"/api/startups/{created['id']}").get_json()["status"] == "submitted"


def test_operator_lists_startups_by_status(applicant):
    first, second = startup(applicant), startup(applicant, company_name="广州市第二有限公司")
    op(applicant, f"/startups/{first['id']}/complete")

    def listed(query):
        return [a["id"] for a in applicant.get(f"/api/operator/startups{query}", headers=OPERATOR).get_json()["items"]]

    assert listed("") == [first["id"], second["id"]]
    assert listed("?status=submitted") == [second["id"]]
    assert listed("?status=completed") == [first["id"]]
    assert_error(applicant.get("/api/operator/startups?status=odd", headers=OPERATOR), 422, "invalid")


def test_completing_twice_is_409(app, applicant):
    created = startup(applicant)
    assert op(applicant, f"/startups/{created['id']}/complete").status_code == 200
    before = row_counts(app)
    assert_error(op(applicant, f"/startups/{created['id']}/complete"), 409, "startup_completed")
    assert row_counts(app) == before


def test_completing_an_unknown_startup_is_404(app, client):
    before = row_counts(app)
    assert_error(op(client, "/startups/999/complete"), 404, "startup_not_found")
    assert row_counts(app) == before


def test_operator_may_give_a_valid_credit_code(applicant):
    created = startup(applicant)
    response = applicant.post(f"/api/operator/startups/{created['id']}/complete",
                              json={"credit_code": "91330100716105852F"}, headers=OPERATOR)
    assert response.status_code == 200
    assert response.get_json()["enterprise"]["credit_code"] == "91330100716105852F"


def test_invalid_credit_code_is_422_on_its_field(applicant):
    created = startup(applicant)
    response = applicant.post(f"/api/operator/startups/{created['id']}/complete",
                              json={"credit_code": "91330100716105852G"}, headers=OPERATOR)
    assert assert_error(response, 422, "invalid")["fields"] == {"credit_code": "统一社会信用代码校验位不正确"}
    assert applicant.get(f"/api/startups/{created['id']}").get_json()["status"] == "submitted"


def test_credit_code_already_used_is_409(applicant):
    first, second = startup(applicant), startup(applicant, company_name="广州市第二有限公司")
    code = {"credit_code": "91330100716105852F"}
    applicant.post(f"/api/operator/startups/{first['id']}/complete", json=code, headers=OPERATOR)
    before = row_counts(applicant.application)
    response = applicant.post(f"/api/operator/startups/{second['id']}/complete", json=code, headers=OPERATOR)
    assert_error(response, 409, "credit_code_taken")
    assert row_counts(applicant.application) == before
    assert applicant.get(f"/api/startups/{second['id']}").get_json()["status"] == "submitted"


def test_filing_before_carving_is_409(applicant):
    seal = op(applicant, f"/startups/{startup(applicant)['id']}/complete").get_json()["seals"][0]
    before = row_counts(applicant.application)
    assert_error(op(applicant, f"/seals/{seal['id']}/file"), 409, "seal_not_carved", "实物印章刻制完成后才能备案")
    assert row_counts(applicant.application) == before


def test_carving_twice_is_409(applicant):
    seal = op(applicant, f"/startups/{startup(applicant)['id']}/complete").get_json()["seals"][0]
    assert op(applicant, f"/seals/{seal['id']}/carve").status_code == 200
    before = row_counts(applicant.application)
    assert_error(op(applicant, f"/seals/{seal['id']}/carve"), 409, "seal_not_pending")
    assert row_counts(applicant.application) == before


@pytest.mark.parametrize("step", ["carve", "file"])
def test_unknown_seal_is_404(client, step):
    assert_error(op(client, f"/seals/999/{step}"), 404, "seal_not_found")


def test_carve_then_file_gives_the_seal_its_code(applicant):
    seal = op(applicant, f"/startups/{startup(applicant)['id']}/complete").get_json()["seals"][0]
    carved = op(applicant, f"/seals/{seal['id']}/carve").get_json()
    assert (carved["status"], carved["status_label"], carved["code"]) == ("carved", "已刻制", None)
    filed = op(applicant, f"/seals/{seal['id']}/file").get_json()
    assert (filed["status"], filed["status_label"]) == ("filed", "已备案")
    assert len(filed["code"]) == 13 and filed["code"].isdigit()
    assert filed["filed_at"] is not None


def outbox(client, phone):
    response = client.get(f"/api/dev/sms-outbox?phone={phone}")
    assert response.status_code == 200
    return response.get_json()["items"]


def test_filing_the_last_seal_sends_the_gift_sms_to_the_principal(applicant):
    seals = op(applicant, f"/startups/{startup(applicant)['id']}/complete").get_json()["seals"]
    for seal in seals:
        op(applicant, f"/seals/{seal['id']}/carve")
    op(applicant, f"/seals/{seals[0]['id']}/file")
    assert outbox(applicant, "13900000001") == []
    op(applicant, f"/seals/{seals[1]['id']}/file")
    [message] = outbox(applicant, "13900000001")
    assert message["kind"] == "gift_ready" and message["code"] is None
    assert "广州市张三科技有限公司" in message["content"] and "法定代表人" in message["content"]
    assert [m["kind"] for m in outbox(applicant, "13800000000")] == ["login"]


def test_principal_sees_seals_downloadable_once_all_are_filed(app, applicant):
    done = op(applicant, f"/startups/{startup(applicant)['id']}/complete").get_json()
    principal = app.test_client()
    login(principal, "13900000001")
    verify(principal, "张三", id_number(1))
    url = f"/api/enterprises/{done['enterprise']['id']}/seals"
    assert principal.get(url).get_json()["downloadable"] is False
    for seal in done["seals"]:
        op(applicant, f"/seals/{seal['id']}/carve")
        op(applicant, f"/seals/{seal['id']}/file")
    listed = principal.get(url).get_json()
    assert listed["downloadable"] is True
    assert {s["status"] for s in listed["items"]} == {"filed"}


def test_outbox_lists_newest_first(client, clock):
    for _ in range(2):
        client.post("/api/auth/sms-codes", json={"phone": "13800000000"})
        clock.advance(60)
    items = outbox(client, "13800000000")
    assert len(items) == 2
    assert items[0]["created_at"] > items[1]["created_at"]


def test_outbox_needs_a_valid_phone(client):
    assert "phone" in assert_error(client.get("/api/dev/sms-outbox?phone=123"), 422, "invalid")["fields"]

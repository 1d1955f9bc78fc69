"""The operator's CLI commands and seed-demo, through app.test_cli_runner()."""
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from backend.services.identifiers import credit_code_problem, id_number_problem
from backend.testing.client import assert_error, login, verify
from tests.factories import id_number


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def application(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    body = {"company_name": "广州市张三科技有限公司", "enterprise_type": "partnership", "address": "广州市天河区测试路1号",
            "principal_name": "张三", "principal_id_number": id_number(1), "principal_phone": "13900000001",
            "seals": ["official", "personal"], "free_eseal": True}
    return client.post("/api/startups", json=body).get_json()


def run(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def seal_rows(runner, credit_code):
    return [line.split("\t") for line in run(runner, "operator", "list-seals", credit_code).splitlines()]


def completed_code(output):
    """The credit code in 已办结：name（code）."""
    first = output.splitlines()[0]
    return first[first.index("（") + 1:first.index("）")]


def completed(runner, application):
    return completed_code(run(runner, "operator", "complete-startup", str(application["id"])))


def test_list_startups_shows_the_submitted_application(runner, application):
    [line] = run(runner, "operator", "list-startups").splitlines()
    assert line.split("\t") == [str(application["id"]), "审核中", "广州市张三科技有限公司", "合伙企业", "免费领取电子印章"]


def test_list_startups_filters_by_status(runner, application):
    assert run(runner, "operator", "list-startups", "--status", "completed") == ""
    completed(runner, application)
    assert run(runner, "operator", "list-startups", "--status", "submitted") == ""
    assert "已办结" in run(runner, "operator", "list-startups", "--status", "completed")


def test_complete_startup_registers_the_enterprise_with_a_valid_code(runner, client, application):
    output = run(runner, "operator", "complete-startup", str(application["id"]))
    assert output.startswith("已办结：广州市张三科技有限公司")
    assert credit_code_problem(completed_code(output)) is None
    assert "执行事务合伙人名章" in output
    assert client.get(f"/api/startups/{application['id']}").get_json()["status"] == "completed"


def test_complete_startup_twice_fails_with_a_chinese_message(runner, application):
    completed(runner, application)
    result = runner.invoke(args=["operator", "complete-startup", str(application["id"])])
    assert result.exit_code != 0
    assert "该办件已办结" in result.output


def test_complete_startup_with_a_given_credit_code(runner, application):
    run(runner, "operator", "complete-startup", str(application["id"]), "--credit-code", "914403001922038216")
    assert len(seal_rows(runner, "914403001922038216")) == 2


def test_complete_startup_refuses_an_invalid_credit_code(runner, application):
    result = runner.invoke(args=["operator", "complete-startup", str(application["id"]),
                                 "--credit-code", "914403001922038217"])
    assert result.exit_code != 0
    assert "校验位不正确" in result.output
    assert "审核中" in run(runner, "operator", "list-startups")


def test_carve_then_file_seal_through_the_cli(runner, application):
    code = completed(runner, application)
    seal_id = seal_rows(runner, code)[0][0]
    assert run(runner, "operator", "carve-seal", seal_id).split("\t")[2] == "已刻制"
    filed = run(runner, "operator", "file-seal", seal_id).strip().split("\t")
    assert filed[2] == "已备案" and len(filed[3]) == 13
    assert seal_rows(runner, code)[0][:4] == filed[:4]


def test_file_seal_before_carving_fails(runner, application):
    seal_id = seal_rows(runner, completed(runner, application))[0][0]
    result = runner.invoke(args=["operator", "file-seal", seal_id])
    assert result.exit_code != 0
    assert "实物印章刻制完成后才能备案" in result.output


def test_list_seals_of_an_unknown_enterprise_fails(runner):
    result = runner.invoke(args=["operator", "list-seals", "9144030071526726XG"])
    assert result.exit_code != 0
    assert "未找到该企业" in result.output


def test_filing_every_seal_through_the_cli_sends_the_gift_sms(runner, client, application):
    for row in seal_rows(runner, completed(runner, application)):
        run(runner, "operator", "carve-seal", row[0])
        run(runner, "operator", "file-seal", row[0])
    items = client.get("/api/dev/sms-outbox?phone=13900000001").get_json()["items"]
    assert [m["kind"] for m in items] == ["gift_ready"]


def row_counts(app, db):
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def seed(runner):
    return json.loads(run(runner, "seed-demo", "--json"))["accounts"]


def test_seed_demo_twice_gives_the_same_json_and_no_new_rows(app, db, runner):
    first = seed(runner)
    counts = row_counts(app, db)
    assert seed(runner) == first
    assert row_counts(app, db) == counts
    assert counts["users"] == 7 and counts["enterprises"] == 6


def test_seed_demo_lists_seven_accounts_with_the_fields_of_the_design(runner):
    accounts = seed(runner)
    assert len(accounts) == len({a["phone"] for a in accounts}) == 7
    for account in accounts:
        assert {"phone", "name", "id_number", "enterprise", "role", "licence_password", "seals"} <= set(account)
        assert id_number_problem(account["id_number"]) is None
        if account["enterprise"]:
            assert set(account["enterprise"]) >= {"name", "credit_code", "type"}
            assert credit_code_problem(account["enterprise"]["credit_code"]) is None
            assert account["role"] and account["seals"]
            assert all(set(s) >= {"name", "status"} for s in account["seals"])


def test_seed_demo_covers_the_seven_cases(runner):
    accounts = seed(runner)
    companies = [a for a in accounts if a["enterprise"] and a["enterprise"]["type"] in ("有限责任公司", "股份有限公司")]
    all_filed = [a for a in companies if {s["status"] for s in a["seals"]} == {"已备案"}]
    assert any(a["licence_password"] is None for a in all_filed)  # licence not downloaded yet
    assert any(a["licence_password"] for a in all_filed)  # licence downloaded
    assert any({s["status"] for s in a["seals"]} != {"已备案"} for a in companies)  # seals not filed
    assert any(a["enterprise"] and (a["enterprise"]["type"], a["role"]) == ("合伙企业", "执行事务合伙人")
               for a in accounts)
    assert any(a["enterprise"] and (a["enterprise"]["type"], a["role"]) == ("分公司", "负责人") for a in accounts)
    assert any(a["enterprise"] is None and a["verified"] for a in accounts)  # no principal
    assert any(not a["verified"] for a in accounts)  # no real-name verification


def demo(accounts, case):
    return next(a for a in accounts if a["case"] == case)


def test_seeded_principal_logs_in_and_sees_the_wallet(app, runner):
    accounts = seed(runner)
    account = demo(accounts, "licence_not_downloaded")
    client = app.test_client()
    login(client, account["phone"])
    assert client.get("/api/me").get_json()["realname"]["status"] == "verified"
    [entry] = client.get("/api/wallet").get_json()["items"]
    assert entry["enterprise"]["credit_code"] == account["enterprise"]["credit_code"]
    assert {g["title"]: g["count"] for g in entry["gifts"]}["电子印章"] == len(account["seals"])


def test_seeded_user_who_is_no_principal_sees_an_empty_wallet(app, runner):
    client = app.test_client()
    login(client, demo(seed(runner), "not_principal")["phone"])
    assert client.get("/api/wallet").get_json()["items"] == []


def test_seeded_unverified_principal_sees_the_enterprise_after_verifying(app, runner):
    account = demo(seed(runner), "not_verified")
    client = app.test_client()
    login(client, account["phone"])
    assert_error(client.get("/api/wallet"), 403, "realname_required")
    verify(client, account["name"], account["id_number"])
    [entry] = client.get("/api/wallet").get_json()["items"]
    assert entry["enterprise"]["name"] == account["enterprise"]["name"]


def test_rotate_keys_starts_a_new_signing_key_and_keeps_the_old_one_published(app):
    from pathlib import Path

    from backend.services.signing_keys import KeyRing
    key_dir = Path(app.config["ESEAL_KEY_DIR"])
    before = KeyRing.load_or_create(key_dir, "eseal", datetime.now(UTC)).signing_kid
    result = app.test_cli_runner().invoke(args=["rotate-keys", "eseal"])
    assert result.exit_code == 0, result.output
    after = KeyRing.load_or_create(key_dir, "eseal", datetime.now(UTC))
    assert after.signing_kid != before and after.signing_kid in result.output
    assert {before, after.signing_kid} <= {k["kid"] for k in after.jwks()["keys"]}

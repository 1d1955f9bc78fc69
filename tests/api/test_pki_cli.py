"""flask pki init|show|rotate-issuing|issue-missing|refresh-crls and the operator's seal lifecycle commands."""
import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.models import Seal
from backend.services import seals
from backend.testing.pki import certificate_row


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def run(runner, *args, code=0):
    result = runner.invoke(args=list(args))
    assert result.exit_code == code, result.output
    return result.output


def filed_seal(app, make_principal, pki=True, **person):
    _client, enterprise = make_principal(seals=("official",), **person)
    with app.app_context():
        seal = db.session.scalar(select(Seal).where(Seal.enterprise_id == enterprise["id"]))
        seals.mark_carved(db.session, seal.id, app.config["ESEAL_CLOCK"]())
        now = app.config["ESEAL_CLOCK"]()
        seals.mark_filed(db.session, seal.id, now, pki=app.extensions["eseal_pki"] if pki else None)
        return seal.id, enterprise


def test_show_lists_the_authorities_with_their_fingerprints(runner):
    lines = run(runner, "pki", "show").splitlines()
    assert [line.split("\t")[0] for line in lines][:5] == ["root", "issuing-1", "maker-1", "maker-sm2-1", "tsa-1"]
    assert all("SHA-256 " in line and "密钥库 wrapped" in line for line in lines)


@pytest.fixture
def app_config(clock, tmp_path, request):
    """A key directory of this test's own for the init and rotation test; the session's for the others."""
    if request.node.name.startswith("test_init_"):
        return {"ESEAL_CLOCK": clock, "ESEAL_KEY_DIR": str(tmp_path)}
    return {"ESEAL_CLOCK": clock}


def test_init_makes_the_platform_and_its_crls_and_rotation_starts_a_new_issuing_ca(app, runner, make_principal):
    first = run(runner, "pki", "init")
    assert first.splitlines()[0].startswith("root\t根CA") and run(runner, "pki", "init") == first
    old_seal, _enterprise = filed_seal(app, make_principal)
    assert "新的签发CA：issuing-2" in run(runner, "pki", "rotate-issuing")
    app.extensions["eseal_pki"]._platform = None  # what a restarted process reads
    new_seal, _ = filed_seal(app, make_principal, phone="13900000002", name="李四", serial=2)
    with app.app_context():
        issuers = {s.id: s.certificate.issuer for s in db.session.scalars(select(Seal)) if s.certificate}
    assert issuers == {old_seal: "issuing-1", new_seal: "issuing-2"}
    crls = run(runner, "pki", "refresh-crls")
    assert "root\t" in crls and "issuing-1\t" in crls and "issuing-2\t" in crls


def test_issue_missing_gives_seals_filed_before_their_objects(app, runner, make_principal):
    seal_id, _enterprise = filed_seal(app, make_principal, pki=False)
    assert certificate_row(app, seal_id) is None
    assert run(runner, "pki", "issue-missing") == "已为 1 枚印章生成证书与印章数据\n"
    assert certificate_row(app, seal_id)["status"] == "good"
    assert run(runner, "pki", "issue-missing") == "已为 0 枚印章生成证书与印章数据\n"


def test_the_operator_lifecycle_commands_and_their_refusals(app, runner, make_principal):
    seal_id, enterprise = filed_seal(app, make_principal)
    assert "\t已停用\t" in run(runner, "operator", "suspend-seal", str(seal_id), "--note", "核查")
    assert "该印章当前状态为已停用，不能停用" in run(runner, "operator", "suspend-seal", str(seal_id), code=1)
    assert "\t已备案\t" in run(runner, "operator", "resume-seal", str(seal_id))
    renamed = run(runner, "operator", "rename-enterprise", enterprise["credit_code"], "广州市更名后科技有限公司")
    assert renamed.startswith("已更名：广州市更名后科技有限公司")
    assert "\t已注销\t" in renamed and "\t已备案\t" in renamed
    new_id = max(int(line.split("\t")[0]) for line in renamed.splitlines()[1:])
    assert "\t已注销\t" in run(runner, "operator", "revoke-seal", str(new_id), "--reason", "compromise")
    assert "Invalid value for '--reason'" in run(runner, "operator", "revoke-seal", str(new_id), "--reason", "x",
                                                 code=2)
    assert "未找到该企业" in run(runner, "operator", "rename-enterprise", "91440101MA5XXXXX0X", "某某", code=1)


def test_seed_demo_gives_every_filed_seal_its_key_certificate_and_object(app, runner):
    run(runner, "seed-demo")
    with app.app_context():
        filed = db.session.scalars(select(Seal).where(Seal.status == "filed")).all()
        assert len(filed) >= 15
        assert all(s.certificate is not None and s.seal_object is not None for s in filed)
        assert len({s.certificate.serial for s in filed}) == len(filed)

"""Who the principal is, by enterprise type, and what the personal seal is called."""
import pytest

from backend.services import startups
from backend.catalog import ENTERPRISE_TYPES, principal_role, seal_label
from backend.services.identifiers import id_number_problem, phone_problem
from tests.factories import enterprise, startup_data


@pytest.mark.parametrize("enterprise_type, role", [
    ("llc", "法定代表人"),
    ("joint_stock", "法定代表人"),
    ("sole", "法定代表人"),
    ("partnership", "执行事务合伙人"),
    ("branch", "负责人"),
])
def test_principal_role_follows_the_enterprise_type(enterprise_type, role):
    assert principal_role(enterprise_type) == role


def test_enterprise_type_labels_are_the_registration_names():
    assert ENTERPRISE_TYPES == {"llc": "有限责任公司", "joint_stock": "股份有限公司", "sole": "个人独资企业",
                                "partnership": "合伙企业", "branch": "分公司"}


@pytest.mark.parametrize("enterprise_type, label", [
    ("llc", "法定代表人名章"),
    ("joint_stock", "法定代表人名章"),
    ("sole", "法定代表人名章"),
    ("partnership", "执行事务合伙人名章"),
    ("branch", "负责人名章"),
])
def test_personal_seal_is_named_after_the_principal_role(enterprise_type, label):
    assert seal_label("personal", enterprise_type) == label


@pytest.mark.parametrize("seal_type, label", [
    ("official", "公章"), ("finance", "财务专用章"), ("invoice", "发票专用章"), ("contract", "合同专用章"),
])
@pytest.mark.parametrize("enterprise_type", ["llc", "partnership", "branch"])
def test_other_seal_names_do_not_depend_on_the_enterprise_type(seal_type, label, enterprise_type):
    assert seal_label(seal_type, enterprise_type) == label


@pytest.mark.parametrize("enterprise_type, role", [("partnership", "执行事务合伙人"), ("branch", "负责人"),
                                                   ("llc", "法定代表人")])
def test_registered_enterprise_and_its_application_name_the_same_principal_role(
        session, applicant, enterprise_type, role):
    created = enterprise(session, applicant, type_=enterprise_type)
    application = startups.applications_of(session, applicant)[0]
    assert created.principal_role == role
    assert application.principal_role == role


def test_startup_data_factory_builds_a_valid_principal():
    # guards the factories the other tests rely on
    data = startup_data(serial=7)
    assert id_number_problem(data["principal_id_number"]) is None
    assert phone_problem(data["principal_phone"]) is None

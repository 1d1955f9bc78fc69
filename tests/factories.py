"""Test data built through the services, as the platform itself would build it."""
from datetime import UTC, datetime

from backend.services import identifiers, seals, startups
from backend.services.identifiers import credit_code_check_char, id_number_digest, mask_id_number
from backend.testing.people import serial_id_number

KEY = b"unit-test-key"
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def id_number(serial):
    """A valid 身份证号 whose sequence digits come from serial."""
    return serial_id_number(serial)


def credit_code(serial):
    first17 = f"91440101MA{serial:07d}"
    return first17 + credit_code_check_char(first17)


def startup_data(name="广州市测试科技有限公司", type_="llc", principal="张三", serial=1, phone="13900000001",
                 seals_=("official", "finance"), free_eseal=True):
    return dict(company_name=name, enterprise_type=type_, address="广州市天河区测试路1号", principal_name=principal,
                principal_id_number=id_number(serial), principal_phone=phone, seals=list(seals_),
                free_eseal=free_eseal)


def startup_body(**changes):
    """The JSON body of 开办企业 (POST /api/startups) for 张三 (id_number(1)), with ``changes``."""
    body = {"company_name": "广州市张三科技有限公司", "enterprise_type": "llc", "address": "广州市天河区测试路1号",
            "principal_name": "张三", "principal_id_number": id_number(1), "principal_phone": "13900000001",
            "seals": ["official", "finance"], "free_eseal": True}
    return {**body, **changes}


def verify(user, name, number, key=KEY, now=NOW):
    user.real_name, user.id_digest = name, id_number_digest(number, key)
    user.id_masked, user.verified_at = mask_id_number(number), now


def enterprise(session, applicant, key=KEY, now=NOW, filed=False, **kwargs):
    application = startups.submit(session, applicant, startup_data(**kwargs), now, key)
    created = startups.complete(session, application.id, now)
    if filed:
        for seal in seals.seals_of(session, created):
            seals.mark_carved(session, seal.id, now)
            seals.mark_filed(session, seal.id, now)
    return created


__all__ = ["credit_code", "enterprise", "id_number", "identifiers", "startup_body", "startup_data", "verify"]

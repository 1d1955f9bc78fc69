"""开办企业: filing an application and completing it, which issues the gift package."""
import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..imaging import default_font_path, missing_glyphs
from ..models import Enterprise, GiftItem, Seal, SealEvent, StartupApplication
from ..catalog import REQUIRED_SEALS, SEAL_TYPES, seal_label
from .errors import Conflict, Invalid, NotFound
from .identifiers import (credit_code_check_char, credit_code_problem, id_number_digest,
                          mask_id_number, normalise_id_number)

GUANGZHOU = "440100"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
OPERATOR = "一网通平台"
# The submitted texts a seal shows: the enterprise name on every seal, the principal's on the name seal.
SEAL_TEXTS = (("company_name", "企业名称"), ("principal_name", "姓名"))


def check_lettering(data, font_path=None):
    """Refuse a name the seal face cannot draw: stored, it would break every picture of the enterprise's seals."""
    font_path = font_path or default_font_path()
    fields = {}
    for field, what in SEAL_TEXTS:
        missing = missing_glyphs(font_path, data[field])
        if missing:
            chars = "、".join(f"“{ch}”" for ch in missing)
            fields[field] = f"{what}中的字符{chars}无法刻制在印章上，请修改"
    if fields:
        raise Invalid("not_engravable", next(iter(fields.values())), fields)


def submit(session, user, data, now, key, font_path=None):
    """File 开办企业; data holds validated fields. 公章 is always carved.

    font_path: the seal face the pictures are drawn with (the default face when not given).
    """
    check_lettering(data, font_path)
    seals = [t for t in SEAL_TYPES if t in set(data["seals"]) | set(REQUIRED_SEALS)]
    number = normalise_id_number(data["principal_id_number"])
    application = StartupApplication(
        applicant_id=user.id, company_name=data["company_name"], enterprise_type=data["enterprise_type"],
        address=data["address"], principal_name=data["principal_name"],
        principal_id_digest=id_number_digest(number, key), principal_id_masked=mask_id_number(number),
        principal_phone=data["principal_phone"], seal_types=seals, free_eseal=data["free_eseal"], submitted_at=now,
    )
    session.add(application)
    session.commit()
    return application


def applications_of(session, user):
    return session.scalars(
        select(StartupApplication).where(StartupApplication.applicant_id == user.id)
        .order_by(StartupApplication.id.desc())
    ).all()


def application_of(session, user, application_id):
    application = session.get(StartupApplication, application_id)
    if application is None or application.applicant_id != user.id:
        raise NotFound("startup_not_found", "未找到该办件")
    return application


def all_applications(session, status=None):
    query = select(StartupApplication).order_by(StartupApplication.id)
    if status:
        query = query.where(StartupApplication.status == status)
    return session.scalars(query).all()


def _organisation_code(digits8):
    """GB 11714 organisation code: eight characters and their check character."""
    remainder = 11 - sum(int(c) * w for c, w in zip(digits8, ORG_WEIGHTS)) % 11
    return digits8 + {10: "X", 11: "0"}.get(remainder, str(remainder))


def new_credit_code(session):
    """A fresh valid 统一社会信用代码 for an enterprise registered in Guangzhou."""
    while True:
        first17 = "91" + GUANGZHOU + _organisation_code(f"{secrets.randbelow(10**8):08d}")
        code = first17 + credit_code_check_char(first17)
        if session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)) is None:
            return code


def complete(session, application_id, now, today=None, credit_code=None):
    """Register the enterprise and issue 电子营业执照, 电子印章 (if asked for) and 电子发票."""
    application = session.get(StartupApplication, application_id)
    if application is None:
        raise NotFound("startup_not_found", "未找到该办件")
    if application.status == "completed":
        raise Conflict("startup_completed", "该办件已办结")
    if credit_code is not None:
        problem = credit_code_problem(credit_code)
        if problem:
            raise Invalid("credit_code_invalid", problem, {"credit_code": problem})
        if session.scalar(select(Enterprise.id).where(Enterprise.credit_code == credit_code)) is not None:
            raise Conflict("credit_code_taken", "该统一社会信用代码已被使用", {"credit_code": "已被使用"})
    enterprise = Enterprise(
        name=application.company_name, credit_code=credit_code or new_credit_code(session),
        type=application.enterprise_type, address=application.address,
        principal_name=application.principal_name, principal_id_digest=application.principal_id_digest,
        principal_id_masked=application.principal_id_masked, principal_phone=application.principal_phone,
        established_on=today or date.today(), created_at=now,
    )
    session.add(enterprise)
    session.flush()
    kinds = ["licence", "eseal", "einvoice"] if application.free_eseal else ["licence", "einvoice"]
    session.add_all(GiftItem(enterprise_id=enterprise.id, kind=k, issued_at=now) for k in kinds)
    if application.free_eseal:
        for seal_type in application.seal_types:
            seal = Seal(enterprise_id=enterprise.id, type=seal_type, status="pending", created_at=now)
            session.add(seal)
            session.flush()
            session.add(SealEvent(seal_id=seal.id, enterprise_id=enterprise.id, kind="apply", actor=OPERATOR,
                                  detail=f"开办企业申请刻制{seal_label(seal_type, enterprise.type)}，免费领取电子印章",
                                  created_at=now))
    application.status = "completed"
    application.completed_at = now
    application.enterprise_id = enterprise.id
    try:
        session.commit()
    except IntegrityError as exc:  # a concurrent completion took the code or the application
        session.rollback()
        raise Conflict("startup_conflict", "该办件或统一社会信用代码已被同时处理，请刷新后重试") from exc
    return enterprise

"""Demo data: the seven cases DESIGN.md lists, loaded idempotently.

It spans both apps (the e-seal register and the licence app's holders), so it sits above both.
"""
from datetime import timedelta

from sqlalchemy import select

from .elicense.models import LicenceHolding
from .elicense.passwords import hash_password
from .elicense.service import find_or_create_holder, holding_for
from .models import Enterprise, User
from .services import sealing
from .services import seals as seal_service
from .services import startups
from .catalog import ENTERPRISE_TYPES, SEAL_STATUSES, principal_role
from .services.identifiers import credit_code_check_char, id_number_check_char, id_number_digest, mask_id_number


def _id(first17):
    return first17 + id_number_check_char(first17)


def _credit(first17):
    return first17 + credit_code_check_char(first17)


ALL_SEALS = ["official", "finance", "invoice", "contract", "personal"]

# (case, phone, name, id number, verified, enterprise or None)
CASES = [
    ("licence_not_downloaded", "13800000001", "陈志明", _id("44010619850315123"), True,
     dict(name="广州市穗新科技有限公司", type="llc", credit=_credit("91440101MA5CYK1A0"), seals=ALL_SEALS,
          file="all", address="广州市天河区天河路385号")),
    ("licence_downloaded", "13800000002", "林晓红", _id("44010519900822234"), True,
     dict(name="广州市粤海贸易有限公司", type="llc", credit=_credit("91440101MA5CYK2B1"), seals=ALL_SEALS,
          file="all", address="广州市越秀区中山五路68号", licence_password="135790")),
    ("seals_not_filed", "13800000003", "黄建国", _id("44010219780106345"), True,
     dict(name="广州市云帆信息技术股份有限公司", type="joint_stock", credit=_credit("91440101MA5CYK3C2"),
          seals=["official", "finance", "invoice"], file="carve_first", address="广州市海珠区新港东路1000号")),
    ("partnership", "13800000004", "周海峰", _id("44011119820918456"), True,
     dict(name="广州市珠江创新投资合伙企业（有限合伙）", type="partnership", credit=_credit("91440101MA5CYK4D3"),
          seals=["official", "finance", "contract", "personal"], file="all", address="广州市南沙区港前大道8号")),
    ("branch", "13800000005", "吴丽娟", _id("44010319880402567"), True,
     dict(name="广州市华南食品有限公司天河分公司", type="branch", credit=_credit("91440101MA5CYK5E4"),
          seals=["official", "contract", "personal"], file="all", address="广州市天河区体育西路103号")),
    ("not_principal", "13800000006", "赵敏", _id("44010419950711678"), True, None),
    ("not_verified", "13800000007", "孙悦", _id("44010619920227789"), False,
     dict(name="广州市悦来餐饮店", type="sole", credit=_credit("92440101MA5CYK6F5"),
          seals=["official", "finance", "invoice"], file="all", address="广州市荔湾区上下九路52号")),
]


def _user(session, phone, name, number, verified, now, key):
    user = session.scalar(select(User).where(User.phone == phone))
    if user is None:
        user = User(phone=phone, created_at=now)
        session.add(user)
    if verified and not user.is_verified:
        user.real_name, user.id_digest = name, id_number_digest(number, key)
        user.id_masked, user.verified_at = mask_id_number(number), now
    session.commit()
    return user


def _enterprise(session, user, phone, name, number, spec, now, key, pki=None):
    enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == spec["credit"]))
    if enterprise is not None:
        return enterprise
    earlier = now - timedelta(days=3)
    data = dict(company_name=spec["name"], enterprise_type=spec["type"], address=spec["address"],
                principal_name=name, principal_id_number=number, principal_phone=phone,
                seals=spec["seals"], free_eseal=True)
    application = startups.submit(session, user, data, earlier, key)
    # 成立 the day the start-up completes: before the seals are carved and filed and the gift package is used
    enterprise = startups.complete(session, application.id, earlier, today=earlier.date(), credit_code=spec["credit"])
    for index, seal in enumerate(seal_service.seals_of(session, enterprise)):
        if spec["file"] == "all" or index == 0:
            seal_service.mark_carved(session, seal.id, now - timedelta(days=2))
        if spec["file"] == "all":
            seal_service.mark_filed(session, seal.id, now - timedelta(days=1), pki=pki)
    return enterprise


def _known_to_licence_app(session, user, enterprise, client_id, key, now):
    """The already-downloaded case: the licence app knows this person (and their licence, seed_demo_holdings).

    It still shows the licence only to a browser where the person did 实名信息 and 实人认证 once: a jump
    from the e-seal app names a user, it does not log anyone in to the licence app.
    """
    return find_or_create_holder(session, enterprise.principal_name, enterprise.principal_id_digest, now)


def seed_demo_holdings(session, now):
    """Demo: the principal of each case with a licence password already holds that licence, synced.

    Runs after the demo enterprises exist; the holder is read from the register, so no ID key is needed.
    """
    seeded = []
    for _case, _phone, _name, _number, _verified, spec in CASES:
        if not spec or not spec.get("licence_password"):
            continue
        enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == spec["credit"]))
        if enterprise is None:
            continue
        holder = find_or_create_holder(session, enterprise.principal_name, enterprise.principal_id_digest, now)
        holding = holding_for(session, holder, enterprise.credit_code)
        if holding is None:
            earlier = now - timedelta(days=1)
            holding = LicenceHolding(holder_id=holder.id, credit_code=enterprise.credit_code,
                                     enterprise_name=enterprise.name,
                                     password_hash=hash_password(spec["licence_password"]),
                                     downloaded_at=earlier, sync_until=earlier)
            session.add(holding)
            session.commit()
        seeded.append(holding)
    return seeded


def seed(session, now, key, client_id="eseal-h5", pki=None):
    """Load every case (again: nothing is duplicated) and describe the accounts.

    pki: the app's (services/pki_service.py), so that filed seals get their keys, certificates and objects."""
    accounts, later = [], []
    for case, phone, name, number, verified, spec in CASES:
        user = _user(session, phone, name, number, verified, now, key)
        entry = {"case": case, "phone": phone, "name": name, "id_number": number, "verified": verified,
                 "enterprise": None, "role": None, "licence_password": None, "seals": []}
        if spec:
            enterprise = _enterprise(session, user, phone, name, number, spec, now, key, pki)
            entry["enterprise"] = {"name": enterprise.name, "credit_code": enterprise.credit_code,
                                   "type": ENTERPRISE_TYPES[enterprise.type]}
            entry["role"] = principal_role(enterprise.type)
            entry["licence_password"] = spec.get("licence_password")
            if spec.get("licence_password"):
                later.append((user, enterprise))
            entry["seals"] = [{"name": seal_service.seal_name(s), "status": SEAL_STATUSES[s.status],
                               "code": s.code} for s in seal_service.seals_of(session, enterprise)]
        accounts.append(entry)
    if pki is not None:  # demo seals filed by an earlier version, before seal objects existed
        sealing.issue_missing(session, pki, now)
    seed_demo_holdings(session, now)  # the licence app's side: the already-downloaded licence
    for user, enterprise in later:
        _known_to_licence_app(session, user, enterprise, client_id, key, now)
    return accounts


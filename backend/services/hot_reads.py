"""The hot reads (查看详情, 查看已下载印章, 证照卡包) in one SQL statement each: login session, user and page data.

Each statement is built once (SQLAlchemy Core, bound parameters, so its compiled form is cached) and checks the
login session itself (not revoked, not expired) in the same statement: no session cache, so a logout or an
expiry holds from the next request on, on every worker and host. What the statement cannot answer plainly —
no such login session, an unverified user, nothing found, no longer the principal, an enterprise with two 公章
in use — is answered None, and the caller takes the ORM path, which gives the errors (401/403/404) as before.
"""
from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from ..models import (
    AuthSession,
    Enterprise,
    GiftItem,
    Receipt,
    Seal,
    SealCertificate,
    SealGrant,
    User,
)
from ..models.types import UTCDateTime
from .grants import today_of

auth, users, receipts = AuthSession.__table__, User.__table__, Receipt.__table__
seals, enterprises, certificates = Seal.__table__, Enterprise.__table__, SealCertificate.__table__
grants, gifts = SealGrant.__table__, GiftItem.__table__
official = seals.alias("official")

USER = (users.c.id.label("user_id"), users.c.real_name, users.c.id_digest, users.c.verified_at)
ENTERPRISE = (enterprises.c.id.label("e_id"), enterprises.c.name.label("e_name"), enterprises.c.credit_code,
              enterprises.c.type.label("e_type"), enterprises.c.principal_name, enterprises.c.principal_id_digest,
              enterprises.c.address, enterprises.c.established_on)
SEAL = (seals.c.id.label("s_id"), seals.c.type.label("s_type"), seals.c.status.label("s_status"),
        seals.c.code.label("s_code"), seals.c.filed_at, seals.c.engraved_name.label("s_engraved"))
OFFICIAL = (official.c.id.label("o_id"), official.c.code.label("o_code"),
            official.c.engraved_name.label("o_engraved"))


def _live_login(sid, now):
    return and_(auth.c.id == sid, auth.c.revoked_at.is_(None), auth.c.expires_at > now)


def _official_of(enterprise_id):
    return and_(official.c.enterprise_id == enterprise_id, official.c.type == "official",
                official.c.status != "revoked")


def _typed_nulls(columns):
    return [cast(null(), c.type).label(c.key) for c in columns]


SID, NOW = bindparam("sid", type_=String), bindparam("now", type_=UTCDateTime)

DETAIL = (
    select(*USER, receipts.c.id.label("r_id"), receipts.c.received_at, *SEAL, *ENTERPRISE, *OFFICIAL,
           certificates.c.serial, certificates.c.der, certificates.c.not_before, certificates.c.not_after,
           certificates.c.status.label("c_status"))
    .select_from(
        auth.join(users, users.c.id == auth.c.user_id)
        .outerjoin(receipts, and_(receipts.c.id == bindparam("receipt_id", type_=Integer),
                                  receipts.c.user_id == users.c.id, receipts.c.deleted_at.is_(None)))
        .outerjoin(seals, seals.c.id == receipts.c.seal_id)
        .outerjoin(enterprises, enterprises.c.id == seals.c.enterprise_id)
        .outerjoin(official, _official_of(enterprises.c.id))
        .outerjoin(certificates, certificates.c.seal_id == seals.c.id))
    .where(_live_login(SID, NOW))
)

# 查看已下载印章: the user and the enterprise with the receipts held of its seals (kind 'r'), then the user's
# grants of its seals in force or to come (kind 'g'); one UNION ALL.
_HELD = (
    select(literal("r").label("kind"), *USER, *ENTERPRISE, *SEAL, receipts.c.id.label("r_id"),
           receipts.c.received_at,
           *_typed_nulls((grants.c.id, grants.c.starts_on, grants.c.ends_on, grants.c.revoked_at)))
    .select_from(
        auth.join(users, users.c.id == auth.c.user_id)
        .outerjoin(enterprises, enterprises.c.id == bindparam("enterprise_id", type_=Integer))
        .outerjoin(seals.join(receipts, receipts.c.seal_id == seals.c.id),
                   and_(seals.c.enterprise_id == enterprises.c.id, receipts.c.user_id == users.c.id,
                        receipts.c.deleted_at.is_(None))))
    .where(_live_login(SID, NOW))
)
_GRANTED = (
    select(literal("g").label("kind"), *_typed_nulls(USER), *_typed_nulls(ENTERPRISE), *SEAL,
           *_typed_nulls((receipts.c.id.label("r_id"), receipts.c.received_at)),
           grants.c.id, grants.c.starts_on, grants.c.ends_on, grants.c.revoked_at)
    .select_from(auth.join(grants, grants.c.grantee_id == auth.c.user_id)
                 .join(seals, seals.c.id == grants.c.seal_id))
    .where(_live_login(SID, NOW), grants.c.enterprise_id == bindparam("enterprise_id", type_=Integer),
           grants.c.revoked_at.is_(None), grants.c.ends_on >= bindparam("today", type_=Date),
           seals.c.status == "filed")
)
HELD = union_all(_HELD, _GRANTED)

# 证照卡包: the user with each enterprise whose principal they are and its gift items (kind 'p'), then the
# enterprises of their grants in force or to come (kind 'g', a row per grant); one UNION ALL.
_SEAL_COUNT = (select(func.count()).select_from(seals).where(seals.c.enterprise_id == enterprises.c.id)
               .correlate(enterprises).scalar_subquery())
_OWNED = (
    select(literal("p").label("kind"), *USER, *ENTERPRISE, *OFFICIAL, gifts.c.kind.label("gift"),
           gifts.c.issued_at, _SEAL_COUNT.label("seal_count"),
           *_typed_nulls((grants.c.id, grants.c.seal_id, grants.c.created_at)))
    .select_from(
        auth.join(users, users.c.id == auth.c.user_id)
        .outerjoin(enterprises, and_(enterprises.c.principal_id_digest == users.c.id_digest,
                                     enterprises.c.principal_name == users.c.real_name))
        .outerjoin(official, _official_of(enterprises.c.id))
        .outerjoin(gifts, gifts.c.enterprise_id == enterprises.c.id))
    .where(_live_login(SID, NOW))
)
_GRANT_ENTERPRISES = (
    select(literal("g").label("kind"), *_typed_nulls(USER), *ENTERPRISE, *OFFICIAL,
           *_typed_nulls((gifts.c.kind.label("gift"), gifts.c.issued_at)), cast(null(), Integer).label("seal_count"),
           grants.c.id, grants.c.seal_id, grants.c.created_at)
    .select_from(auth.join(grants, grants.c.grantee_id == auth.c.user_id)
                 .join(seals, seals.c.id == grants.c.seal_id)
                 .join(enterprises, enterprises.c.id == seals.c.enterprise_id)
                 .outerjoin(official, _official_of(enterprises.c.id)))
    .where(_live_login(SID, NOW), grants.c.revoked_at.is_(None),
           grants.c.ends_on >= bindparam("today", type_=Date), seals.c.status == "filed")
)
WALLET = union_all(_OWNED, _GRANT_ENTERPRISES)


def _is_principal(user, enterprise):
    return (user.verified_at is not None and enterprise.principal_id_digest == user.id_digest
            and enterprise.principal_name == user.real_name)


def receipt_detail(connection, session_id, receipt_id, now):
    """The row of 查看详情 (user, receipt, seal, enterprise, its 公章, certificate), or None: take the ORM path."""
    rows = connection.execute(DETAIL, {"sid": session_id, "now": now, "receipt_id": receipt_id}).all()
    if len(rows) != 1:  # no live login session, or two 公章 in use
        return None
    row = rows[0]
    if row.verified_at is None or row.r_id is None or not _is_principal(row, row):
        return None
    return row


def held_seals(connection, session_id, enterprise_id, now):
    """(access, user-and-enterprise row, receipt rows newest first, grant rows) of 查看已下载印章, or None."""
    rows = connection.execute(HELD, {"sid": session_id, "now": now, "enterprise_id": enterprise_id,
                                     "today": today_of(now)}).all()
    head = next((r for r in rows if r.kind == "r"), None)
    if head is None or head.verified_at is None or head.e_id is None:
        return None
    granted = sorted((r for r in rows if r.kind == "g"), key=lambda r: (r.s_id, r.starts_on, r.id))
    if _is_principal(head, head):
        held = sorted((r for r in rows if r.kind == "r" and r.r_id is not None),
                      key=lambda r: (-r.received_at.timestamp(), r.s_id))
        return "principal", head, held, granted
    if not granted:
        return None
    return "grant", head, [], granted


def wallet(connection, session_id, now):
    """(user row, [(enterprise row, gift rows)] owned by id, [(enterprise row, grant rows)] granted), or None."""
    rows = connection.execute(WALLET, {"sid": session_id, "now": now, "today": today_of(now)}).all()
    head = next((r for r in rows if r.kind == "p"), None)
    if head is None or head.verified_at is None:
        return None
    owned, seen = {}, set()
    for row in rows:
        if row.kind == "p" and row.e_id is not None:
            if (row.e_id, row.gift) in seen:  # two 公章 in use: the ORM path decides
                return None
            seen.add((row.e_id, row.gift))
            owned.setdefault(row.e_id, (row, []))[1].extend([row] if row.gift else [])
    granted, seen = {}, set()
    for row in sorted((r for r in rows if r.kind == "g"), key=lambda r: (r.e_id, r.seal_id, r.id)):
        if row.id in seen:
            return None
        seen.add(row.id)
        granted.setdefault(row.e_id, (row, []))[1].append(row)
    return head, [owned[k] for k in sorted(owned)], [granted[k] for k in sorted(granted) if k not in owned]

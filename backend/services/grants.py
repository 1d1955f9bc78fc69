"""授权用印: the principal lets a real-name-verified person use one filed seal from a date to a date.

Days are the platform's (China Standard Time, UTC+8): a grant holds from starts_on 00:00 to the end of ends_on.
The principal may revoke it at any time; a suspended or revoked seal ends its grants (end_for_seal, inside the
lifecycle's transaction) and resuming the seal does not bring them back. Each grant and each end is a
印章变动 event. Creating a grant locks the seal's row, so that it and a 停用 / 注销 of the seal take turns.
"""
from datetime import timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..catalog import SEAL_STATUSES
from ..models import Enterprise, Seal, SealEvent, SealGrant, User
from .enterprises import NOT_YOURS, is_principal, require_verified
from .errors import Conflict, Invalid, NotFound
from .identifiers import mask_name
from .seals import seal_for_user, seal_name

CHINA = timezone(timedelta(hours=8), "CST")
STATES = {"active": "授权中", "pending": "未生效", "expired": "已过期", "revoked": "已撤销"}
REVOKE_REASONS = {"principal": "授权人撤销", "seal_suspended": "印章已停用", "seal_revoked": "印章已注销"}
LIVE = ("active", "pending")
ACCESS_LABEL = "授权使用"  # how a granted seal is marked in the grantee's wallet and 证照卡包
AUTHORITY = "印章管理机构"  # who ends grants when a seal is suspended or revoked (seal_lifecycle.OPERATOR)

GRANTEE_UNKNOWN = ("未找到与该手机号和姓名一致的实名认证用户，请确认被授权人已登录一网通并完成实名认证，"
                   "且姓名与实名认证信息一致")
GRANT_NOT_FOUND = "未找到该授权"


def today_of(now):
    """The platform's date at this instant (China Standard Time)."""
    return now.astimezone(CHINA).date()


def state_of(grant, today):
    """'active' (授权中), 'pending' (未生效), 'expired' (已过期) or 'revoked' (已撤销) on that day."""
    if grant.revoked_at is not None:
        return "revoked"
    if today > grant.ends_on:
        return "expired"
    if today < grant.starts_on:
        return "pending"
    return "active"


def last_day(seal):
    """The latest ends_on a grant of this seal may have: its certificate's end, as a date; None without one."""
    certificate = seal.certificate
    return None if certificate is None else today_of(certificate.not_after)


def refusal(seal):
    """(code, message) when the seal cannot be granted now, else None."""
    if seal.status != "filed":
        return "seal_status", f"该印章当前状态为{SEAL_STATUSES[seal.status]}，不能授权使用"
    if seal.certificate is None or seal.certificate.status != "good":
        return "seal_not_certified", "该印章尚未签发有效的印章证书，暂不能授权使用"
    return None


def _locked_seal(session, seal_id):
    """The seal's row, write-locked until commit, read afresh: grants of one seal and its 停用 / 注销 take turns.

    A write that changes nothing, not SELECT … FOR UPDATE: SQLite has no row locks, but this takes its write
    lock as it does PostgreSQL's row lock (the download's claim works the same way)."""
    session.execute(update(Seal).where(Seal.id == seal_id).values(version=Seal.version))
    return session.scalar(select(Seal).where(Seal.id == seal_id).execution_options(populate_existing=True))


def _check_dates(seal, starts_on, ends_on, today):
    if starts_on < today:
        raise Invalid("starts_on_past", "开始日期不能早于今天", {"starts_on": "开始日期不能早于今天"})
    if ends_on < starts_on:
        raise Invalid("ends_before_start", "结束日期不能早于开始日期", {"ends_on": "结束日期不能早于开始日期"})
    last = last_day(seal)
    if ends_on > last:
        message = f"结束日期不能晚于印章证书有效期的截止日期（{last:%Y-%m-%d}）"
        raise Invalid("ends_after_certificate", message, {"ends_on": message})


def _grantee(session, principal, enterprise, phone, name):
    """The registered, real-name-verified user with this phone whose verified name is this name."""
    user = session.scalar(select(User).where(User.phone == phone))
    if user is not None and (user.id == principal.id or is_principal(user, enterprise)):
        message = f"不能授权给{enterprise.principal_role}本人，{enterprise.principal_role}可直接使用本企业的电子印章"
        raise Invalid("grant_to_self", message, {"phone": message})
    if user is None or not user.is_verified or user.real_name != name:
        raise Invalid("grantee_not_found", GRANTEE_UNKNOWN, {"phone": GRANTEE_UNKNOWN})
    return user


def _live_of(session, grantee, seal, today):
    return session.scalar(select(SealGrant).where(
        SealGrant.grantee_id == grantee.id, SealGrant.seal_id == seal.id, SealGrant.revoked_at.is_(None),
        SealGrant.ends_on >= today).order_by(SealGrant.id).limit(1))


def _event(session, seal, kind, detail, actor, now):
    session.add(SealEvent(seal_id=seal.id, enterprise_id=seal.enterprise_id, kind=kind, detail=detail[:200],
                          actor=actor, created_at=now))


def create(session, principal, seal_id, phone, name, starts_on, ends_on, now):
    """授权: the seal to the person (phone + verified name) from starts_on to ends_on; all checked, then one commit."""
    seal = _locked_seal(session, seal_for_user(session, principal, seal_id).id)  # the principal's, or 404
    problem = refusal(seal)
    if problem:
        raise Conflict(*problem)
    today = today_of(now)
    _check_dates(seal, starts_on, ends_on, today)
    grantee = _grantee(session, principal, seal.enterprise, phone, name)
    existing = _live_of(session, grantee, seal, today)
    if existing is not None:
        raise Conflict("grant_exists", f"已授权{mask_name(name)}使用该印章（{existing.starts_on:%Y-%m-%d}至"
                                       f"{existing.ends_on:%Y-%m-%d}），请勿重复授权；如需调整，请先撤销原授权")
    grant = SealGrant(seal_id=seal.id, enterprise_id=seal.enterprise_id, grantor_id=principal.id,
                      grantee_id=grantee.id, grantee_name=name, grantee_phone=phone, starts_on=starts_on,
                      ends_on=ends_on, created_at=now)
    session.add(grant)
    _event(session, seal, "grant", f"授权{mask_name(name)}使用{seal_name(seal)}，有效期{starts_on:%Y-%m-%d}至"
                                   f"{ends_on:%Y-%m-%d}", principal.real_name, now)
    session.commit()
    return grant


def _grant(session, grant_id):
    return session.scalar(select(SealGrant).options(joinedload(SealGrant.seal).joinedload(Seal.enterprise))
                          .where(SealGrant.id == grant_id))


def revoke(session, principal, grant_id, now):
    """撤销授权: at once; an expired or already revoked grant is refused (409), another's is not found (404)."""
    require_verified(principal)
    grant = _grant(session, grant_id)
    if grant is None or not is_principal(principal, grant.seal.enterprise):
        raise NotFound("grant_not_found", GRANT_NOT_FOUND)
    state = state_of(grant, today_of(now))
    if state == "revoked":
        raise Conflict("grant_revoked", "该授权已撤销")
    if state == "expired":
        raise Conflict("grant_expired", "该授权已过期，无需撤销")
    ended = session.execute(update(SealGrant).where(SealGrant.id == grant.id, SealGrant.revoked_at.is_(None))
                            .values(revoked_at=now, revoke_reason="principal")).rowcount
    if not ended:  # a concurrent revocation (or the seal's suspension) came first
        session.rollback()
        raise Conflict("grant_revoked", "该授权已撤销")
    seal = grant.seal
    _event(session, seal, "grant_revoked", f"撤销{mask_name(grant.grantee_name)}使用{seal_name(seal)}的授权",
           principal.real_name, now)
    session.commit()
    session.refresh(grant)
    return grant


def end_for_seal(session, seal, reason, now, actor=AUTHORITY):
    """The seal was suspended or revoked: every grant not yet over ends now (no commit: the caller's transaction)."""
    if reason not in REVOKE_REASONS or reason == "principal":
        raise ValueError(f"not a seal's reason: {reason}")
    ended = session.scalars(select(SealGrant).where(
        SealGrant.seal_id == seal.id, SealGrant.revoked_at.is_(None), SealGrant.ends_on >= today_of(now))
        .order_by(SealGrant.id)).all()
    for grant in ended:
        grant.revoked_at, grant.revoke_reason = now, reason
        _event(session, seal, "grant_revoked", f"{seal_name(seal)}{SEAL_STATUSES[seal.status]}，"
                                               f"{mask_name(grant.grantee_name)}的使用授权已终止", actor, now)
    return ended


def _usable_now(grant, user, now):
    seal, certificate = grant.seal, grant.seal.certificate
    return (state_of(grant, today_of(now)) == "active" and seal.status == "filed" and certificate is not None
            and certificate.status == "good" and now < certificate.not_after and user.is_verified
            and user.real_name == grant.grantee_name)


def active_grant(session, user, seal, now):
    """The user's grant of this seal usable right now (the seal filed, its certificate good), else None."""
    today = today_of(now)
    grants = session.scalars(select(SealGrant).where(
        SealGrant.grantee_id == user.id, SealGrant.seal_id == seal.id, SealGrant.revoked_at.is_(None),
        SealGrant.starts_on <= today, SealGrant.ends_on >= today).order_by(SealGrant.id)).all()
    return next((g for g in grants if _usable_now(g, user, now)), None)


def live_grants(session, user, today, enterprise_id=None):
    """The user's grants in force or still to come (授权中, 未生效) of filed seals, by enterprise and seal."""
    where = [SealGrant.grantee_id == user.id, SealGrant.revoked_at.is_(None), SealGrant.ends_on >= today,
             Seal.status == "filed"]
    if enterprise_id is not None:
        where.append(SealGrant.enterprise_id == enterprise_id)
    return session.scalars(
        select(SealGrant).join(SealGrant.seal).options(joinedload(SealGrant.seal).joinedload(Seal.enterprise))
        .where(*where).order_by(SealGrant.enterprise_id, SealGrant.seal_id, SealGrant.starts_on)).all()


def usable_grants(session, user, now):
    """The user's grants usable right now, for 选择印章 (one per seal)."""
    if not user.is_verified:
        return []
    found = {}
    for grant in live_grants(session, user, today_of(now)):
        if grant.seal_id not in found and _usable_now(grant, user, now):
            found[grant.seal_id] = grant
    return list(found.values())


def grants_of_seal(session, seal, today):
    """Every grant of the seal: those in force or to come first, then the ended ones; newest first in each."""
    grants = session.scalars(select(SealGrant).where(SealGrant.seal_id == seal.id)
                             .order_by(SealGrant.created_at.desc(), SealGrant.id.desc())).all()
    return sorted(grants, key=lambda g: state_of(g, today) not in LIVE)


def sheet(session, principal, seal_id, now):
    """授权管理 of one seal (the principal's, else 404): whether and until when it may be granted, its grants."""
    seal = seal_for_user(session, principal, seal_id)
    today, problem = today_of(now), refusal(seal)
    return {"seal": seal, "grantable": problem is None, "not_grantable_reason": problem[1] if problem else None,
            "min_starts_on": today, "max_ends_on": last_day(seal), "items": grants_of_seal(session, seal, today)}


def mine(session, user, now):
    """授权使用: the seals granted to this user, in force or still to come."""
    require_verified(user)
    return live_grants(session, user, today_of(now))


def grant_for(session, user, grant_id, now):
    """One grant, for its grantee while it is in force or to come, or for the principal of its seal (else 404)."""
    require_verified(user)
    grant = _grant(session, grant_id)
    if grant is not None and is_principal(user, grant.seal.enterprise):
        return grant
    if grant is None or grant.grantee_id != user.id or state_of(grant, today_of(now)) not in LIVE \
            or grant.seal.status != "filed":
        raise NotFound("grant_not_found", GRANT_NOT_FOUND)
    return grant


def visible_seal(session, user, seal_id, now):
    """A seal the user may look at (its picture): of their enterprise, or granted to them in force or to come."""
    require_verified(user)
    seal = session.get(Seal, seal_id)
    if seal is not None and (is_principal(user, seal.enterprise) or (seal.status == "filed" and session.scalar(
            select(SealGrant.id).where(SealGrant.grantee_id == user.id, SealGrant.seal_id == seal.id,
                                       SealGrant.revoked_at.is_(None), SealGrant.ends_on >= today_of(now))
            .limit(1)) is not None)):
        return seal
    raise NotFound("seal_not_found", "未找到该印章")


def reachable_enterprise(session, user, enterprise_id, now):
    """(enterprise, 'principal' | 'grant'): its principal, or a holder of a grant in force or to come; else 404."""
    require_verified(user)
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is not None and is_principal(user, enterprise):
        return enterprise, "principal"
    if enterprise is not None and live_grants(session, user, today_of(now), enterprise_id=enterprise.id):
        return enterprise, "grant"
    raise NotFound("enterprise_not_found", NOT_YOURS)


def granted_enterprises(session, user, now):
    """[(enterprise, [grants])] of the enterprises where the user holds grants in force or to come."""
    found = {}
    for grant in live_grants(session, user, today_of(now)):
        found.setdefault(grant.enterprise_id, (grant.seal.enterprise, []))[1].append(grant)
    return list(found.values())

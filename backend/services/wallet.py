"""查看印章 and 管理印章: the seals in a wallet, their history and who received them; deletion."""
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..models import Enterprise, Receipt, Seal, SealEvent, User
from . import grants
from .downloads import held_receipts
from .enterprises import (
    enterprise_of,
    is_principal,
    require_principal,
    require_verified,
)
from .errors import NotFound
from .identifiers import mask_name, mask_phone
from .seals import seal_for_user, seal_name


def wallet_of(session, user, enterprise_id, now):
    """查看已下载印章: the seals the principal downloaded, and those granted to this user (授权使用) in force or to
    come; for anyone else the enterprise does not exist (404)."""
    enterprise, access = grants.reachable_enterprise(session, user, enterprise_id, now)
    held = held_receipts(session, user, enterprise) if access == "principal" else []
    granted = grants.live_grants(session, user, grants.today_of(now), enterprise_id=enterprise.id)
    return ([{"access": "principal", "access_label": "已下载", "receipt_id": r.id, "received_at": r.received_at,
              "seal": r.seal, "grant": None} for r in held]
            + [{"access": "grant", "access_label": grants.ACCESS_LABEL, "receipt_id": None, "received_at": None,
                "seal": g.seal, "grant": g} for g in granted])


def held_receipt(session, user, receipt_id):
    """One seal in this user's wallet (a deleted or someone else's receipt does not exist for them)."""
    require_verified(user)
    receipt = session.scalar(
        select(Receipt).options(joinedload(Receipt.seal).joinedload(Seal.enterprise)
                                .joinedload(Enterprise.official_seal))
        .where(Receipt.id == receipt_id, Receipt.user_id == user.id, Receipt.deleted_at.is_(None)))
    if receipt is None:
        raise NotFound("receipt_not_found", "未找到该印章，可能已被删除")
    require_principal(user, receipt.seal.enterprise)  # still the principal
    return receipt


def events_page(session, user, enterprise_id, page, per_page, seal_id=None):
    """印章变动: every event of the enterprise's seals (or of one of them), newest first, one page of them."""
    enterprise = enterprise_of(session, user, enterprise_id)
    where = SealEvent.enterprise_id == enterprise.id
    if seal_id is not None:
        where = where & (SealEvent.seal_id == seal_id)
    total = session.scalar(select(func.count()).select_from(SealEvent).where(where))
    items = session.scalars(
        select(SealEvent).options(joinedload(SealEvent.seal)).where(where)
        .order_by(SealEvent.created_at.desc(), SealEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    for event in items:  # every seal's enterprise is this one: no join and no load of it again
        set_committed_value(event.seal, "enterprise", enterprise)
    return items, total


def seal_receipts(session, user, seal_id, now):
    """印章领用情况: every receipt of the seal, with the receiver masked, newest first; and its grants."""
    seal = seal_for_user(session, user, seal_id)
    rows = session.execute(
        select(Receipt, User).join(User, User.id == Receipt.user_id).where(Receipt.seal_id == seal.id)
        .order_by(Receipt.received_at.desc(), Receipt.id.desc())
    ).all()
    enterprise = seal.enterprise
    items = [{
        "holder_name_masked": mask_name(holder.real_name) if holder.real_name else "—",
        "phone_masked": mask_phone(holder.phone),
        "role": enterprise.principal_role if is_principal(holder, enterprise) else "领用人",
        "received_at": receipt.received_at,
        "status": "deleted" if receipt.deleted_at else "held",
        "status_label": "已删除" if receipt.deleted_at else "持有中",
        "deleted_at": receipt.deleted_at,
    } for receipt, holder in rows]
    return {"seal": seal, "items": items, "grants": grants.grants_of_seal(session, seal, grants.today_of(now))}


def delete_receipts(session, user, receipt_ids, now):
    """管理印章 → 删除: all of the given seals leave the wallet, or none does."""
    ids = sorted(set(receipt_ids))
    require_verified(user)
    receipts = session.scalars(
        select(Receipt).options(joinedload(Receipt.seal).joinedload(Seal.enterprise))
        .where(Receipt.id.in_(ids), Receipt.user_id == user.id, Receipt.deleted_at.is_(None))).all()
    if len(receipts) != len(ids):
        raise NotFound("receipt_not_found", "未找到该印章，可能已被删除")
    for receipt in receipts:  # still the principal of each seal's enterprise
        require_principal(user, receipt.seal.enterprise)
    removed = session.execute(
        update(Receipt).where(Receipt.id.in_(ids), Receipt.user_id == user.id, Receipt.deleted_at.is_(None))
        .values(deleted_at=now)
    ).rowcount
    if removed != len(ids):  # a concurrent deletion took some of them
        session.rollback()
        raise NotFound("receipt_not_found", "未找到该印章，可能已被删除")
    for receipt in receipts:
        seal = receipt.seal
        session.add(SealEvent(seal_id=seal.id, enterprise_id=seal.enterprise_id, kind="delete", actor=user.real_name,
                              detail=f"{seal_name(seal)}已从电子印章中删除，可再次实名认证后下载", created_at=now))
    session.commit()
    return len(ids)

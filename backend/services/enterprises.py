"""What a user may see: the enterprises whose principal they are, and their gift packages."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..models import Enterprise, GiftItem, Seal
from .errors import Forbidden, NotFound


NOT_YOURS = "未找到该企业：企业的电子印章只能由其法定代表人（执行事务合伙人、负责人）本人查看和下载"


def require_verified(user):
    if not user.is_verified:
        raise Forbidden("realname_required", "请先完成实名认证")


def is_principal(user, enterprise):
    return (user.is_verified and enterprise.principal_id_digest == user.id_digest
            and enterprise.principal_name == user.real_name)


def _principal_of(user):
    return (Enterprise.principal_id_digest == user.id_digest) & (Enterprise.principal_name == user.real_name)


def enterprises_of(session, user):
    require_verified(user)
    return session.scalars(
        select(Enterprise).where(_principal_of(user)).options(selectinload(Enterprise.official_seal))
        .order_by(Enterprise.id)
    ).all()


def enterprise_of(session, user, enterprise_id):
    """The enterprise if the user is its principal; otherwise it does not exist for them (404)."""
    require_verified(user)
    enterprise = session.scalar(select(Enterprise).where(Enterprise.id == enterprise_id, _principal_of(user)))
    if enterprise is None:
        raise NotFound("enterprise_not_found", NOT_YOURS)
    return enterprise


def require_principal(user, enterprise):
    """enterprise_of's answer for an enterprise already loaded (no query)."""
    if not is_principal(user, enterprise):
        raise NotFound("enterprise_not_found", NOT_YOURS)
    return enterprise


def gift_packages(session, enterprises):
    """{enterprise_id: [(kind, issued_at, count)]}, two queries for any number of enterprises."""
    ids = [e.id for e in enterprises]
    if not ids:
        return {}
    gifts = session.execute(
        select(GiftItem.enterprise_id, GiftItem.kind, GiftItem.issued_at).where(GiftItem.enterprise_id.in_(ids))
    ).all()
    seal_counts = dict(session.execute(
        select(Seal.enterprise_id, func.count()).where(Seal.enterprise_id.in_(ids)).group_by(Seal.enterprise_id)
    ).all())
    packages = {i: [] for i in ids}
    for enterprise_id, kind, issued_at in gifts:
        count = seal_counts.get(enterprise_id, 0) if kind == "eseal" else None
        packages[enterprise_id].append((kind, issued_at, count))
    return packages

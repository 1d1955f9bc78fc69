"""App B's domain: who may download which licence, and the licence password check (no Flask here).

Wrong passwords and locks are counted in the shared throttles (services/throttles.py), so they hold
across processes and hosts.
"""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..models import Enterprise
from ..services import enterprises as principal_rule
from ..services.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from ..services.identifiers import id_number_digest, id_number_problem, name_problem, normalise_id_number
from .models import ElicenseHolder, LicenceHolding
from .passwords import check_password, hash_password, needs_rehash, password_problem

REGISTRATION_PLACES = ("广东省",)  # 选择登记地: the only choice in this simulation
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=30)
LOCKED_MESSAGE = "密码错误次数过多，执照已锁定，请30分钟后再试"
SYNCING_MESSAGE = "数据同步中，请5分钟后再试"
BUSY_MESSAGE = "上一次输入的密码正在核验，请稍后再试"


class _Person:
    """A name and ID digest shaped like a verified user, so the one principal rule applies to it."""

    is_verified = True

    def __init__(self, real_name, id_digest):
        self.real_name, self.id_digest = real_name, id_digest


def licences_for_principal(session, name, id_digest):
    """The enterprises (registered in 广东省) whose principal is this person, as B's register lists them."""
    return principal_rule.enterprises_of(session, _Person(name, id_digest))


def holder_from_realname(session, name, id_number, key, now):
    """实名信息: check the name and ID number, then find or create the holder; the ID is kept as a digest."""
    name = (name or "").strip()
    id_number = normalise_id_number(id_number or "")
    fields = {field: problem for field, problem in (("name", name_problem(name)),
                                                    ("id_number", id_number_problem(id_number, now.date())))
              if problem}
    if fields:
        raise Invalid("realname_invalid", next(iter(fields.values())), fields)
    return find_or_create_holder(session, name, id_number_digest(id_number, key), now)


def find_or_create_holder(session, name, id_digest, now):
    query = select(ElicenseHolder).where(ElicenseHolder.real_name == name, ElicenseHolder.id_digest == id_digest)
    holder = session.scalar(query)
    if holder is None:
        holder = ElicenseHolder(real_name=name, id_digest=id_digest, created_at=now)
        session.add(holder)
        try:
            session.commit()
        except IntegrityError:  # another process created the same person a moment ago
            session.rollback()
            holder = session.scalar(query)
    return holder


def holdings_of(session, holder):
    return session.scalars(select(LicenceHolding).where(LicenceHolding.holder_id == holder.id)
                           .order_by(LicenceHolding.id)).all()


def holding_for(session, holder, credit_code):
    return session.scalar(select(LicenceHolding).where(LicenceHolding.holder_id == holder.id,
                                                       LicenceHolding.credit_code == credit_code))


def _check_new_password(password, password2):
    problem = password_problem(password)
    if problem:
        raise Invalid("licence_password_invalid", problem, {"password": problem})
    if password2 != password:
        message = "两次输入的密码不一致"
        raise Invalid("licence_password_mismatch", message, {"password2": message})


def download_licence(session, holder, credit_code, password, password2, now, sync_seconds):
    """下载执照: only the enterprise's principal, once per person (FAQ 五), with a six-digit password."""
    enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
    if enterprise is None:
        raise NotFound("licence_not_found", "未找到该企业的营业执照")
    if not principal_rule.is_principal(holder, enterprise):
        raise Forbidden("not_principal", f"您不是该企业的{enterprise.principal_role}，不能下载该执照")
    if holding_for(session, holder, credit_code) is not None:
        raise Conflict("licence_already_downloaded", "该执照已下载，无需重复下载")
    _check_new_password(password, password2)
    holding = LicenceHolding(holder_id=holder.id, credit_code=credit_code, enterprise_name=enterprise.name,
                             password_hash=hash_password(password), downloaded_at=now,
                             sync_until=now + timedelta(seconds=max(0, int(sync_seconds))))
    session.add(holding)
    try:
        session.commit()
    except IntegrityError:  # the same download finished in another tab or process
        session.rollback()
        raise Conflict("licence_already_downloaded", "该执照已下载，无需重复下载") from None
    return holding


def _throttle_key(holding):
    return f"licence:{holding.id}"


def holding_of(session, holder, holding_id):
    """One of this person's licences; another's is refused exactly like one that does not exist."""
    holding = session.get(LicenceHolding, holding_id)
    if holding is None or holding.holder_id != holder.id:
        raise NotFound("licence_not_found", "未找到该执照")
    return holding


def delete_licence(session, throttles, holder, holding_id):
    """删除执照: the licence leaves this person's list with its wrong tries and lock; it may be downloaded again."""
    holding = holding_of(session, holder, holding_id)
    throttles.forget(session, _throttle_key(holding))  # a later licence may get the same id
    session.delete(holding)
    session.commit()


def verify_password(session, throttles, holding, password, now):
    """执照验证: not six digits → 422, not counted; locked → 429; wrong → 422 and counted; right but syncing
    → 409, not counted; else reset.

    The attempt is reserved in the shared throttles (database or Redis) before the costly hash, so every
    worker and host counts the same five attempts and no more than five are ever checked: once the
    failures and the attempts being checked reach five, a further one is refused unhashed (429).
    """
    problem = "请输入执照密码" if not password else password_problem(password)
    if problem:  # never a licence password: nothing to hash, nothing counted
        raise Invalid("licence_password_invalid", problem, {"password": problem})
    key = _throttle_key(holding)
    if not throttles.reserve(session, key, now, MAX_FAILED_ATTEMPTS):
        if throttles.locked_until(session, key, now):
            raise TooMany("licence_locked", LOCKED_MESSAGE)
        raise TooMany("licence_busy", BUSY_MESSAGE)
    try:
        right = check_password(password, holding.password_hash)
    except BaseException:
        throttles.release(session, key, now)
        raise
    if not right:
        count = throttles.fail(session, key, now, MAX_FAILED_ATTEMPTS, int(LOCK_DURATION.total_seconds()),
                               reserved=True)
        if count is None or count >= MAX_FAILED_ATTEMPTS:
            raise TooMany("licence_locked", LOCKED_MESSAGE)
        message = f"执照密码错误，还可尝试{MAX_FAILED_ATTEMPTS - count}次"
        raise Invalid("licence_password_wrong", message, {"password": message})
    if now < holding.sync_until:
        throttles.release(session, key, now)
        raise Conflict("licence_syncing", SYNCING_MESSAGE)
    if not throttles.succeed(session, key, now):  # a lock started while this one was checked
        raise TooMany("licence_locked", LOCKED_MESSAGE)
    if needs_rehash(holding.password_hash):  # stored under weaker parameters: upgrade while we know it
        holding.password_hash = hash_password(password)
    session.commit()
    return holding


def failed_attempts(session, throttles, holding, now):
    """Wrong passwords counted since the last right one or the last lock."""
    return throttles.failures(session, _throttle_key(holding), now)


def locked_until(session, throttles, holding, now):
    return throttles.locked_until(session, _throttle_key(holding), now)

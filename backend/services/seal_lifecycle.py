"""停用 ⇄ 恢复, 注销, 挂失 and 更名 of filed seals: each a 印章变动 event with its reason.

Each change of a seal's status, its certificate's status, the end of its grants (授权用印) and the CRL
re-issued with it commit together, or nothing does (a key store that fails answers 503 and leaves the seal
as it was). A revoked seal's key is destroyed in its key store after that commit; a store that cannot
destroy it then is logged and the key stays unusable anyway (no revoked seal is ever signed with).
"""
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..catalog import SEAL_STATUSES, seal_label
from ..models import Enterprise, Seal, SealEvent
from . import crls, grants, seal_certs, sealing, seals, text
from .errors import Conflict, Invalid, NotFound
from .keystore import KeyMissing, KeyStoreUnavailable
from .startups import check_lettering

log = logging.getLogger(__name__)
OPERATOR = "印章管理机构"
# --reason of revoke-seal: (CRL reason, event kind, what it is called)
REVOKE_REASONS = {"cessation": ("cessation_of_operation", "revoke", "注销"),
                  "compromise": ("key_compromise", "lost", "挂失")}


def _seal(session, seal_id):
    seal = session.get(Seal, seal_id)
    if seal is None:
        raise NotFound("seal_not_found", "未找到该印章")
    return seal


def _require(seal, statuses, action):
    if seal.status not in statuses:
        raise Conflict("seal_status", f"该印章当前状态为{SEAL_STATUSES[seal.status]}，不能{action}")


def _event(session, seal, kind, detail, note, now):
    detail = f"{detail}（{note}）" if note else detail
    session.add(SealEvent(seal_id=seal.id, enterprise_id=seal.enterprise_id, kind=kind, detail=detail[:200],
                          actor=OPERATOR, created_at=now))


def _finish(session, pki, changed, now):
    """The CRLs of the certificates that changed, then one commit; on any failure nothing is kept."""
    try:
        for name in sorted({s.certificate.issuer for s in changed if s.certificate is not None}):
            crls.reissue(session, pki, name, now)
        session.commit()
    except IntegrityError as exc:  # another change issued the same CRL number first
        session.rollback()
        raise Conflict("seal_status_race", "印章状态正在被同时变更，请稍后重试") from exc
    except Exception:
        session.rollback()
        raise


def _destroy_keys(session, pki, revoked, now):
    for seal in revoked:
        certificate = seal.certificate
        if certificate is None or certificate.key_destroyed_at is not None:
            continue
        try:
            pki.keys.destroy(certificate.key_ref)
        except KeyMissing:
            pass
        except KeyStoreUnavailable as exc:
            log.error("seal %s revoked, its key not destroyed yet (%s)", seal.id, exc.detail)
            continue
        certificate.key_destroyed_at = now
    session.commit()


def suspend(session, pki, seal_id, now, note=None):
    """停用: the certificate goes on hold (certificateHold); 恢复 lifts it."""
    seal = _seal(session, seal_id)
    _require(seal, ("filed",), "停用")
    seal.status = "suspended"
    if seal.certificate is not None:
        seal_certs.hold(seal.certificate, now)
    _event(session, seal, "suspend", f"{seals.seal_name(seal)}已停用，暂停下载和使用", note, now)
    grants.end_for_seal(session, seal, "seal_suspended", now, actor=OPERATOR)  # 恢复 does not bring them back
    _finish(session, pki, [seal], now)
    return seal


def resume(session, pki, seal_id, now, note=None):
    seal = _seal(session, seal_id)
    _require(seal, ("suspended",), "恢复")
    seal.status = "filed"
    if seal.certificate is not None:
        seal_certs.release(seal.certificate)
    _event(session, seal, "resume", f"{seals.seal_name(seal)}已恢复使用", note, now)
    _finish(session, pki, [seal], now)
    return seal


def revoke(session, pki, seal_id, reason, now, note=None):
    """注销 (cessationOfOperation) or 挂失 (keyCompromise): for good; the seal's key is destroyed."""
    if reason not in REVOKE_REASONS:
        raise Invalid("reason_invalid", "注销原因应为 cessation（注销）或 compromise（挂失）", {"reason": "原因不正确"})
    crl_reason, kind, action = REVOKE_REASONS[reason]
    seal = _seal(session, seal_id)
    _require(seal, ("filed", "suspended"), action)
    seal.status = "revoked"
    if seal.certificate is not None:
        seal_certs.revoke(seal.certificate, crl_reason, now)
    _event(session, seal, kind, f"{seals.seal_name(seal)}已{action}，印章证书已吊销，不能再下载和使用", note, now)
    grants.end_for_seal(session, seal, "seal_revoked", now, actor=OPERATOR)
    _finish(session, pki, [seal], now)
    _destroy_keys(session, pki, [seal], now)
    return seal


def _checked_name(enterprise, new_name, font_path):
    name = text.normalise(new_name or "")
    problem = text.text_problem(name, "企业名称")
    if problem is None and not 2 <= len(name) <= 60:
        problem = "企业名称长度应为2至60个字符"
    if problem:
        raise Invalid("name_invalid", problem, {"name": problem})
    check_lettering({"company_name": name, "principal_name": enterprise.principal_name}, font_path)
    if name == enterprise.name:
        raise Conflict("name_unchanged", "新名称与企业现有名称相同")
    return name


def _remade(session, pki, old, now):
    """The seal made anew for the renamed enterprise: filed at once, with its code, key, certificate, object."""
    fresh = Seal(enterprise_id=old.enterprise_id, type=old.type, status="filed", carved_at=now, filed_at=now,
                 created_at=now)
    session.add(fresh)
    session.flush()
    if fresh.id > seals.MAX_SERIAL:
        raise Conflict("seal_code_exhausted", "本地区印章编码已用尽，暂不能备案，请联系公安机关分配编码")
    fresh.code = f"{seals.REGION}{fresh.id:07d}"
    sealing.seal_filed(session, pki, fresh, now)
    return fresh


def rename_enterprise(session, pki, credit_code, new_name, now, font_path=None, note=None):
    """更名: every filed seal is revoked (affiliationChanged) and made anew with the new name."""
    enterprise = session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
    if enterprise is None:
        raise NotFound("enterprise_not_found", "未找到该企业")
    name = _checked_name(enterprise, new_name, font_path)
    all_seals = seals.seals_of(session, enterprise)
    if any(s.status == "suspended" for s in all_seals):
        raise Conflict("seal_suspended", "该企业有已停用的印章，请先恢复或注销后再更名")
    old_name, live = enterprise.name, [s for s in all_seals if s.status == "filed"]
    made_keys = []
    try:
        for seal in live:
            seal.status, seal.engraved_name = "revoked", old_name
            if seal.certificate is not None:
                seal_certs.revoke(seal.certificate, "affiliation_changed", now)
        enterprise.name = name
        for seal in live:
            label = seal_label(seal.type, enterprise.type)
            fresh = _remade(session, pki, seal, now)
            made_keys.append(fresh.certificate.key_ref)
            _event(session, seal, "rename", f"企业名称变更为“{name}”，原{label}（{seal.code}）已注销", note, now)
            grants.end_for_seal(session, seal, "seal_revoked", now, actor=OPERATOR)
            _event(session, fresh, "rename", f"企业更名后重新制作{label}，已完成备案，印章编码为{fresh.code}", note,
                   now)
        _finish(session, pki, live, now)
    except Exception:
        session.rollback()
        for ref in made_keys:  # the new seals' keys go with them
            try:
                pki.keys.destroy(ref)
            except (KeyMissing, KeyStoreUnavailable):
                log.warning("key %s of a seal not made stays in its store, unused", ref)
        raise
    _destroy_keys(session, pki, live, now)
    return enterprise

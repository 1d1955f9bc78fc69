"""The seal lifecycle: 申请 → 刻制完成 → 备案完成 (downloadable from then on); 停用 / 注销: seal_lifecycle.py."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..models import Seal, SealEvent
from . import sealing, sms
from ..catalog import SEAL_STATUSES, seal_label
from .errors import Conflict, NotFound
from .enterprises import enterprise_of, is_principal, require_verified

REGION = "440100"  # Guangzhou; the 13-digit 印章编码 is region + 7-digit serial
MAX_SERIAL = 9_999_999  # the serial is the seal's id: past this the region has no code left to give
OPERATOR = "公安机关印章备案系统"
CARVER = "印章刻制企业"


def seal_name(seal):
    return seal_label(seal.type, seal.enterprise.type)


def seals_of(session, enterprise):
    return session.scalars(select(Seal).where(Seal.enterprise_id == enterprise.id).order_by(Seal.id)).all()


def seals_for_user(session, user, enterprise_id):
    enterprise = enterprise_of(session, user, enterprise_id)
    return enterprise, seals_of(session, enterprise)


# Statuses a seal reaches only once filed: a suspended (停用) or revoked (注销) seal is done with filing.
FILED_ONCE = ("filed", "suspended", "revoked")


def all_filed(seals):
    """No seal waits for its filing any more, and one at least is filed (in use)."""
    return any(s.status == "filed" for s in seals) and all(s.status in FILED_ONCE for s in seals)


def _seal(session, seal_id):
    seal = session.get(Seal, seal_id)
    if seal is None:
        raise NotFound("seal_not_found", "未找到该印章")
    return seal


def _event(session, seal, kind, detail, actor, now):
    session.add(SealEvent(seal_id=seal.id, enterprise_id=seal.enterprise_id, kind=kind, detail=detail,
                          actor=actor, created_at=now))


def mark_carved(session, seal_id, now):
    seal = _seal(session, seal_id)
    if seal.status != "pending":
        raise Conflict("seal_not_pending", f"该印章当前状态为{SEAL_STATUSES[seal.status]}，不能标记为刻制完成")
    seal.status, seal.carved_at = "carved", now
    _event(session, seal, "carve", f"{seal_name(seal)}的实物印章已刻制完成", CARVER, now)
    session.commit()
    return seal


def gift_message(enterprise):
    """领取大礼包: the one SMS the principal gets once every seal of the enterprise is filed (the guide, 二(1))."""
    return (f"【广州市企业开办一网通平台】领取大礼包：{enterprise.name}的实物印章已全部完成备案，"
            "无介质电子礼包（电子营业执照、电子印章、电子发票）可以领取了。"
            f"请{enterprise.principal_role}在“广州市企业开办一网通平台”小程序首页右下角的“证照卡包”中"
            "点击“电子印章”，再次进行下载。")


def mark_filed(session, seal_id, now, pki=None):
    """File the seal with the police: it gets its 印章编码; once all are filed, the principal gets the SMS.

    With the PKI (services/pki_service.py) the seal's key, certificate and seal object are made with the
    filing, or neither happens (a key store that fails answers 503). Without it (tests of this lifecycle
    alone), `flask --app backend pki issue-missing` makes them later.
    """
    seal = _seal(session, seal_id)
    if seal.status != "carved":
        raise Conflict("seal_not_carved", "实物印章刻制完成后才能备案")
    if seal.id > MAX_SERIAL:
        raise Conflict("seal_code_exhausted", "本地区印章编码已用尽，暂不能备案，请联系公安机关分配编码")
    seal.status, seal.filed_at = "filed", now
    seal.code = f"{REGION}{seal.id:07d}"
    seal.version += 1
    if pki is not None:
        try:
            sealing.seal_filed(session, pki, seal, now)
        except Exception:
            session.rollback()
            raise
    _event(session, seal, "file", f"{seal_name(seal)}已完成备案，印章编码为{seal.code}", OPERATOR, now)
    enterprise = seal.enterprise
    session.flush()
    if all_filed(seals_of(session, enterprise)):
        sms.send(session, enterprise.principal_phone, "gift_ready", gift_message(enterprise), now)
    session.commit()
    return seal


def seal_for_user(session, user, seal_id):
    """A seal of an enterprise whose principal the user is; any other does not exist for them."""
    require_verified(user)
    seal = session.scalar(select(Seal).options(joinedload(Seal.enterprise)).where(Seal.id == seal_id))
    if seal is None or not is_principal(user, seal.enterprise):
        raise NotFound("seal_not_found", "未找到该印章")
    return seal

"""证照卡包, the user's enterprises and their seals, and the catalogue the forms need."""
from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from .. import catalog
from ..services import downloads, enterprises, grants, seals
from ..services.identifiers import mask_name
from . import common, hot_reads
from .seal_images import image_url

blp = Blueprint("enterprises", __name__, url_prefix="/api", description="证照卡包与企业")


class EnterpriseOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    credit_code = fields.String(required=True)
    type = fields.String(required=True)
    type_label = fields.Function(lambda e: catalog.ENTERPRISE_TYPES[e.type], required=True)
    principal_role = fields.String(required=True)
    principal_name_masked = fields.Function(lambda e: mask_name(e.principal_name), required=True)
    address = fields.String(required=True)
    established_on = fields.Date(required=True)
    official_seal_thumb_url = fields.Function(
        lambda e: image_url(e.official_seal, "thumb") if e.official_seal else None, allow_none=True, required=True)


class GiftOut(Schema):
    kind = fields.String(required=True)
    title = fields.String(required=True)
    issued_at = fields.DateTime(required=True)
    count = fields.Integer(allow_none=True)


class WalletEntryOut(Schema):
    enterprise = fields.Nested(EnterpriseOut, required=True)
    # principal: the enterprise's gift package; grant: only 电子印章, the seals granted to this user (授权使用)
    access = fields.String(required=True, metadata={"description": "principal / grant"})
    role = fields.String(required=True, metadata={"description": "法定代表人（执行事务合伙人、负责人）或 授权使用"})
    gifts = fields.List(fields.Nested(GiftOut), required=True)


class WalletOut(Schema):
    items = fields.List(fields.Nested(WalletEntryOut), required=True)


class EnterpriseAccessOut(EnterpriseOut):
    """One enterprise, and how this user reaches it: as its principal, or holding seals granted to them."""

    access = fields.String(required=True, metadata={"description": "principal / grant"})
    role = fields.String(required=True)


class Reached:
    """An enterprise as EnterpriseAccessOut reads it: the enterprise's attributes, and the user's access and role."""

    def __init__(self, enterprise, access):
        self._enterprise, self.access = enterprise, access
        self.role = enterprise.principal_role if access == "principal" else grants.ACCESS_LABEL

    def __getattr__(self, name):
        return getattr(self._enterprise, name)


class SealOut(Schema):
    id = fields.Integer(required=True)
    type = fields.String(required=True)
    name = fields.Function(seals.seal_name, required=True)
    status = fields.String(required=True)
    status_label = fields.Function(lambda s: catalog.SEAL_STATUSES[s.status], required=True)
    code = fields.String(allow_none=True, required=True)
    filed_at = fields.DateTime(allow_none=True, required=True)
    image_url = fields.Function(image_url, required=True)
    thumb_url = fields.Function(lambda s: image_url(s, "thumb"), required=True)


class SealListOut(Schema):
    enterprise = fields.Nested(EnterpriseOut, required=True)
    downloadable = fields.Boolean(required=True)
    items = fields.List(fields.Nested(SealOut), required=True)
    # The seals already in this user's wallet (已下载): a download takes only the others.
    downloaded_seal_ids = fields.List(fields.Integer(), required=True)


class EnterpriseTypeOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    principal_role = fields.String(required=True)


class SealTypeOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    required = fields.Boolean(required=True)
    label_by_type = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class MetaOut(Schema):
    demo = fields.Boolean(required=True)
    enterprise_types = fields.List(fields.Nested(EnterpriseTypeOut), required=True)
    seal_types = fields.List(fields.Nested(SealTypeOut), required=True)


@blp.get("/meta")
@blp.response(200, MetaOut)
def meta():
    """企业类型、印章类型与主体负责人称谓 (the forms read them from here)."""
    types = catalog.ENTERPRISE_TYPES
    return {
        "demo": bool(current_app.config["ESEAL_DEMO"]),
        "enterprise_types": [{"code": c, "label": label, "principal_role": catalog.principal_role(c)}
                             for c, label in types.items()],
        "seal_types": [{"code": s, "label": catalog.seal_label(s, "llc"), "required": s in catalog.REQUIRED_SEALS,
                        "label_by_type": {t: catalog.seal_label(s, t) for t in types}} for s in catalog.SEAL_TYPES],
    }


def granted_entry(enterprise, held):
    """A 证照卡包 entry of an enterprise whose seals were granted to the user: only 电子印章, those seals."""
    gift = {"kind": "eseal", "title": catalog.GIFTS["eseal"], "issued_at": min(g.created_at for g in held),
            "count": len({g.seal_id for g in held})}
    return {"enterprise": enterprise, "access": "grant", "role": grants.ACCESS_LABEL, "gifts": [gift]}


@blp.get("/wallet")
@blp.response(200, WalletOut)
def wallet():
    """证照卡包: the gift package of every enterprise whose principal the user is, then the enterprises whose
    seals were granted to the user (授权使用)."""
    fast = hot_reads.wallet()
    if fast is not None:
        return fast
    db, user = common.session(), common.user()
    owned = enterprises.enterprises_of(db, user)
    packages = enterprises.gift_packages(db, owned)
    owned_ids = {e.id for e in owned}
    granted = [granted_entry(e, held) for e, held in grants.granted_enterprises(db, user, common.now())
               if e.id not in owned_ids]
    return {"items": [
        {"enterprise": e, "access": "principal", "role": e.principal_role,
         "gifts": [{"kind": k, "title": catalog.GIFTS[k], "issued_at": at, "count": n}
                   for k, at, n in sorted(packages[e.id], key=lambda g: list(catalog.GIFTS).index(g[0]))]}
        for e in owned
    ] + granted}


@blp.get("/enterprises/<int:enterprise_id>")
@blp.response(200, EnterpriseAccessOut)
def enterprise(enterprise_id):
    """One enterprise of the user's, or one whose seals were granted to them (404 for any other)."""
    return Reached(*grants.reachable_enterprise(common.session(), common.user(), enterprise_id, common.now()))


@blp.get("/enterprises/<int:enterprise_id>/seals")
@blp.response(200, SealListOut)
def enterprise_seals(enterprise_id):
    """印章预览: every seal of the enterprise with its state; downloadable once all are filed."""
    db, user = common.session(), common.user()
    enterprise, items = seals.seals_for_user(db, user, enterprise_id)
    held = sorted({r.seal_id for r in downloads.held_receipts(db, user, enterprise)})
    return {"enterprise": enterprise, "downloadable": seals.all_filed(items), "items": items,
            "downloaded_seal_ids": held}

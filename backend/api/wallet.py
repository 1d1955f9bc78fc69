"""查看已下载印章, 查看详情, 印章变动, 印章领用情况 and 管理印章 → 删除."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from .. import catalog
from ..services import seal_lifecycle, seals
from ..services import wallet as service
from ..services.identifiers import mask_name
from ..services.seals import seal_name
from . import common, hot_reads
from .enterprises import EnterpriseOut, SealOut
from .fields import ApiSchema, Int, TextList
from .grants import GrantOut, GrantTermOut
from .seal_files import CertificateOut, seal_file_url

blp = Blueprint("wallet", __name__, url_prefix="/api", description="查看与管理印章")


class HeldSealOut(Schema):
    receipt_id = fields.Integer(attribute="id", required=True)
    received_at = fields.DateTime(required=True)
    seal = fields.Nested(SealOut, required=True)


class WalletItemOut(Schema):
    """A seal in the wallet: downloaded by the principal (a receipt) or granted to this user (授权使用)."""

    access = fields.String(required=True, metadata={"description": "principal（已下载）/ grant（授权使用）"})
    access_label = fields.String(required=True)
    receipt_id = fields.Integer(allow_none=True, required=True)
    received_at = fields.DateTime(allow_none=True, required=True)
    seal = fields.Nested(SealOut, required=True)
    grant = fields.Nested(GrantTermOut, allow_none=True, required=True)


class WalletListOut(Schema):
    items = fields.List(fields.Nested(WalletItemOut), required=True)


class ReceiptDetailOut(HeldSealOut):
    enterprise = fields.Nested(EnterpriseOut, attribute="seal.enterprise", required=True)
    type_label = fields.Function(lambda r: catalog.SEAL_KINDS[r.seal.type], required=True)
    # The seal's certificate (序列号, 颁发者, 有效期) and its seal file, for 查看详情 → 【下载印章文件】
    certificate = fields.Nested(CertificateOut, attribute="seal.certificate", allow_none=True, required=True)
    seal_file_url = fields.Function(seal_file_url, allow_none=True, required=True)


class PageQuery(ApiSchema):
    page = Int(load_default=1, validate=validate.Range(min=1, max=10_000, error="页码超出范围"))
    per_page = Int(load_default=20, validate=validate.Range(min=1, max=100, error="每页条数应为1至100"))


class EventQuery(PageQuery):
    # 印章变动 opened from one seal: only its events
    seal_id = Int(load_default=None, validate=validate.Range(min=1, max=2**31 - 1, error="未找到该印章"))


# Events done by a person (the principal downloading, deleting, granting) name them masked, like every other page;
# a grant ended by its seal's 停用 or 注销 names the institution, not a person.
PERSON_EVENTS = {"download", "delete", "grant", "grant_revoked"}
INSTITUTIONS = {seal_lifecycle.OPERATOR, seals.OPERATOR, seals.CARVER}


def event_actor(event):
    if event.kind in PERSON_EVENTS and event.actor and event.actor not in INSTITUTIONS:
        return mask_name(event.actor)
    return event.actor


class EventOut(Schema):
    id = fields.Integer(required=True)
    seal_id = fields.Integer(required=True)
    seal_name = fields.Function(lambda e: seal_name(e.seal), required=True)
    kind = fields.String(required=True)
    kind_label = fields.Function(lambda e: catalog.SEAL_EVENTS[e.kind], required=True)
    detail = fields.String(required=True)
    actor = fields.Function(event_actor, required=True)
    created_at = fields.DateTime(required=True)


class EventPageOut(Schema):
    items = fields.List(fields.Nested(EventOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class SealRefOut(Schema):
    id = fields.Integer(required=True)
    name = fields.Function(seal_name, required=True)
    status = fields.String(required=True)
    status_label = fields.Function(lambda s: catalog.SEAL_STATUSES[s.status], required=True)


class SealReceiptOut(Schema):
    holder_name_masked = fields.String(required=True)
    phone_masked = fields.String(required=True)
    role = fields.String(required=True)
    received_at = fields.DateTime(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    deleted_at = fields.DateTime(allow_none=True, required=True)


class SealReceiptsOut(Schema):
    seal = fields.Nested(SealRefOut, required=True)
    items = fields.List(fields.Nested(SealReceiptOut), required=True)
    # 授权用印: who may use the seal, from when to when (授权中 / 未生效 / 已过期 / 已撤销), masked
    grants = fields.List(fields.Nested(GrantOut), required=True)


class DeleteIn(ApiSchema):
    receipt_ids = TextList(Int(strict=True, validate=validate.Range(min=-2**31, max=2**31 - 1, error="未找到该印章")), required=True,
                           validate=validate.Length(min=1, max=50, error="请选择1至50枚印章"))


class DeletedOut(Schema):
    deleted = fields.Integer(required=True)


@blp.get("/enterprises/<int:enterprise_id>/wallet")
@blp.response(200, WalletListOut)
def held(enterprise_id):
    """查看已下载印章: the enterprise's seals in this user's wallet, downloaded or granted (授权使用)."""
    fast = hot_reads.held_seals(enterprise_id)
    if fast is not None:
        return fast
    return {"items": service.wallet_of(common.session(), common.user(), enterprise_id, common.now())}


@blp.get("/receipts/<int:receipt_id>")
@blp.response(200, ReceiptDetailOut)
def detail(receipt_id):
    """查看详情: the seal picture and the enterprise's information."""
    fast = hot_reads.receipt_detail(receipt_id)
    if fast is not None:
        return fast
    return service.held_receipt(common.session(), common.user(), receipt_id)


@blp.get("/enterprises/<int:enterprise_id>/seal-events")
@blp.arguments(EventQuery, location="query")
@blp.response(200, EventPageOut)
def events(query, enterprise_id):
    """印章变动: the enterprise's seal history (or one seal's, seal_id), newest first, paged."""
    items, total = service.events_page(common.session(), common.user(), enterprise_id, query["page"],
                                       query["per_page"], seal_id=query["seal_id"])
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


@blp.get("/seals/<int:seal_id>/receipts")
@blp.response(200, SealReceiptsOut)
def receipts(seal_id):
    """印章领用情况: who received this seal and when, and whom it is granted to (授权用印), masked."""
    return service.seal_receipts(common.session(), common.user(), seal_id, common.now())


@blp.post("/receipts/delete")
@blp.arguments(DeleteIn)
@blp.response(200, DeletedOut)
def delete(data):
    """管理印章 → 删除: the selected seals leave the wallet (all or none)."""
    return {"deleted": service.delete_receipts(common.session(), common.user(), data["receipt_ids"], common.now())}

"""The seal's certificate in 查看详情, and 下载印章文件: the seal object (.esl), for the holder only."""
from urllib.parse import quote

from flask import current_app, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..pki_wiring import current_pki
from ..services import seal_certs, sealing
from ..services import wallet as wallet_service
from ..services.seals import seal_name
from . import common

blp = Blueprint("seal_files", __name__, url_prefix="/api", description="印章证书与印章文件")


class CertificateOut(Schema):
    serial = fields.Function(seal_certs.serial_text, required=True, metadata={"description": "序列号"})
    issuer = fields.Function(seal_certs.issuer_text, required=True, metadata={"description": "颁发者"})
    not_before = fields.DateTime(required=True)
    not_after = fields.DateTime(required=True)
    status = fields.String(required=True, metadata={"description": "good / hold / revoked"})
    status_label = fields.Function(lambda c: seal_certs.STATUS_LABELS[c.status], required=True)


def seal_file_url(receipt):
    """Where the holder downloads the seal file; None while the seal cannot be downloaded."""
    seal = receipt.seal
    if seal.status != "filed" or seal.certificate is None:
        return None
    return url_for("seal_files.seal_file", receipt_id=receipt.id)


@blp.get("/receipts/<int:receipt_id>/seal-file")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/octet-stream")
def seal_file(receipt_id):
    """下载印章文件: the seal object (GB/T 38540 SESeal, DER) of a seal in this user's wallet."""
    db = common.session()
    receipt = wallet_service.held_receipt(db, common.user(), receipt_id)
    seal = receipt.seal
    row = sealing.object_for_download(db, current_pki(), seal, common.now())
    name = f"{seal.enterprise.name}{seal_name(seal)}-{seal.code}.esl"
    return current_app.response_class(row.der, mimetype="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{seal.code}.esl\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})

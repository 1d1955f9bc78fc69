"""Seal pictures: content-addressed URLs, ETag and long caching, only for who may see the seal."""
from flask import current_app, request, url_for
from flask_smorest import Blueprint
from marshmallow import fields

from ..services import seal_images, seals
from . import common
from .fields import ApiSchema, Text, one_of

blp = Blueprint("seal_images", __name__, url_prefix="/api", description="印章图片")

YEAR = 365 * 24 * 3600


class ImageQuery(ApiSchema):
    size = Text(load_default="full", validate=one_of(seal_images.SIZES, "图片尺寸"))
    v = fields.String(metadata={"description": "内容摘要（由接口返回的图片地址给出）"})


def image_url(seal, size="full"):
    """The versioned URL of a seal's picture, for the JSON that lists seals."""
    dpi = seal_images.SIZES[size]
    return url_for("seal_images.image", seal_id=seal.id, size=size,
                   v=seal_images.digest(seal_images.spec_for(seal), dpi))


@blp.get("/seals/<int:seal_id>/image")
@blp.arguments(ImageQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="image/png")
@blp.alt_response(304, description="未修改")
def image(query, seal_id):
    """印章图片 (PNG, transparent, true size at 300 dpi; size=thumb for lists)."""
    seal = seals.seal_for_user(common.session(), common.user(), seal_id)
    dpi = seal_images.SIZES[query["size"]]
    spec = seal_images.spec_for(seal)
    etag = seal_images.digest(spec, dpi)
    current = query.get("v") == etag
    headers = {"ETag": f'"{etag}"', "Vary": "Cookie",
               "Cache-Control": f"private, max-age={YEAR}, immutable" if current else "private, no-cache"}
    if etag in request.if_none_match:
        return current_app.response_class(status=304, headers=headers)
    body = seal_images.png(spec, dpi, current_app.config["ESEAL_SEAL_FONT"])
    return current_app.response_class(body, mimetype="image/png", headers=headers)

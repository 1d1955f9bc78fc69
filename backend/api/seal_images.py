"""Seal pictures: content-addressed URLs, ETag and long caching, only for who may see the seal.

An image URL carries the picture's digest (v) and a signature (sig) binding seal, size and digest to
the login session it was issued to. A revalidation (If-None-Match = v) with a valid signature is
answered 304 before any database work: the URL names one immutable picture, the signature proves
the server showed it to this session, and a 304 discloses nothing the client does not hold (so
neither an older digest nor a closed login session needs a lookup: a URL names one picture forever).
Anything else — a first fetch, a stale or unsigned URL — goes through the full authorisation.
The operator, who has no login session, is given unsigned URLs (unbound_image_url).
The signatures use their own key (purpose_key(SEAL_IMAGE_URL)), not SECRET_KEY itself.
"""
import hashlib
import hmac

from flask import current_app, request, url_for
from flask import session as cookie
from flask_smorest import Blueprint
from marshmallow import fields

from ..context import SEAL_IMAGE_URL, purpose_key
from ..services import grants, seal_images
from . import common
from .fields import ApiSchema, Text, one_of

blp = Blueprint("seal_images", __name__, url_prefix="/api", description="印章图片")

YEAR = 365 * 24 * 3600
IMMUTABLE = f"private, max-age={YEAR}, immutable"
SIGNED_URLS_KEPT = 20_000  # per process: about 4 MB


class ImageQuery(ApiSchema):
    size = Text(load_default="full", validate=one_of(seal_images.SIZES, "图片尺寸"))
    v = fields.String(metadata={"description": "内容摘要（由接口返回的图片地址给出）"})
    sig = fields.String(metadata={"description": "签名（由接口返回的图片地址给出）"})


def _signature(key, session_id, seal_id, size, digest):
    message = f"seal-image:{session_id}:{seal_id}:{size}:{digest}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def _etag(digest):
    return f'"{digest}"'


def _versioned_url(seal, size):
    """(URL without signature, digest), from the route's own URL for this seal."""
    digest = seal_images.digest(seal_images.spec_for(seal), seal_images.SIZES[size])
    return f"{url_for('seal_images.image', seal_id=seal.id)}?size={size}&v={digest}", digest  # all URL-safe


def image_url(seal, size="full"):
    """The versioned URL of a seal's picture signed for the current login session (401 without one)."""
    return signed_image_url(common.user().get_id(), seal.id, size, seal_images.spec_for(seal))


def signed_image_url(session_id, seal_id, size, spec):
    """The URL of this picture (``spec``) of the seal signed for this login session: signed once per login
    session, seal, size and picture in a process (a list asks for the same URLs on every visit)."""
    urls = current_app.extensions.setdefault("eseal_signed_image_urls", {})
    key = (request.script_root, session_id, seal_id, size, spec)
    url = urls.get(key)
    if url is None:
        digest = seal_images.digest(spec, seal_images.SIZES[size])
        signature = _signature(purpose_key(SEAL_IMAGE_URL), session_id, seal_id, size, digest)
        url = f"{url_for('seal_images.image', seal_id=seal_id)}?size={size}&v={digest}&sig={signature}"
        if len(urls) >= SIGNED_URLS_KEPT:  # bounded: start afresh rather than keep every session's URLs
            urls.clear()
        urls[key] = url
    return url


def unbound_image_url(seal, size="full"):
    """The versioned URL bound to no login session: opened only after the full check, never revalidated
    without it. For answers given without a user (the operator's)."""
    return _versioned_url(seal, size)[0]


@blp.before_request
def _revalidate_without_lookup():
    if request.endpoint != "seal_images.image" or not request.if_none_match:
        return None
    args, session_id = request.args, cookie.get("_user_id")
    digest, size, seal_id = args.get("v", ""), args.get("size", "full"), request.view_args["seal_id"]
    if session_id and digest in request.if_none_match and hmac.compare_digest(
            args.get("sig", ""), _signature(purpose_key(SEAL_IMAGE_URL), session_id, seal_id, size, digest)):
        return current_app.response_class(status=304, headers={
            "ETag": _etag(digest), "Cache-Control": IMMUTABLE, "Vary": "Cookie"})
    return None


@blp.get("/seals/<int:seal_id>/image")
@blp.arguments(ImageQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="image/png")
@blp.alt_response(304, description="未修改")
def image(query, seal_id):
    """印章图片 (PNG, transparent, true size at 300 dpi; size=thumb for lists)."""
    seal = grants.visible_seal(common.session(), common.user(), seal_id, common.now())  # principal or grantee
    dpi = seal_images.SIZES[query["size"]]
    spec = seal_images.spec_for(seal)
    digest = seal_images.digest(spec, dpi)
    current = query.get("v") == digest
    headers = {"ETag": _etag(digest), "Vary": "Cookie", "Cache-Control": IMMUTABLE if current else "private, no-cache"}
    if digest in request.if_none_match:
        return current_app.response_class(status=304, headers=headers)
    body = seal_images.png(spec, dpi, current_app.config["ESEAL_SEAL_FONT"], current_app.extensions["eseal_cache"])
    return current_app.response_class(body, mimetype="image/png", headers=headers)

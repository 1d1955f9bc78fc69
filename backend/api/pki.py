"""/pki/: the platform's CA certificates and CRLs (DER), where every certificate's AIA and CRL DP point."""
import re

from cryptography.hazmat.primitives.serialization import Encoding
from flask import Blueprint, abort, current_app, jsonify

from ..pki_wiring import current_pki
from ..services import crls
from . import common

blp = Blueprint("pki", __name__, url_prefix="/pki")
NAME = re.compile(r"^(root|issuing-\d{1,4}|maker(-sm2)?-\d{1,4}|tsa-\d{1,4})$")
CA_ROLES = ("root", "issuing")


def _authority(name):
    if not NAME.fullmatch(name):
        abort(404)
    authority = current_pki().authority(name, common.now())
    if authority is None:
        abort(404)
    return authority


def _der(body, mimetype, max_age):
    response = current_app.response_class(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response


@blp.get("/")
def index():
    """The authorities and where their certificates and CRLs are."""
    platform = current_pki().platform(common.now())
    return jsonify({"authorities": [{
        "name": a.name, "role": a.role, "algorithm": a.algorithm, "retired": a.retired_at is not None,
        "certificate_url": f"/pki/ca/{a.name}.cer", "crl_url": f"/pki/crl/{a.name}.crl" if a.role in CA_ROLES else None,
    } for a in platform.authorities]})


@blp.get("/ca/<name>.cer")
def certificate(name):
    """A certificate of the platform (root, issuing CA, maker, time-stamping unit), DER."""
    return _der(_authority(name).certificate.public_bytes(Encoding.DER), "application/pkix-cert", 86400)


@blp.get("/crl/<name>.crl")
def crl(name):
    """A CA's current CRL, DER; re-issued before its nextUpdate (and on every change of a seal's status)."""
    authority = _authority(name)
    if authority.role not in CA_ROLES:
        abort(404)
    now = common.now()
    row = crls.current(common.session(), current_pki(), name, now)
    max_age = max(0, min(3600, int((row.next_update - now).total_seconds())))
    response = _der(row.der, "application/pkix-crl", max_age)
    response.last_modified = row.this_update
    response.set_etag(f"{name}-{row.number}")
    return response

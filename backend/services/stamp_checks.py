"""【验章】 of a document signed here: each signature as pdf_verify judges it, named by the seal it was made with."""
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from ..models import SealCertificate
from . import crls, pdf_verify
from .seals import seal_name


def _der(certificate):
    return certificate.public_bytes(Encoding.DER)


def check(session, pki, data, now):
    """[{field_name, seal_name, enterprise_name, seal_code, signed_at, timestamp_ok, intact, trusted, valid, page,
    width_mm, height_mm}] in signing order, against our root and our CAs' current CRLs."""
    platform = pki.platform(now)
    given = [crls.current(session, pki, ca.name, now).der for ca in platform.cas() if ca.retired_at is None]
    out = []
    for found in pdf_verify.verify_document(data, trust_roots_der=[_der(platform.root.certificate)], crls_der=given):
        serial = format(x509.load_der_x509_certificate(found["signer_certificate_der"]).serial_number, "x")
        row = session.scalar(select(SealCertificate).where(SealCertificate.serial == serial))
        seal = row.seal if row is not None else None
        width, height = found["box_mm"]
        out.append({"field_name": found["field_name"], "seal_name": seal_name(seal) if seal else None,
                    "enterprise_name": seal.enterprise.name if seal else None, "seal_code": seal.code if seal else None,
                    "signed_at": found["signed_at"], "timestamp_ok": found["timestamp_ok"], "intact": found["intact"],
                    "trusted": found["trusted"], "page": found["page"], "width_mm": width, "height_mm": height,
                    "valid": bool(found["intact"] and found["valid"] and found["trusted"] and not found["revoked"])})
    return out

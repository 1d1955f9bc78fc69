"""A seal's key and certificate (made at 备案完成) and the statuses the lifecycle gives it.

Subject: C=CN, O = the enterprise, CN = enterprise + seal name, serialNumber = 印章编码,
organizationIdentifier = 统一社会信用代码; digitalSignature + nonRepudiation; ECDSA P-256 (PDF
viewers check it); valid for the seal's validity (ESEAL_SEAL_VALIDITY_YEARS), AIA and CRL DP at /pki/.
"""
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from ..catalog import seal_label
from ..models import SealCertificate
from . import pki_certs
from .keystore import EC_P256
from .pki import years_after

STATUS_LABELS = {"good": "有效", "hold": "已暂停使用", "revoked": "已吊销"}
REASON_LABELS = {
    "certificate_hold": "停用",
    "cessation_of_operation": "注销",
    "key_compromise": "挂失",
    "affiliation_changed": "企业更名",
}


def subject_of(seal, enterprise_name):
    enterprise = seal.enterprise
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, enterprise_name),
        pki_certs.common_name(enterprise_name, seal_label(seal.type, enterprise.type)),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, seal.code),
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, enterprise.credit_code),
    ])


def issue(session, pki, seal, now, valid_from=None):
    """The seal's key (in the key store) and certificate (a new row, not committed), valid from valid_from
    (the filing; now by default) for the seal's validity."""
    issuing = pki.platform(now).issuing
    start = valid_from or now
    key, spki = pki.keys.generate(EC_P256)
    try:
        not_after = min(years_after(start, pki.settings.validity_years), issuing.certificate.not_valid_after_utc)
        certificate = pki_certs.issue(pki.keys, issuing.as_issuer(), subject_of(seal, seal.enterprise.name), spki,
                                      start, not_after, pki_certs.signer_extensions(), pki.public_url)
    except Exception:
        pki.keys.destroy(key)  # no key without its certificate
        raise
    row = SealCertificate(seal_id=seal.id, issuer=issuing.name, serial=format(certificate.serial_number, "x"),
                          der=certificate.public_bytes(Encoding.DER), key_ref=key,
                          not_before=certificate.not_valid_before_utc, not_after=certificate.not_valid_after_utc,
                          created_at=now)
    session.add(row)
    seal.certificate = row
    return row


def hold(certificate, now):
    certificate.status, certificate.reason, certificate.revoked_at = "hold", "certificate_hold", now


def release(certificate):
    certificate.status, certificate.reason, certificate.revoked_at = "good", None, None


def revoke(certificate, reason, now):
    certificate.status, certificate.reason, certificate.revoked_at = "revoked", reason, now


def serial_text(certificate_row):
    """序列号 as verifiers show it: upper-case hex pairs."""
    digits = certificate_row.serial.upper()
    digits = "0" * (len(digits) % 2) + digits
    return ":".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def issuer_text(certificate_row):
    certificate = x509.load_der_x509_certificate(certificate_row.der)
    names = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else certificate.issuer.rfc4514_string()

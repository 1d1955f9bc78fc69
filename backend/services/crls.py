"""The CRL of each CA, at /pki/crl/<ca>.crl: re-issued on every change of status and before its nextUpdate.

An issuing CA lists its seal certificates on hold (certificateHold, dropped again on 恢复) and revoked
(cessationOfOperation, keyCompromise, affiliationChanged); the root lists no issuing CA (none is revoked).
Every CRL issued is kept, numbered per CA (CRLNumber); the highest is current.
"""
import logging
from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..models import Crl, SealCertificate
from . import pki_certs
from .keystore import KeyStoreUnavailable

log = logging.getLogger(__name__)
RENEW_BEFORE = timedelta(hours=24)  # a fresh CRL is issued this long before the current one's nextUpdate


def latest(session, name):
    return session.scalar(select(Crl).where(Crl.authority == name).order_by(Crl.number.desc()).limit(1))


def _entries(session, name):
    rows = session.execute(
        select(SealCertificate.serial, SealCertificate.revoked_at, SealCertificate.reason)
        .where(SealCertificate.issuer == name, SealCertificate.status.in_(("hold", "revoked")))
        .order_by(SealCertificate.serial)).all()
    return [(int(serial, 16), revoked_at, reason) for serial, revoked_at, reason in rows]


def reissue(session, pki, name, now):
    """Issue CA `name`'s next CRL in the caller's transaction (not committed)."""
    ca = pki.authority(name, now)
    if ca is None or ca.role not in ("root", "issuing"):
        raise LookupError(name)
    session.flush()  # the statuses just changed are what the CRL lists
    number = (session.scalar(select(func.max(Crl.number)).where(Crl.authority == name)) or 0) + 1
    next_update = now + timedelta(hours=pki.settings.crl_hours)
    crl = pki_certs.sign_crl(pki.keys, ca.as_issuer(), number, now, next_update, _entries(session, name))
    row = Crl(authority=name, number=number, der=crl.public_bytes(Encoding.DER), this_update=now,
              next_update=next_update)
    session.add(row)
    session.flush()
    return row


def current(session, pki, name, now):
    """The CA's current CRL, issued first when there is none or its nextUpdate is near (then committed)."""
    row = latest(session, name)
    if row is not None and now < row.next_update - RENEW_BEFORE:
        return row
    try:
        fresh = reissue(session, pki, name, now)
        session.commit()
        return fresh
    except IntegrityError:  # another worker issued this number a moment ago: that one is current
        session.rollback()
        return latest(session, name)
    except KeyStoreUnavailable:
        session.rollback()
        if row is None or now >= row.next_update:
            raise
        log.warning("CRL of %s not renewed (key store unavailable); the current one holds until %s", name,
                    row.next_update)
        return row


def status_of(session, pki, certificate, now):
    """(reason or None, CRL row) for a certificate issued by one of our CAs, from its CA's current CRL."""
    ca = pki.platform(now).issuer_of(certificate)
    if ca is None:
        return None, None
    row = current(session, pki, ca.name, now)
    entry = x509.load_der_x509_crl(row.der).get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is None:
        return None, row
    try:
        flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except x509.ExtensionNotFound:
        return "unspecified", row
    return next((key for key, value in pki_certs.REASONS.items() if value == flag), "unspecified"), row

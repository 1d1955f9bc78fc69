"""Seal certificates, seal objects (SESeal, DER) and the CRLs of the platform's CAs.

Only public data and references are stored here: the private keys stay in their key store
(backend/services/keystore.py), named by ``key_ref``.
"""
from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .seal import Seal
from .types import UTCDateTime, utcnow

# Certificate statuses: good, hold (停用: certificateHold, may be lifted) and revoked (for good).
CERTIFICATE_STATUSES = ("good", "hold", "revoked")


class SealCertificate(db.Model):
    """The one key and certificate of a seal, made when it is filed."""

    __tablename__ = "seal_certificates"
    __table_args__ = (Index("ix_seal_certificates_issuer_status", "issuer", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), unique=True)
    issuer: Mapped[str] = mapped_column(String(40))  # the CA's name (issuing-1, …)
    serial: Mapped[str] = mapped_column(String(40), unique=True)  # lowercase hex
    der: Mapped[bytes] = mapped_column(LargeBinary)
    key_ref: Mapped[str] = mapped_column(String(80))
    not_before: Mapped[object] = mapped_column(UTCDateTime)
    not_after: Mapped[object] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="good")
    reason: Mapped[str | None] = mapped_column(String(30))  # a CRL reason: certificate_hold, key_compromise, …
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)
    key_destroyed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    seal: Mapped[Seal] = relationship(backref=backref("certificate", uselist=False))


class SealObject(db.Model):
    """The seal's SESeal (GB/T 38540), as signed by the 制章者; re-made when what it holds changes."""

    __tablename__ = "seal_objects"

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), unique=True)
    der: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))  # of what it was made from: stale when that changes
    algorithm: Mapped[str] = mapped_column(String(20))  # the maker's: ec-p256 or sm2
    maker: Mapped[str] = mapped_column(String(40))
    made_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    seal: Mapped[Seal] = relationship(backref=backref("seal_object", uselist=False))


class Crl(db.Model):
    """Every CRL a CA issued; the one with the highest number is current."""

    __tablename__ = "pki_crls"
    __table_args__ = (UniqueConstraint("authority", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column()
    der: Mapped[bytes] = mapped_column(LargeBinary)
    this_update: Mapped[object] = mapped_column(UTCDateTime)
    next_update: Mapped[object] = mapped_column(UTCDateTime)

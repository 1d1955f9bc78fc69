"""授权用印: the principal lets a real-name-verified person use one seal of the enterprise for a period."""
from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .seal import Seal
from .types import UTCDateTime, utcnow
from .user import User

# Why a grant ended before its end date: the principal revoked it, or its seal was suspended or revoked.
REVOKE_REASONS = ("principal", "seal_suspended", "seal_revoked")


class SealGrant(db.Model):
    """One 授权: valid from starts_on to ends_on (days in China time), unless revoked earlier."""

    __tablename__ = "seal_grants"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="starts_before_ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    grantor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    grantee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # the name and phone as the principal gave them (the grantee's verified name then)
    grantee_name: Mapped[str] = mapped_column(String(40))
    grantee_phone: Mapped[str] = mapped_column(String(11))
    starts_on: Mapped[object] = mapped_column(Date)
    ends_on: Mapped[object] = mapped_column(Date)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(String(20))

    seal: Mapped[Seal] = relationship()
    grantee: Mapped[User] = relationship(foreign_keys=[grantee_id])

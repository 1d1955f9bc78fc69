"""App B's data: the people who use it and the licences they have downloaded."""
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models.types import UTCDateTime, utcnow


class ElicenseHolder(db.Model):
    """A person known to app B after 实名信息 and 实人认证; B keeps only a keyed digest of the ID number."""

    __tablename__ = "elicense_holders"
    __table_args__ = (UniqueConstraint("real_name", "id_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    real_name: Mapped[str] = mapped_column(String(40))
    id_digest: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    holdings: Mapped[list["LicenceHolding"]] = relationship(back_populates="holder", order_by="LicenceHolding.id")

    @property
    def is_verified(self):
        """Every holder passed B's 实人认证; lets the shared principal rule take a holder like a user."""
        return True


class LicenceHolding(db.Model):
    """One enterprise's licence downloaded into a holder's app, with its password (wrong tries: the throttles)."""

    __tablename__ = "elicense_holdings"
    __table_args__ = (UniqueConstraint("holder_id", "credit_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("elicense_holders.id"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18))
    enterprise_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    downloaded_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    sync_until: Mapped[object] = mapped_column(UTCDateTime)

    holder: Mapped[ElicenseHolder] = relationship(back_populates="holdings")


class ElicenseLogin(db.Model):
    """Who a client's user is in this app, once they identified here (the mini-program's own login)."""

    __tablename__ = "elicense_logins"
    __table_args__ = (UniqueConstraint("client_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(64))
    holder_id: Mapped[int] = mapped_column(ForeignKey("elicense_holders.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class ElicenseSpentRequest(db.Model):
    """A jump request's jti once it has opened a flow: a request is good for one browser, once."""

    __tablename__ = "elicense_spent_requests"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[object] = mapped_column(UTCDateTime, index=True)

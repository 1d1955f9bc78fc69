"""App B's data: the people who use it and the licences they have downloaded."""
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
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
    """This app's own login in one browser, made by 实名信息 and 实人认证 there; its cookie holds the random id.

    A jump's ``sub`` never identifies anyone here: whoever holds a leaked jump link is not logged in.
    """

    __tablename__ = "elicense_logins"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the id in the cookie
    holder_id: Mapped[int] = mapped_column(ForeignKey("elicense_holders.id"), index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime, index=True)


class ElicenseFlow(db.Model):
    """One jump request served in one browser: its claims and steps, kept here; the cookie holds its random id.

    The request's jti is unique: it opens one flow, in one browser, once; the row stays until the request
    has expired, and the flow ends (no more steps, no second result) when it returns or a new jump replaces it.
    """

    __tablename__ = "elicense_flows"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the id in the cookie
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[object] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    request: Mapped[dict] = mapped_column(JSON)  # iss, sub, credit_code, purpose, redirect_uri, state, nonce (+ stamp)
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("elicense_holders.id"))  # identified here
    pending_holder_id: Mapped[int | None] = mapped_column(ForeignKey("elicense_holders.id"))  # 实人认证 to do
    chosen: Mapped[str | None] = mapped_column(String(18))  # the licence being downloaded
    verified: Mapped[bool] = mapped_column(default=False, server_default=false())
    ended_at: Mapped[object | None] = mapped_column(UTCDateTime)

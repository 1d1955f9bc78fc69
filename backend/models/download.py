"""The download of seals into a principal's wallet: sessions, receipts, spent token ids."""
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .seal import Seal
from .types import UTCDateTime, utcnow


class DownloadSession(db.Model):
    """One 下载印章 attempt: the agreed declaration, and the state/nonce the jump must echo."""

    __tablename__ = "download_sessions"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    declaration_version: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(43))
    nonce: Mapped[str] = mapped_column(String(43))
    # started → verified (the licence app's result believed, at the callback) → completed; or cancelled
    status: Mapped[str] = mapped_column(String(20), default="started")
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[object | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)
    completed_at: Mapped[object | None] = mapped_column(UTCDateTime)


class Receipt(db.Model):
    """印章领用: a seal received into a person's wallet, until deleted."""

    __tablename__ = "receipts"
    __table_args__ = (
        UniqueConstraint("download_session_id", "seal_id"),
        Index("ix_receipts_user_deleted", "user_id", "deleted_at"),
        # one held copy of a seal per wallet, also when two downloads complete at once
        Index("uq_receipts_held_seal", "user_id", "seal_id", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    download_session_id: Mapped[str] = mapped_column(ForeignKey("download_sessions.id"))
    received_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[object | None] = mapped_column(UTCDateTime)

    seal: Mapped[Seal] = relationship()


class SpentToken(db.Model):
    """A result token's jti, once used: single use across processes."""

    __tablename__ = "spent_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)

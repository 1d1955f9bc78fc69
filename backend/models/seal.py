"""Seals and the events of their lifecycle."""
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .enterprise import Enterprise
from .types import UTCDateTime, utcnow


class Seal(db.Model):
    __tablename__ = "seals"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # 13-digit 印章编码, given on filing
    code: Mapped[str | None] = mapped_column(String(13), unique=True)
    carved_at: Mapped[object | None] = mapped_column(UTCDateTime)
    filed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # Bumped whenever what the seal image shows changes.
    version: Mapped[int] = mapped_column(default=1)
    # The enterprise name the seal was made with, kept once the enterprise is renamed (更名 revokes the seal);
    # None: the seal shows the enterprise's current name.
    engraved_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()


class SealEvent(db.Model):
    __tablename__ = "seal_events"
    __table_args__ = (Index("ix_seal_events_enterprise_created", "enterprise_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    seal: Mapped[Seal] = relationship()

"""Shared throttles in the database (when Redis is not configured): see services/throttles.py."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class Throttle(db.Model):
    """One key ("sms:<phone>", "licence:<holding id>"): a slot's end, a failure count and a lock's end.

    ``pending`` counts attempts reserved and still being checked (until ``pending_until``, after which a
    worker that died mid-check no longer holds its place).
    """

    __tablename__ = "throttles"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(default=0, server_default="0")
    slot_until: Mapped[object | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[object | None] = mapped_column(UTCDateTime)
    pending: Mapped[int] = mapped_column(default=0, server_default="0")
    pending_until: Mapped[object | None] = mapped_column(UTCDateTime)

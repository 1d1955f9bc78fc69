"""用印: a document to stamp (one request, confirmed once, signed once) and the append-only 用印记录.

The PDF itself lives in the stamping directory (its original and, once signed, the signed file), named by
the request id; the database holds what it is (name, size, pages, hashes) and what was asked of it.
"""
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow

# uploaded → confirming (jump or SMS code under way) → verified (the licence app's result believed)
# → signing (one completion at work) → signed; or cancelled (in the licence app; may be confirmed again)
STAMP_STATUSES = ("uploaded", "confirming", "verified", "signing", "signed", "cancelled")


class StampRequest(db.Model):
    __tablename__ = "stamp_requests"
    __table_args__ = (Index("ix_stamp_requests_user_created", "user_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))  # set at 确认用印
    name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    pages: Mapped[int] = mapped_column()
    page_sizes: Mapped[list] = mapped_column(JSON)  # [[width_mm, height_mm], …]
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="uploaded")
    mode: Mapped[str | None] = mapped_column(String(10))  # licence (the principal) | sms (a grantee)
    placements: Mapped[dict | None] = mapped_column(JSON)  # {"placements": [...], "riding": {...} | None}
    binding: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of document + placements + seals
    state: Mapped[str | None] = mapped_column(String(43))
    nonce: Mapped[str | None] = mapped_column(String(43))
    code_digest: Mapped[str | None] = mapped_column(String(64))  # a grantee's SMS code, bound to this request
    code_expires_at: Mapped[object | None] = mapped_column(UTCDateTime)
    code_sent_at: Mapped[object | None] = mapped_column(UTCDateTime)
    code_failures: Mapped[int] = mapped_column(default=0)
    confirm_expires_at: Mapped[object | None] = mapped_column(UTCDateTime)
    signing_started_at: Mapped[object | None] = mapped_column(UTCDateTime)
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    signatures: Mapped[list | None] = mapped_column(JSON)  # [{"seal_id", "seal_name", "page", "signed_at"}]
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)  # the upload, until confirmed and signed
    keep_until: Mapped[object | None] = mapped_column(UTCDateTime)  # the signed file, then deleted
    file_deleted_at: Mapped[object | None] = mapped_column(UTCDateTime)


class StampLog(db.Model):
    """One seal's use on one document: a row per placement, each holding the hash of the seal's previous row."""

    __tablename__ = "stamp_logs"
    __table_args__ = (UniqueConstraint("seal_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seal_id: Mapped[int] = mapped_column(ForeignKey("seals.id"))
    seq: Mapped[int] = mapped_column()  # 1, 2, … per seal
    request_id: Mapped[str] = mapped_column(String(43), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(40))
    access: Mapped[str] = mapped_column(String(10))  # principal | grant
    document_name: Mapped[str] = mapped_column(String(120))
    sha256_before: Mapped[str] = mapped_column(String(64))
    sha256_after: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))  # seal | riding (骑缝章)
    page: Mapped[int | None] = mapped_column()  # None for a 骑缝章 (every page)
    x_mm: Mapped[float | None] = mapped_column()
    y_mm: Mapped[float] = mapped_column()
    signed_at: Mapped[object] = mapped_column(UTCDateTime)  # the signature timestamp's time
    time_source: Mapped[str] = mapped_column(String(20))  # tsa: the platform's time-stamping unit
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(StampLog, "before_update")
@event.listens_for(StampLog, "before_delete")
def _append_only(_mapper, _connection, _target):
    raise RuntimeError("stamp_logs is append-only")

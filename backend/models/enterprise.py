"""Enterprises, their start-up applications and the gift package."""
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..catalog import principal_role
from .types import UTCDateTime, utcnow


class Enterprise(db.Model):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    principal_name: Mapped[str] = mapped_column(String(40))
    principal_id_digest: Mapped[str] = mapped_column(String(64), index=True)
    principal_id_masked: Mapped[str] = mapped_column(String(18))
    principal_phone: Mapped[str] = mapped_column(String(11))
    established_on: Mapped[object] = mapped_column(db.Date)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    # The 公章 (法定名称章) in use, whose picture stands for the enterprise in 证照卡包 (a revoked one does not:
    # after 更名 the enterprise has a new 公章 beside the old one).
    official_seal = relationship(
        "Seal", primaryjoin="and_(Seal.enterprise_id == Enterprise.id, Seal.type == 'official', "
                            "Seal.status != 'revoked')",
        viewonly=True, uselist=False)

    @property
    def principal_role(self):
        return principal_role(self.type)


class StartupApplication(db.Model):
    """开办企业: the company's data, its principal and the 刻章信息 step."""

    __tablename__ = "startup_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    company_name: Mapped[str] = mapped_column(String(100))
    enterprise_type: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    principal_name: Mapped[str] = mapped_column(String(40))
    principal_id_digest: Mapped[str] = mapped_column(String(64))
    principal_id_masked: Mapped[str] = mapped_column(String(18))
    principal_phone: Mapped[str] = mapped_column(String(11))
    seal_types: Mapped[list] = mapped_column(JSON)
    free_eseal: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    submitted_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), unique=True)

    enterprise: Mapped[Enterprise | None] = relationship()

    @property
    def principal_role(self):
        return principal_role(self.enterprise_type)


class GiftItem(db.Model):
    """One item of the 无介质电子礼包 issued when the start-up completes."""

    __tablename__ = "gift_items"
    __table_args__ = (UniqueConstraint("enterprise_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    kind: Mapped[str] = mapped_column(String(20))
    issued_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

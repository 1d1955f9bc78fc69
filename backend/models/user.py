"""People: accounts, login sessions, SMS codes and the outbox, real-name checks."""
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    real_name: Mapped[str | None] = mapped_column(String(40))
    id_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    id_masked: Mapped[str | None] = mapped_column(String(18))
    verified_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    # Set by the session loader: Flask-Login keeps the login session's id, not the user's.
    auth_session = None

    @property
    def is_verified(self):
        return self.verified_at is not None

    def get_id(self):
        return self.auth_session.id if self.auth_session else None


class AuthSession(db.Model):
    """One login; its random id is what the session cookie carries, new at every login."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class SmsCode(db.Model):
    __tablename__ = "sms_codes"
    __table_args__ = (Index("ix_sms_codes_phone_created", "phone", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11))
    code_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[object] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[object | None] = mapped_column(UTCDateTime)
    dead_at: Mapped[object | None] = mapped_column(UTCDateTime)


class SmsMessage(db.Model):
    """The SMS outbox: every message the platform sends is recorded here."""

    __tablename__ = "sms_messages"
    __table_args__ = (Index("ix_sms_messages_phone_created", "phone", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11))
    kind: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(String(500))
    # Demo outbox only; a real gateway would carry it instead.
    code: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class IdentityCheck(db.Model):
    """A real-name check under way: 姓名 + 身份证号 given, the face step still to come."""

    __tablename__ = "identity_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    real_name: Mapped[str] = mapped_column(String(40))
    id_digest: Mapped[str] = mapped_column(String(64))
    id_masked: Mapped[str] = mapped_column(String(18))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[object | None] = mapped_column(UTCDateTime)

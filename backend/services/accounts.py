"""Accounts and login sessions."""
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..models import AuthSession, User


def user_for_phone(session, phone, now):
    user = session.scalar(select(User).where(User.phone == phone))
    if user is not None:
        return user
    user = User(phone=phone, created_at=now)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # created by a concurrent first login
        session.rollback()
        user = session.scalar(select(User).where(User.phone == phone))
    return user


def open_session(session, user, now, lifetime_seconds):
    """A fresh login session with a new random id (no fixation of an earlier one)."""
    auth = AuthSession(id=secrets.token_urlsafe(32), user_id=user.id, created_at=now,
                       expires_at=now + timedelta(seconds=lifetime_seconds))
    session.add(auth)
    session.commit()
    user.auth_session = auth
    return auth


def load_session(session, session_id, now):
    auth = session.get(AuthSession, session_id)
    if auth is None or auth.revoked_at is not None or auth.expires_at <= now:
        return None
    auth.user.auth_session = auth
    return auth.user


def close_session(session, session_id, now):
    session.execute(update(AuthSession).where(AuthSession.id == session_id).values(revoked_at=now))
    session.commit()

"""Data and invariants; no request, url_for or current_app here."""
from .enterprise import Enterprise, GiftItem, StartupApplication
from .seal import Seal, SealEvent
from .user import AuthSession, IdentityCheck, SmsCode, SmsMessage, User

__all__ = [
    "AuthSession", "Enterprise", "GiftItem", "IdentityCheck", "Seal", "SealEvent",
    "SmsCode", "SmsMessage", "StartupApplication", "User",
]

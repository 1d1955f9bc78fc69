"""Data and invariants; no request, url_for or current_app here."""
from .download import DownloadSession, Receipt, SpentToken
from .enterprise import Enterprise, GiftItem, StartupApplication
from .grants import SealGrant
from .pki import Crl, SealCertificate, SealObject
from .seal import Seal, SealEvent
from .stamping import StampLog, StampRequest
from .throttle import Throttle
from .user import AuthSession, IdentityCheck, SmsCode, SmsMessage, User

__all__ = [
    "AuthSession", "Crl", "DownloadSession", "Enterprise", "GiftItem", "IdentityCheck", "Seal", "SealCertificate",
    "SealEvent", "SealGrant", "SealObject", "StampLog", "StampRequest",
    "Receipt", "SmsCode", "SmsMessage", "SpentToken", "StartupApplication", "Throttle", "User",
]

"""The jump to the 电子营业执照 app and back, as one service: sign the request, verify the result once.

Composed once in the app factory (backend/jump.py) with our key ring, the licence app's public keys,
the client ids and the registered callback; the views only hand it tokens. What a result must match
beyond its signature (the browser's state, the download's nonce, the user, the enterprise) is checked
by the business that started the jump (services/downloads.py for 下载印章), through ``bind``.
"""
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from . import jump_tokens
from .errors import DomainError


class JumpRefused(DomainError):
    """A result that is not believed; the code names the check, the message says what to do."""

    status = 400


MISMATCH_MESSAGES = {
    "state_mismatch": "下载会话与当前浏览器不符，请重新发起下载",
    "download_session_mismatch": "下载会话与当前用户不符，请重新发起下载",
    "token_claims": "跳转凭证与本次下载不符，请重新发起下载",
    "token_purpose": "跳转凭证不是为本次业务签发的，请重新发起",
    "token_replayed": "该跳转凭证已使用，请重新发起下载",
    "download_session_expired": "下载会话已过期，请重新发起下载",
    "not_verified": "尚未完成电子营业执照身份验证，请重新发起下载",
}


def pseudonym(key, user_id):
    """The stable, unguessable id the licence app knows a user by (the jump's sub)."""
    return hmac.new(key, f"eseal-user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def refuse(code):
    raise JumpRefused(code, MISMATCH_MESSAGES[code])


@dataclass(frozen=True)
class Jump:
    """What a jump request binds: who, which enterprise, why, and the values the result must echo."""

    subject: str
    credit_code: str
    purpose: str
    state: str
    nonce: str


class JumpService:
    def __init__(self, *, key_ring, licence_keys, client_id, licence_issuer, callback_url, licence_url,
                 ttl_seconds, subject_key):
        self._ring, self._licence_keys = key_ring, licence_keys
        self.client_id, self.licence_issuer = client_id, licence_issuer
        self.callback_url, self.licence_url = callback_url, licence_url.rstrip("/")
        self.ttl_seconds, self._subject_key = ttl_seconds, subject_key

    def subject(self, user_id):
        return pseudonym(self._subject_key, user_id)

    def jwks(self, now):
        return self._ring.jwks(now)

    def request_url(self, jump, now, stamp=None):
        """The licence app's /jump address carrying a signed request for this jump (``stamp``: what a 用印
        request names and binds, see jump_tokens.issue_jump_request)."""
        token = jump_tokens.issue_jump_request(
            self._ring, issuer=self.client_id, audience=self.licence_issuer, subject=jump.subject,
            credit_code=jump.credit_code, purpose=jump.purpose, redirect_uri=self.callback_url,
            state=jump.state, nonce=jump.nonce, now=now, ttl_seconds=self.ttl_seconds, stamp=stamp)
        return f"{self.licence_url}/jump?{urlencode({'request': token})}"

    def licence_keys(self):
        keys = self._licence_keys
        return keys() if callable(keys) else keys

    def verify_result(self, token, now):
        """Signature, alg, iss, aud, typ, exp and the claims' shape: the token's own checks, once."""
        return jump_tokens.verify(token, self.licence_keys(), expected_typ=jump_tokens.RESULT_TYP,
                                  issuer=self.licence_issuer, audience=self.client_id, now=now)

    @staticmethod
    def bind(claims, jump):
        """The result answers this jump: same purpose, state, nonce, subject and enterprise, or refused."""
        if claims["purpose"] != jump.purpose:
            refuse("token_purpose")
        if not hmac.compare_digest(claims["state"], jump.state):
            refuse("state_mismatch")
        if not (hmac.compare_digest(claims["nonce"], jump.nonce) and claims["sub"] == jump.subject
                and claims["credit_code"] == jump.credit_code):
            refuse("token_claims")

    @staticmethod
    def expiry(claims):
        return datetime.fromtimestamp(claims["exp"], UTC)

"""The jump between 一网通 and 电子营业执照: signed request and result tokens (compact JWS, EdDSA only)."""
import base64
import json
import secrets
from datetime import datetime

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .errors import DomainError
from .peer_keys import JwksKeys, KeysUnavailable, RemoteJwks
from .signing_keys import KeyRing, b64url

__all__ = ["ALGORITHM", "JUMP_REQUEST_TYP", "RESULT_TYP", "OUTCOMES", "PURPOSES", "MAX_TTL_SECONDS", "TokenError",
           "KeyRing", "JwksKeys", "RemoteJwks", "KeysUnavailable", "issue_jump_request", "issue_result",
           "verify", "redirect_uri_allowed"]

ALGORITHM = "EdDSA"
JUMP_REQUEST_TYP = "eseal-jump+jwt"
RESULT_TYP = "eseal-result+jwt"
OUTCOMES = ("verified", "cancelled")
PURPOSES = ("download", "stamp")  # 下载印章, 用印: both apps check it, a token for one never serves the other
MAX_TTL_SECONDS = 300
MAX_TOKEN_LENGTH = 4096  # ours are about 700 characters; anything far longer is refused unparsed
LEEWAY_SECONDS = 30  # clock skew allowed between the two apps

_COMMON_CLAIMS = ("iss", "aud", "sub", "credit_code", "nonce", "jti", "iat", "exp")
_REQUIRED = {
    JUMP_REQUEST_TYP: _COMMON_CLAIMS + ("purpose", "redirect_uri", "state"),
    RESULT_TYP: _COMMON_CLAIMS + ("purpose", "outcome", "state"),
}

MESSAGES = {
    "token_malformed": "跳转凭证格式错误，请重新发起",
    "token_alg": "跳转凭证的签名算法不被接受",
    "token_kid_unknown": "跳转凭证的签名密钥未知",
    "token_signature": "跳转凭证签名无效",
    "token_expired": "跳转凭证已过期，请重新发起下载",
    "token_not_yet_valid": "跳转凭证的签发时间无效",
    "token_issuer": "跳转凭证的签发方不受信任",
    "token_audience": "跳转凭证不是签发给本应用的",
    "token_type": "跳转凭证类型不符",
    "token_claims": "跳转凭证内容不完整或不合规",
}


class TokenError(DomainError):
    """A refused jump token; the code says which check failed, the message is for the user."""

    status = 400

    def __init__(self, code, message=None):
        super().__init__(code, message or MESSAGES[code])


def _timestamp(now):
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now.timestamp()


def _sign(ring, typ, claims, now, ttl_seconds):
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")
    iat = int(_timestamp(now))
    claims = {**claims, "iat": iat, "exp": iat + min(int(ttl_seconds), MAX_TTL_SECONDS),
              "jti": b64url(secrets.token_bytes(16))}
    headers = {"typ": typ, "kid": ring.signing_kid}
    return jwt.encode(claims, ring.signing_key, algorithm=ALGORITHM, headers=headers)


def _purpose_claims(purpose, stamp):
    """A 用印 request names what is to be stamped (shown by the licence app) and binds it; nothing else does."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}")
    if (purpose == "stamp") != (stamp is not None):
        raise ValueError("a stamp request, and only a stamp request, carries its stamp claim")
    return {} if stamp is None else {"stamp": stamp}


def issue_jump_request(ring, *, issuer, audience, subject, credit_code, purpose, redirect_uri, state, nonce,
                       now, ttl_seconds, stamp=None):
    """A → B: ask the licence app to verify this user for this enterprise and come back to redirect_uri.

    ``stamp`` (purpose 用印 only): {"binding": SHA-256 hex of document + placements + seals, "enterprise_name",
    "document": {"name", "sha256"}, "seals": [seal names]}.
    """
    claims = {"iss": issuer, "aud": audience, "sub": subject, "credit_code": credit_code, "purpose": purpose,
              "redirect_uri": redirect_uri, "state": state, "nonce": nonce, **_purpose_claims(purpose, stamp)}
    return _sign(ring, JUMP_REQUEST_TYP, claims, now, ttl_seconds)


def issue_result(ring, *, issuer, audience, subject, credit_code, outcome, nonce, state, now, ttl_seconds,
                 purpose="download", binding=None):
    """B → A: the outcome of the licence verification, echoing the request's purpose, nonce and state
    (and, for 用印, the request's binding)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    if purpose not in PURPOSES or (purpose == "stamp") != (binding is not None):
        raise ValueError("a stamp result, and only a stamp result, echoes the request's binding")
    claims = {"iss": issuer, "aud": audience, "sub": subject, "credit_code": credit_code, "purpose": purpose,
              "outcome": outcome, "nonce": nonce, "state": state, **({"binding": binding} if binding else {})}
    return _sign(ring, RESULT_TYP, claims, now, ttl_seconds)


def _unverified_header(token):
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        raise TokenError("token_malformed")
    encoded = token.split(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, RecursionError):  # bad base64, UTF-8 or JSON; JSON nested past the parser's depth
        raise TokenError("token_malformed") from None
    if not isinstance(header, dict):
        raise TokenError("token_malformed")
    return header


def _verified_claims(token, key):
    options = {"verify_signature": True, "verify_exp": False, "verify_iat": False, "verify_nbf": False,
               "verify_aud": False, "verify_iss": False, "verify_sub": False, "verify_jti": False}
    try:
        return jwt.decode(token, key, algorithms=[ALGORITHM], options=options)
    except jwt.InvalidSignatureError:
        raise TokenError("token_signature") from None
    except jwt.InvalidAlgorithmError:
        raise TokenError("token_alg") from None
    except (jwt.PyJWTError, RecursionError, ValueError):  # a payload nested or numbered past the parser
        raise TokenError("token_malformed") from None


def _check_claims(claims, typ):
    for name in _REQUIRED[typ]:
        value = claims.get(name)
        if name in ("iat", "exp"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TokenError("token_claims")
        elif not isinstance(value, str) or not value:
            raise TokenError("token_claims")
    if not 0 < claims["exp"] - claims["iat"] <= MAX_TTL_SECONDS:
        raise TokenError("token_claims")
    if typ == RESULT_TYP and claims["outcome"] not in OUTCOMES:
        raise TokenError("token_claims")
    if claims["purpose"] not in PURPOSES:
        raise TokenError("token_claims")
    if claims["purpose"] == "stamp" and not (_stamp_ok(claims.get("stamp")) if typ == JUMP_REQUEST_TYP
                                             else _hex64(claims.get("binding"))):
        raise TokenError("token_claims")


def _hex64(value):
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _stamp_ok(stamp):
    """The shape of a 用印 request's stamp claim (its content was signed by A; B only shows it)."""
    if not isinstance(stamp, dict) or not _hex64(stamp.get("binding")):
        return False
    document, seals = stamp.get("document"), stamp.get("seals")
    return (isinstance(stamp.get("enterprise_name"), str) and isinstance(document, dict)
            and isinstance(document.get("name"), str) and _hex64(document.get("sha256"))
            and isinstance(seals, list) and 0 < len(seals) <= 20 and all(isinstance(n, str) for n in seals))


def verify(token, keys, *, expected_typ, issuer, audience, now, leeway_seconds=LEEWAY_SECONDS):
    """Return the claims of a jump token, or raise TokenError naming the first check it fails.

    ``keys`` maps kid to Ed25519 public key (a dict, KeyRing.public_keys(), JwksKeys or RemoteJwks).
    """
    if expected_typ not in _REQUIRED:
        raise ValueError(f"unknown token type {expected_typ!r}")
    current = _timestamp(now)
    header = _unverified_header(token)
    if header.get("alg") != ALGORITHM:  # pinned before any key is touched: no none, no HS/RS confusion
        raise TokenError("token_alg")
    kid = header.get("kid")
    key = keys.get(kid) if isinstance(kid, str) and kid else None
    if key is None:
        raise TokenError("token_kid_unknown")
    if not isinstance(key, Ed25519PublicKey):
        raise TypeError("verification keys must be Ed25519 public keys")
    claims = _verified_claims(token, key)
    if header.get("typ") != expected_typ:
        raise TokenError("token_type")
    _check_claims(claims, expected_typ)
    if claims["iss"] != issuer:
        raise TokenError("token_issuer")
    if claims["aud"] != audience:  # one audience, a string: we issue nothing else
        raise TokenError("token_audience")
    if current > claims["exp"] + leeway_seconds:
        raise TokenError("token_expired")
    if claims["iat"] > current + leeway_seconds:
        raise TokenError("token_not_yet_valid")
    nbf = claims.get("nbf")
    if nbf is not None and (not isinstance(nbf, int | float) or nbf > current + leeway_seconds):
        raise TokenError("token_not_yet_valid")
    return claims


def redirect_uri_allowed(uri, registered):
    """Exact string match against the client's registered URIs: no prefix, case or normal-form games."""
    return isinstance(uri, str) and any(uri == allowed for allowed in registered if isinstance(allowed, str))

"""Reading the claimed issuer of a jump request before verifying it, to pick the client's settings."""
import base64
import json

from ..services.jump_tokens import MAX_TOKEN_LENGTH


def unverified_issuer(token):
    """The ``iss`` a token claims, or None; only used to choose whose registration applies, never trusted."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, RecursionError):  # RecursionError: JSON nested past the parser's depth
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None

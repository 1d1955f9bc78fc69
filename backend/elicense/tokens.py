"""Reading the claimed issuer of a jump request before verifying it, to pick the client's settings."""
import base64
import json


def unverified_issuer(token):
    """The ``iss`` a token claims, or None; only used to choose whose registration applies, never trusted."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (AttributeError, IndexError, ValueError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None

"""Security headers on every response: a CSP with no inline script, no framing, HSTS over https."""
from urllib.parse import urlsplit

from flask import request

# The licence pages post forms to themselves and answer 303 to the e-seal callback; Chromium checks
# that redirect against form-action, so both apps' origins are listed when they are separate.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action {}")
HSTS = "max-age=31536000; includeSubDomains"


def origin_of(url):
    """'https://a.example:8443/x' → 'https://a.example:8443'; None for a relative or empty URL."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else None


def content_security_policy(*urls):
    sources = ["'self'"]
    for origin in map(origin_of, urls):
        if origin and origin not in sources:
            sources.append(origin)
    return CSP.format(" ".join(sources))


def security_headers(csp):
    # no-referrer everywhere: the licence jump and callback carry one-time tokens in their URLs, and
    # neither app needs the Referer; one rule is simpler than strict-origin-when-cross-origin + exceptions.
    return {
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def register_headers(app, form_action_settings=("ESEAL_PUBLIC_URL", "ESEAL_ELICENSE_URL")):
    """Add the headers to app's responses; a header a view already set is kept.

    The origins come from the settings named, read per response: the public URL may be set after start-up.
    """
    @app.after_request
    def _add_security_headers(response):
        csp = content_security_policy(*(app.config.get(name) for name in form_action_settings))
        for name, value in security_headers(csp).items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

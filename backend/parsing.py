"""The one parse layer for request bodies: any JSON body we cannot take is a 400, never a 500.

Before a view runs, a JSON body is read (at most MAX_CONTENT_LENGTH, else 413) and parsed once by
strict_loads, the loader behind request.get_json too. It refuses, as 请求体不是有效的 JSON:
bytes that are not UTF-8, malformed JSON, nesting deeper than MAX_DEPTH (the stdlib parser would hit
RecursionError), integers longer than MAX_INT_DIGITS (int() raises ValueError past 4,300 digits),
NaN and Infinity (not JSON), and strings with unpaired surrogates ("\\ud800": valid JSON syntax, but no
UTF-8 text, so no database can store it; RFC 7493 forbids them). The argument parser of the API
reads the same bytes afterwards and can no longer fail on them.
"""
import json

from flask import Request, request
from flask.json.provider import DefaultJSONProvider

from .errors import BadJson

MAX_DEPTH = 32
MAX_INT_DIGITS = 32  # any id or count of this API fits in 19


def _int(digits):
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(digits)


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _check_tree(value):
    """Depth and text of a parsed document, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            items = list(node.keys()) + list(node.values())
        elif isinstance(node, list):
            items = node
        else:
            if isinstance(node, str) and not node.isascii():
                node.encode("utf-8")  # UnicodeEncodeError on an unpaired surrogate
            continue
        if depth > MAX_DEPTH:
            raise ValueError("JSON nested too deeply")
        stack.extend((item, depth + 1) for item in items)


def strict_loads(data, **kwargs):
    """json.loads for request bodies; every refusal is a ValueError (JSONDecodeError and UnicodeError are ones),
    which is what request.get_json expects."""
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    try:
        value = json.loads(text, parse_int=_int, parse_constant=_no_constant, **kwargs)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc
    _check_tree(value)
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """app.json: answers are written as before; whatever it reads (request.get_json, the session cookie) strictly."""

    def loads(self, s, **kwargs):
        return strict_loads(s, **kwargs)


class ParsedRequest(Request):
    def on_json_loading_failed(self, e):
        if e is None:  # not a JSON content type: Flask's 415
            return super().on_json_loading_failed(e)
        raise BadJson() from e


def parse_json_body():
    """Parse a JSON body up front, once (request.get_json caches it): a refusal answers before any view."""
    if request.is_json and request.get_data(cache=True):
        request.get_json()


def register_parsing(app):
    provider = StrictJSONProvider(app)
    for setting in ("ensure_ascii", "sort_keys", "compact"):  # as create_app set them on the default provider
        setattr(provider, setting, getattr(app.json, setting))
    app.json = provider
    app.request_class = ParsedRequest
    app.before_request(parse_json_body)

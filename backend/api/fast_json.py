"""JSON responses of the hot reads: the bytes Flask's jsonify gives (sorted keys, compact, a newline)."""
import orjson
from flask import current_app


def json_response(payload):
    """What jsonify(payload) answers, without flask-smorest's schema dump (the payload is already plain)."""
    return current_app.response_class(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE),
                                      mimetype="application/json")

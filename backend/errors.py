"""One error body for the whole API: {"error": code, "message": 中文, "fields": {...}}."""
from flask import render_template_string, request
from flask_smorest import Api
from marshmallow import Schema, fields
from werkzeug.exceptions import BadRequest

from .extensions import db
from .routing import DatabaseInt
from .services.errors import DomainError

HTTP_MESSAGES = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthenticated", "请先登录"),
    403: ("forbidden", "无权进行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("too_large", "提交的内容过大"),
    415: ("unsupported_media_type", "请以 JSON 格式提交"),
    422: ("invalid", "提交的信息有误，请检查后重试"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试"),
    500: ("server_error", "服务暂时不可用，请稍后再试"),
    503: ("unavailable", "服务暂时不可用，请稍后再试"),
}
BAD_JSON_MESSAGE = "请求体不是有效的 JSON"


class BadJson(BadRequest):
    """A body the parse layer (backend/parsing.py) refused: not UTF-8, not JSON, or JSON we do not take."""


class ErrorBodySchema(Schema):
    error = fields.String(required=True, metadata={"description": "机器可读的错误代码"})
    message = fields.String(required=True, metadata={"description": "中文说明"})
    fields = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


def error_body(code, message, field_errors=None):
    return {"error": code, "message": message, "fields": field_errors or {}}


def _first_messages(messages):
    """webargs' {"json": {"phone": ["…"]}} → {"phone": "…"}."""
    flat = {}
    for location in messages.values():
        items = location.items() if isinstance(location, dict) else [("_schema", location)]
        for name, value in items:
            while isinstance(value, (list, dict)) and value:
                value = value[0] if isinstance(value, list) else next(iter(value.values()))
            flat[name] = value if isinstance(value, str) else "格式不正确"
    return flat


class EsealApi(Api):
    """flask-smorest, answering every HTTP error with our body."""

    ERROR_SCHEMA = ErrorBodySchema

    def __init__(self, app=None, **kwargs):
        super().__init__(app, **kwargs)
        self.register_converter(DatabaseInt, lambda converter: {
            "type": "integer", "minimum": converter.min if converter.min is not None else 0,
            "maximum": converter.max})

    def handle_http_exception(self, error):
        status = error.code or 500
        code, message = HTTP_MESSAGES.get(status, ("error", error.name))
        data = getattr(error, "data", None) or {}
        field_errors = _first_messages(data["messages"]) if "messages" in data else {}
        if status == 400 and (field_errors or isinstance(error, BadJson)):  # webargs' "Invalid JSON body." or ours
            message = BAD_JSON_MESSAGE
            field_errors = {}
        elif field_errors:
            message = next(iter(field_errors.values())) if len(field_errors) == 1 else message
        if not request.path.startswith("/api/"):
            return page_error(status, message)
        return error_body(code, message, field_errors), status, data.get("headers", {})


def page_error(status, message):
    return render_template_string(ERROR_PAGE, status=status, message=message), status


ERROR_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ message }}</title></head>
<body><main><h1>{{ message }}</h1><p>错误代码 {{ status }}</p><p><a href="/h5/">返回首页</a></p></main></body></html>"""


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def _domain_error(exc):
        db.session.rollback()
        return error_body(exc.code, exc.message, exc.fields), exc.status, exc.headers

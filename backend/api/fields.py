"""Marshmallow fields and validators that speak Chinese."""
from marshmallow import Schema, ValidationError, fields, validate

from ..services import identifiers

_COMMON = {"required": "此项为必填项", "null": "此项不能为空", "validator_failed": "格式不正确"}


class Text(fields.String):
    """A string, trimmed."""

    default_error_messages = {**_COMMON, "invalid": "应为文本"}

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class Flag(fields.Boolean):
    default_error_messages = {**_COMMON, "invalid": "应为是或否"}


class Int(fields.Integer):
    default_error_messages = {**_COMMON, "invalid": "应为整数", "too_large": "数值过大"}


class TextList(fields.List):
    default_error_messages = {**_COMMON, "invalid": "应为列表"}


class ApiSchema(Schema):
    """Input schemas: unknown keys are refused, messages are Chinese."""

    error_messages = {"unknown": "不支持的字段", "type": "请求体应为 JSON 对象"}


def _check(problem_of):
    def validator(value):
        problem = problem_of(value)
        if problem:
            raise ValidationError(problem)
    return validator


phone = _check(identifiers.phone_problem)
person_name = _check(identifiers.name_problem)
id_number = _check(lambda v: identifiers.id_number_problem(identifiers.normalise_id_number(v)))
credit_code = _check(identifiers.credit_code_problem)
sms_code = validate.Regexp(r"^\d{6}$", error="请输入6位数字验证码")


def one_of(choices, what):
    return validate.OneOf(list(choices), error=f"请选择正确的{what}")


def length(low, high, what):
    return validate.Length(min=low, max=high, error=f"{what}长度应为{low}至{high}个字符")

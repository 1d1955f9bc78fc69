"""Marshmallow fields and validators that speak Chinese."""
from marshmallow import Schema, ValidationError, fields, validate

from ..services import identifiers, text

_COMMON = {"required": "此项为必填项", "null": "此项不能为空", "validator_failed": "格式不正确"}


class Text(fields.String):
    """A line of user-entered text under the one text policy (services/text.py): normalised, trimmed, checked."""

    default_error_messages = {**_COMMON, "invalid": "应为文本"}

    def _deserialize(self, value, attr, data, **kwargs):
        value = text.normalise(super()._deserialize(value, attr, data, **kwargs))
        problem = text.text_problem(value, self.label)
        if problem:
            raise ValidationError(problem)
        return value

    @property
    def label(self):
        """The field's Chinese name, as its validators already spell it for the user (length(…, "企业名称"))."""
        labels = [getattr(v, "label", None) for v in self.validators]
        return self.metadata.get("label") or next(filter(None, labels), "输入内容")


class Flag(fields.Boolean):
    default_error_messages = {**_COMMON, "invalid": "应为是或否"}


class Int(fields.Integer):
    default_error_messages = {**_COMMON, "invalid": "应为整数", "too_large": "数值过大"}


class TextList(fields.List):
    default_error_messages = {**_COMMON, "invalid": "应为列表"}


class ApiSchema(Schema):
    """Input schemas: unknown keys are refused, messages are Chinese."""

    error_messages = {"unknown": "不支持的字段", "type": "请求体应为 JSON 对象"}


def _labelled(validator, label):
    """A validator carrying the field's Chinese name, for the Text field's own messages."""
    validator.label = label
    return validator


def _check(problem_of, label):
    def validator(value):
        problem = problem_of(value)
        if problem:
            raise ValidationError(problem)
    return _labelled(validator, label)


# Text has already folded full-width digits and letters; these checks take ASCII only.
phone = _check(identifiers.phone_problem, "手机号")
person_name = _check(identifiers.name_problem, "姓名")
id_number = _check(lambda v: identifiers.id_number_problem(identifiers.normalise_id_number(v)), "身份证号")
credit_code = _check(identifiers.credit_code_problem, "统一社会信用代码")
sms_code = _labelled(validate.Regexp(r"^[0-9]{6}$", error="请输入6位数字验证码"), "验证码")


def one_of(choices, what):
    return _labelled(validate.OneOf(list(choices), error=f"请选择正确的{what}"), what)


def length(low, high, what):
    return _labelled(validate.Length(min=low, max=high, error=f"{what}长度应为{low}至{high}个字符"), what)

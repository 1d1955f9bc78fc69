"""Check characters of the 统一社会信用代码 (GB 32100-2015) and the 身份证号 (GB 11643-1999).

Every check takes ASCII only ([0-9], not the Unicode \\d that also matches ４ or ٤): a caller normalises
first (normalise_* below, or the text policy of the API's fields), so a full-width variant is the same
string as the ASCII one — one SMS throttle, one ID-number digest — and anything else is refused.
"""
import hashlib
import hmac
import re
from datetime import date

from .text import fold_width

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_PHONE_RE = re.compile(r"1[3-9][0-9]{9}")
_NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,20}")


def credit_code_check_char(first17):
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code):
    """None when the code is valid, else the Chinese reason."""
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(c not in CREDIT_CHARSET for c in code):
        return "统一社会信用代码含有不允许的字符"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None


def id_number_check_char(first17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_number_problem(number, today=None):
    """None when the 18-digit ID number is valid (check digit, real birth date), else why not."""
    if not _ID_RE.fullmatch(number):
        return "身份证号应为18位，最后一位可以是数字或X"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号中的出生日期不正确"
    if born.year < 1900 or born > (today or date.today()):
        return "身份证号中的出生日期不正确"
    if id_number_check_char(number[:17]) != number[17]:
        return "身份证号校验位不正确"
    return None


def normalise_id_number(number):
    """Trimmed, full-width digits and Ｘ folded, x upper-cased: what is checked and what is hashed."""
    return fold_width(number).strip().upper()


def phone_problem(phone):
    return None if _PHONE_RE.fullmatch(phone) else "请输入正确的11位手机号"


def name_problem(name):
    return None if _NAME_RE.fullmatch(name) else "请输入2至20个汉字的真实姓名"


def mask_id_number(number):
    return number[:4] + "*" * 10 + number[-4:]


def mask_name(name):
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone):
    return phone[:3] + "****" + phone[-4:]


def id_number_digest(number, key):
    """Keyed hash: lets us match an ID number later without storing it."""
    return hmac.new(key, normalise_id_number(number).encode(), hashlib.sha256).hexdigest()

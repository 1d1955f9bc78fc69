"""The one text policy (services/text.py) and the ASCII-only identifier checks that follow it."""
import pytest

from backend.elicense import service as licence_service  # its tables, for the unit session
from backend.services import identifiers, text
from backend.services.errors import Invalid
from tests.factories import KEY, NOW, id_number

FULL_WIDTH_DIGITS = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def full_width(value):
    return value.translate(FULL_WIDTH_DIGITS)


def test_full_width_letters_and_digits_fold_to_ascii_but_chinese_punctuation_stays():
    assert text.normalise("  广州市ＡＢＣ１２３科技有限公司（天河分公司）\u3000") == "广州市ABC123科技有限公司（天河分公司）"


def test_text_is_composed_to_nfc():
    assert text.normalise("Cafe\u0301") == "Café"


@pytest.mark.parametrize("char, kind", [
    ("\x00", "NUL"), ("\x07", "a control"), ("\n", "a line feed inside"), ("\u202e", "a bidi override"),
    ("\u200b", "a zero-width space"), ("\ufeff", "a BOM"), ("\u2028", "a line separator"),
])
def test_invisible_characters_are_refused_naming_the_field_and_the_code_point(char, kind):
    problem = text.text_problem(text.normalise(f"广州市{char}科技有限公司"), "企业名称")
    assert problem == f"企业名称含有不可见字符或控制字符（U+{ord(char):04X}），请删除后重试", kind


@pytest.mark.parametrize("char", ["\ud800", "\ue000", "\U000f0000", "\uffff"])
def test_surrogates_private_use_and_unassigned_code_points_are_refused(char):
    assert text.text_problem(f"广州{char}", "住所") == f"住所含有无法识别的字符（U+{ord(char):04X}），请修改后重试"


def test_ordinary_chinese_text_and_emoji_pass_the_text_policy():
    assert text.text_problem("广州市天河区体育西路1号（A座）·🙂", "住所") is None


def test_a_full_width_id_number_normalises_to_the_ascii_one_and_hashes_the_same():
    number = id_number(1)
    assert identifiers.normalise_id_number(full_width(number)) == number
    assert identifiers.id_number_digest(full_width(number), KEY) == identifiers.id_number_digest(number, KEY)


@pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"])
def test_identifier_checks_take_ascii_digits_only(digits):
    other = str.maketrans("0123456789", digits)
    assert identifiers.phone_problem("13900000001".translate(other)) is not None
    assert identifiers.phone_problem("139" + "00000001".translate(other)) is not None
    assert identifiers.id_number_problem(id_number(1).translate(other)) is not None


def test_a_trailing_newline_is_not_a_valid_identifier():
    assert identifiers.phone_problem("13900000001\n") is not None
    assert identifiers.id_number_problem(id_number(1) + "\n") is not None
    assert identifiers.name_problem("张三\n") is not None


def test_the_licence_app_takes_a_full_width_id_number_as_the_same_person(session):
    holder = licence_service.holder_from_realname(session, "张三", id_number(1), KEY, NOW)
    assert licence_service.holder_from_realname(session, "张三", full_width(id_number(1)), KEY, NOW).id == holder.id


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("name, number", [("张\x00三", id_number(1)), ("张三", id_number(1)[:5] + "\x00" + id_number(1)[6:]),
                                          ("张三", id_number(1).translate(ARABIC_INDIC))])
def test_the_licence_app_refuses_a_nul_or_other_digits_in_its_realname_form(session, name, number):
    with pytest.raises(Invalid):
        licence_service.holder_from_realname(session, name, number, KEY, NOW)

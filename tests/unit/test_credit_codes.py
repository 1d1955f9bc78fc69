"""统一社会信用代码 (GB 32100-2015): real codes, corrupted codes, the generator."""
import pytest

from backend.services.identifiers import credit_code_check_char, credit_code_problem
from backend.services.startups import new_credit_code

# Codes of real, registered enterprises, published on their licences.
REAL_CODES = ["9144030071526726XG", "91330100716105852F", "914403001922038216"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_are_valid(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", REAL_CODES)
def test_check_character_of_real_codes_is_computed_from_first_17(code):
    assert credit_code_check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_CODES)
@pytest.mark.parametrize("position", [0, 5, 9, 16, 17])
def test_corrupting_one_character_makes_a_real_code_invalid(code, position):
    replacement = "1" if code[position] != "1" else "2"
    corrupted = code[:position] + replacement + code[position + 1:]
    assert credit_code_problem(corrupted) == "统一社会信用代码校验位不正确"


def test_swapping_two_different_characters_is_detected():
    code = REAL_CODES[1]
    swapped = code[0] + code[2] + code[1] + code[3:]
    assert swapped != code
    assert credit_code_problem(swapped) is not None


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_excluded_by_the_standard_are_refused(letter):
    code = REAL_CODES[0][:10] + letter + REAL_CODES[0][11:]
    assert credit_code_problem(code) == "统一社会信用代码含有不允许的字符"


def test_lowercase_letters_are_refused():
    assert credit_code_problem("9144030071526726xg") == "统一社会信用代码含有不允许的字符"


@pytest.mark.parametrize("code", ["", "9144030071526726X", "9144030071526726XGX", "91440300"])
def test_wrong_length_is_refused(code):
    assert credit_code_problem(code) == "统一社会信用代码应为18位"


def test_generated_credit_codes_are_valid_and_distinct(session):
    codes = {new_credit_code(session) for _ in range(200)}
    assert len(codes) == 200
    assert all(credit_code_problem(code) is None for code in codes)


def test_generated_credit_codes_are_for_enterprises_registered_in_guangzhou(session):
    code = new_credit_code(session)
    # 9 = registered by the market regulator, 1 = enterprise, 440100 = 广州市
    assert code[:8] == "91440100"

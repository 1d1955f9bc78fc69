"""身份证号 (GB 11643-1999), masking of personal data and the keyed hash of ID numbers."""
from datetime import date

import pytest

from backend.services.identifiers import (
    id_number_check_char, id_number_digest, id_number_problem, mask_id_number, mask_name, mask_phone,
    name_problem, normalise_id_number, phone_problem,
)

STANDARD_EXAMPLE = "11010519491231002X"  # the example printed in GB 11643-1999
TODAY = date(2026, 11, 20)


def test_example_of_the_standard_is_valid():
    assert id_number_problem(STANDARD_EXAMPLE, today=TODAY) is None


def test_check_digit_of_the_standards_second_example_is_4():
    assert id_number_check_char("44052418800101001") == "4"


def test_check_character_x_stands_for_ten():
    assert id_number_check_char(STANDARD_EXAMPLE[:17]) == "X"


@pytest.mark.parametrize("position", [0, 3, 5, 14, 15, 16])  # outside the birth date
def test_changing_one_digit_breaks_the_check_digit(position):
    digit = "3" if STANDARD_EXAMPLE[position] != "3" else "4"
    number = STANDARD_EXAMPLE[:position] + digit + STANDARD_EXAMPLE[position + 1:]
    assert id_number_problem(number, today=TODAY) == "身份证号校验位不正确"


def test_wrong_check_character_is_refused():
    assert id_number_problem(STANDARD_EXAMPLE[:17] + "0", today=TODAY) == "身份证号校验位不正确"


def _with_birth_date(yyyymmdd):
    first17 = "440106" + yyyymmdd + "123"
    return first17 + id_number_check_char(first17)


@pytest.mark.parametrize("birth", ["19990230", "20230229", "19991301", "19990000", "19990132"])
def test_impossible_birth_dates_are_refused(birth):
    assert id_number_problem(_with_birth_date(birth), today=TODAY) == "身份证号中的出生日期不正确"


def test_leap_day_of_a_leap_year_is_a_real_birth_date():
    assert id_number_problem(_with_birth_date("20000229"), today=TODAY) is None


def test_birth_date_after_today_is_refused():
    assert id_number_problem(_with_birth_date("20261121"), today=TODAY) == "身份证号中的出生日期不正确"


def test_birth_date_of_today_is_accepted():
    assert id_number_problem(_with_birth_date("20261120"), today=TODAY) is None


def test_birth_date_in_the_future_is_refused_without_a_given_today():
    assert id_number_problem(_with_birth_date(f"{date.today().year + 1}0101")) == "身份证号中的出生日期不正确"


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", "1101051949123100XX",
                                    "11010519491231002Y", "", "A1010519491231002X"])
def test_malformed_numbers_are_refused(number):
    assert id_number_problem(number, today=TODAY) == "身份证号应为18位，最后一位可以是数字或X"


def test_lowercase_x_is_normalised_to_uppercase():
    number = normalise_id_number(" 11010519491231002x ")
    assert number == STANDARD_EXAMPLE
    assert id_number_problem(number, today=TODAY) is None


def test_id_number_is_masked_but_for_first_and_last_four():
    assert mask_id_number("440106198803011234") == "4401**********1234"


@pytest.mark.parametrize("name, masked", [("张三", "张*"), ("欧阳娜娜", "欧***")])
def test_name_keeps_only_its_first_character(name, masked):
    assert mask_name(name) == masked


def test_phone_keeps_first_three_and_last_four_digits():
    assert mask_phone("13800000000") == "138****0000"


def test_same_number_gives_same_digest_under_one_key():
    assert id_number_digest(STANDARD_EXAMPLE, b"key-one") == id_number_digest(STANDARD_EXAMPLE, b"key-one")


def test_lowercase_x_gives_the_digest_of_the_uppercase_number():
    assert id_number_digest("11010519491231002x", b"key-one") == id_number_digest(STANDARD_EXAMPLE, b"key-one")


def test_same_number_gives_another_digest_under_another_key():
    assert id_number_digest(STANDARD_EXAMPLE, b"key-one") != id_number_digest(STANDARD_EXAMPLE, b"key-two")


def test_different_numbers_give_different_digests():
    other = _with_birth_date("19900101")
    assert id_number_digest(STANDARD_EXAMPLE, b"key-one") != id_number_digest(other, b"key-one")


def test_digest_does_not_contain_the_number():
    digest = id_number_digest(STANDARD_EXAMPLE, b"key-one")
    assert STANDARD_EXAMPLE not in digest
    assert STANDARD_EXAMPLE[:17] not in digest


@pytest.mark.parametrize("phone", ["13800000000", "19912345678"])
def test_mainland_mobile_numbers_are_accepted(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["12800000000", "1380000000", "138000000001", "+8613800000000", "1380000000a"])
def test_other_phone_numbers_are_refused(phone):
    assert phone_problem(phone) == "请输入正确的11位手机号"


@pytest.mark.parametrize("name", ["张", "Zhang San", "张3", "张" * 21])
def test_names_that_are_not_two_to_twenty_chinese_characters_are_refused(name):
    assert name_problem(name) is not None


@pytest.mark.parametrize("name", ["张三", "阿卜杜·热合曼"])
def test_chinese_names_with_middle_dot_are_accepted(name):
    assert name_problem(name) is None

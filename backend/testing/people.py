"""The people a test needs: who they are (phone, 姓名, 身份证号) and a supply of new ones that clash with nobody."""
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..services.identifiers import id_number_check_char

SURNAMES = "张王李刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "海燕")
DEFAULT_LICENCE_PASSWORD = "246810"  # six digits, set when the driver downloads a licence for someone


@dataclass
class Person:
    """Someone who uses the apps. ``licence_passwords`` maps a 统一社会信用代码 to the password of that licence."""

    phone: str
    name: str = None
    id_number: str = None
    licence_passwords: dict = field(default_factory=dict)

    def licence_password(self, credit_code):
        return self.licence_passwords.get(credit_code)


def person_of(who):
    """A Person from a phone number, a Person, a demo case or a mapping with phone / name / id_number."""
    if isinstance(who, Person):
        return who
    if isinstance(who, str):
        return Person(phone=who)
    get = who.get if isinstance(who, dict) else lambda key: getattr(who, key, None)
    person = Person(phone=get("phone"), name=get("name"), id_number=get("id_number"))
    enterprise, password = get("enterprise"), get("licence_password")
    if enterprise and password:
        code = enterprise["credit_code"] if isinstance(enterprise, dict) else enterprise.credit_code
        person.licence_passwords[code] = password
    return person


def serial_id_number(serial):
    """A valid 身份证号 whose sequence digits come from serial (tests.factories.id_number: 1 → 张三's)."""
    first17 = f"440106198803{(serial % 28) + 1:02d}{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


def id_number(born, sequence, region="440106"):
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_number_check_char(first17)


class People:
    """New people, one per call. In process they are numbered (the database is fresh for each test); against a
    live server they are random, so that runs on one server do not meet each other's people."""

    def __init__(self, live=False, seed=None):
        self.live = live
        self._random = random.Random(seed)
        self._serial = 0

    def new(self, name=None):
        self._serial += 1
        if self.live:
            phone = "139" + "".join(self._random.choice("0123456789") for _ in range(8))
            born = date(1960, 1, 1) + timedelta(days=self._random.randrange(40 * 365))
            sequence = self._random.randrange(1000)
        else:
            phone = f"1370000{self._serial:04d}"
            born, sequence = date(1985, 1, 1) + timedelta(days=self._serial), self._serial
        name = name or (SURNAMES[self._serial % len(SURNAMES)] + GIVEN[(self._serial // len(SURNAMES)) % len(GIVEN)])
        return Person(phone=phone, name=name, id_number=id_number(born, sequence))

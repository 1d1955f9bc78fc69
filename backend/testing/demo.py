"""The seven demo cases (backend/demo.py, `flask --app backend seed-demo --json`) as objects."""
from dataclasses import dataclass, field

from .. import catalog
from ..demo import CASES


@dataclass(frozen=True)
class DemoEnterprise:
    name: str
    credit_code: str
    type: str  # its Chinese label, as seed-demo prints it (有限责任公司, 合伙企业, 分公司, …)


@dataclass(frozen=True)
class DemoSeal:
    name: str
    status: str  # 待刻制 / 已刻制 / 已备案 …
    code: str = None


@dataclass(frozen=True)
class DemoCase:
    """One demo account. ``enterprise`` is None for the user who is no principal."""

    case: str
    phone: str
    name: str
    id_number: str
    verified: bool
    enterprise: DemoEnterprise = None
    role: str = None
    licence_password: str = None
    seals: tuple = field(default=())


class DemoCases:
    """The cases by name (``eseal_demo.licence_downloaded``) and in order (``for case in eseal_demo``)."""

    def __init__(self, cases):
        self._cases = list(cases)
        self._by_name = {case.case: case for case in self._cases}

    def __getattr__(self, name):
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            raise AttributeError(f"no demo case {name!r}; the cases are {', '.join(self.__dict__['_by_name'])}")

    def __getitem__(self, name):
        return self._by_name[name]

    def __iter__(self):
        return iter(self._cases)

    def __len__(self):
        return len(self._cases)

    def by_phone(self, phone):
        return next(case for case in self._cases if case.phone == phone)


def from_accounts(accounts):
    """The cases from seed-demo's account list (what demo.seed returns and `seed-demo --json` prints)."""
    return DemoCases(_case(account) for account in accounts)


def _case(account):
    enterprise = account["enterprise"]
    return DemoCase(case=account["case"], phone=account["phone"], name=account["name"],
                    id_number=account["id_number"], verified=account["verified"],
                    enterprise=DemoEnterprise(**enterprise) if enterprise else None, role=account["role"],
                    licence_password=account["licence_password"],
                    seals=tuple(DemoSeal(s["name"], s["status"], s.get("code")) for s in account["seals"]))


def from_definitions():
    """The cases as backend/demo.py defines them, for a live server seeded with them (no 印章编码: those are
    given at filing, on the server)."""
    accounts = []
    for case, phone, name, number, verified, spec in CASES:
        entry = {"case": case, "phone": phone, "name": name, "id_number": number, "verified": verified,
                 "enterprise": None, "role": None, "licence_password": None, "seals": []}
        if spec:
            entry["enterprise"] = {"name": spec["name"], "credit_code": spec["credit"],
                                   "type": catalog.ENTERPRISE_TYPES[spec["type"]]}
            entry["role"] = catalog.principal_role(spec["type"])
            entry["licence_password"] = spec.get("licence_password")
            entry["seals"] = [{"name": catalog.seal_label(kind, spec["type"]), "status": _status(spec, index)}
                              for index, kind in enumerate(spec["seals"])]
        accounts.append(entry)
    return from_accounts(accounts)


def _status(spec, index):
    if spec["file"] == "all":
        return catalog.SEAL_STATUSES["filed"]
    return catalog.SEAL_STATUSES["carved" if index == 0 else "pending"]

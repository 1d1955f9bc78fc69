"""App B's tables: their own prefix, one licence per holder and enterprise."""
from sqlalchemy import inspect

from backend.elicense.models import ElicenseHolder, LicenceHolding

TABLES = (ElicenseHolder.__table__, LicenceHolding.__table__)


def test_holding_is_unique_per_holder_and_credit_code(session):
    constraints = inspect(session.get_bind()).get_unique_constraints("elicense_holdings")
    assert {"holder_id", "credit_code"} in [set(c["column_names"]) for c in constraints]


def test_tables_are_prefixed():
    assert all(table.name.startswith("elicense_") for table in TABLES)

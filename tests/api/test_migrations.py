"""The Alembic migrations build exactly the schema the models describe."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from backend import create_app
from backend.config import ROOT, TestConfig
from backend.extensions import db

MIGRATIONS = str(ROOT / "migrations")


def schema_differences():
    """What `flask db migrate` would generate now: nothing, if migrations and models agree."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


@pytest.fixture
def file_app(tmp_path):
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.db'}"})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_migrations_on_a_fresh_sqlite_file_match_the_models(file_app):
    upgrade(directory=MIGRATIONS)
    assert set(inspect(db.engine).get_table_names()) == {t.name for t in db.metadata.sorted_tables} | {
        "alembic_version"}
    assert schema_differences() == []


def test_sqlite_migrations_can_be_undone(file_app):
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision="base")
    assert inspect(db.engine).get_table_names() == ["alembic_version"]


def test_comparison_sees_a_missing_table(file_app):
    """Guards the check above: a schema that lacks a table is reported."""
    upgrade(directory=MIGRATIONS)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE sms_throttles"))
    assert [d[0] for d in schema_differences()] == ["add_table"]


@pytest.mark.skipif(not os.environ.get("ESEAL_TEST_DATABASE_URL"), reason="ESEAL_TEST_DATABASE_URL is not set")
def test_migrations_on_postgresql_match_the_models(app):
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        try:
            upgrade(directory=MIGRATIONS)
            assert schema_differences() == []
        finally:
            db.session.remove()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))

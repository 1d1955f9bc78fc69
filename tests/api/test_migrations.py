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
        connection.execute(text("DROP TABLE throttles"))
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


def test_shared_throttles_migration_keeps_running_licence_locks(file_app):
    """5e1a9c3d7b20 moves the licence lock counters into `throttles` and back, losing none."""
    upgrade(directory=MIGRATIONS, revision="23e4d2b42867")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO elicense_holders (id, real_name, id_digest, created_at) "
                                "VALUES (1, '张三', 'd', '2026-11-20 08:00:00.000000')"))
        for holding, failed, locked in ((1, 3, None), (2, 0, "2026-11-20 08:30:00.000000"), (3, 0, None)):
            connection.execute(text(
                "INSERT INTO elicense_holdings (id, holder_id, credit_code, enterprise_name, password_hash, "
                "downloaded_at, sync_until, failed_attempts, locked_until) VALUES (:id, 1, :code, '企业', 'h', "
                "'2026-11-20 08:00:00.000000', '2026-11-20 08:00:00.000000', :failed, :locked)"),
                {"id": holding, "code": f"91440101MA5CYK{holding:03d}X", "failed": failed, "locked": locked})
    upgrade(directory=MIGRATIONS, revision="5e1a9c3d7b20")
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT key, count, locked_until FROM throttles ORDER BY key")).all()
    assert [(key, count, locked is not None) for key, count, locked in rows] == [
        ("licence:1", 3, False), ("licence:2", 0, True)]
    downgrade(directory=MIGRATIONS, revision="23e4d2b42867")
    with db.engine.connect() as connection:
        back = connection.execute(text("SELECT id, failed_attempts, locked_until IS NOT NULL FROM elicense_holdings "
                                       "ORDER BY id")).all()
    assert [tuple(row) for row in back] == [(1, 3, 0), (2, 0, 1), (3, 0, 0)]

"""The database connections' settings: a SQLite file is written through a write-ahead log, synced in full."""
from sqlalchemy import text

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db


def test_a_sqlite_file_is_in_wal_mode_with_full_sync(tmp_path):
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'eseal.db'}"})
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
                connection.execute(text("CREATE TABLE notes (body TEXT)"))
                connection.commit()
            assert (tmp_path / "eseal.db-wal").exists()  # the commit went to the log
        finally:
            db.engine.dispose()

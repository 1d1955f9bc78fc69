"""The database engine's per-connection settings, applied once when create_app binds the engines."""
from sqlalchemy import event


def _sqlite_wal(dbapi_connection, _record):
    # WAL: readers do not wait for a writer, and a commit is one fsync of the log instead of the rollback
    # journal's several (synchronous stays FULL, so a commit that has answered survives a power cut);
    # an in-memory database answers "memory" and is left as it is
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def register_database(app, db):
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_wal)

"""The app in process for a test: test settings (TestConfig), a fresh database, torn down after."""
from contextlib import contextmanager

IN_PROCESS_ORIGIN = "http://localhost"  # where the Flask test client reaches the app


def test_settings():
    """TestConfig as a mapping: SQLite in memory unless ESEAL_TEST_DATABASE_URL, demo mode, an operator token,
    no data-sync wait (ESEAL_ELICENSE_SYNC_SECONDS=0)."""
    from ..config import TestConfig
    return {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}


@contextmanager
def fresh_app(settings=None, clock=None):
    """create_app over test_settings() and ``settings``, its tables created empty, dropped on leaving.

    ESEAL_PUBLIC_URL is the test client's origin, so that the licence app's registered callback is the
    address the test client follows. No app context stays pushed: each request gets its own flask.g and
    database session, as in production.
    """
    from .. import create_app
    from ..extensions import db
    config = {**test_settings(), "ESEAL_PUBLIC_URL": IN_PROCESS_ORIGIN}
    if clock is not None:
        config["ESEAL_CLOCK"] = clock
    app = create_app({**config, **(settings or {})})
    with app.app_context():
        db.drop_all()
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def seed_demo(app, now, with_pki=True):
    """`flask --app backend seed-demo`: the seven cases; answers their accounts (seed-demo --json's list).

    with_pki: filed seals get their keys, certificates and seal objects, as the command makes them."""
    from .. import demo
    from ..context import id_key
    from ..extensions import db
    from ..pki_wiring import current_pki
    with app.app_context():
        return demo.seed(db.session, now, id_key(), app.config["ESEAL_CLIENT_ID"],
                         pki=current_pki() if with_pki else None)

"""A live server with the demo data, for the browser tests and the guide's screenshot script."""
import logging
import threading
from datetime import UTC, datetime

import requests
from werkzeug.serving import make_server

from backend import create_app
from backend.api.common import id_key
from backend.config import TestConfig
from backend.extensions import db
from backend.jump import set_public_url
from backend import demo


def live_app(db_path, sync_seconds=2):
    """TestConfig on a file SQLite database; sync long enough to meet 数据同步中 once, short enough to wait out."""
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    config["ESEAL_ELICENSE_SYNC_SECONDS"] = sync_seconds
    return create_app(config)


def serve(app):
    """Serve on a free loopback port in a daemon thread; returns (server, base URL)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log in test output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    set_public_url(app, url)  # the callback the licence app has registered
    return server, url


def fresh_demo_data(app):
    """An empty database with the demo data; the accounts by case."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        listed = demo.seed(db.session, datetime.now(UTC), id_key(), app.config["ESEAL_CLIENT_ID"])
        db.session.remove()
    return {a["case"]: a for a in listed}


def outbox_code(base):
    """sms_code(phone): the newest login code in the demo outbox of the server at base."""
    def read(phone):
        items = requests.get(f"{base}/api/dev/sms-outbox", params={"phone": phone}, timeout=5).json()["items"]
        return next(m["code"] for m in items if m["code"])
    return read


def issue_seal_objects(app):
    """Every filed demo seal's key, certificate and seal object, as `flask seed-demo` makes them (用印 signs with them)."""
    from backend.services import sealing

    with app.app_context():
        sealing.issue_missing(db.session, app.extensions["eseal_pki"], datetime.now(UTC))
        db.session.remove()

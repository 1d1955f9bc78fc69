"""PostgreSQL unreachable for a while: 503 with a Chinese message, then recovery without a restart.

The app reaches PostgreSQL through a small TCP relay that the test cuts and restores, so the real
server keeps running for everything else on the machine.
"""
import os
import socket
import threading

import psycopg
import pytest
from psycopg import sql

from backend import create_app
from backend.config import TestConfig
from backend.extensions import db

from .test_workers_postgres import ADMIN, postgres_up

pytestmark = pytest.mark.skipif(not postgres_up(), reason="PostgreSQL at 127.0.0.1:5432 does not answer")


class Relay:
    """Forwards 127.0.0.1:<port> to PostgreSQL; cut() drops every connection and refuses new ones."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open, self.sockets = threading.Event(), []
        self.open.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", 5432))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def cut(self):
        self.open.clear()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.sockets = []

    def restore(self):
        self.open.set()

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def app_via_relay():
    name, relay = f"eseal_outage_{os.getpid()}", Relay()
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"postgresql+psycopg://postgres@127.0.0.1:{relay.port}/{name}"
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 2}}
    app = create_app(config)
    with app.app_context():
        db.create_all()
    yield app, relay
    with app.app_context():
        db.engine.dispose()
    relay.close()
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_outage_answers_503_in_chinese_then_recovers_without_restart(app_via_relay):
    app, relay = app_via_relay
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    assert client.post("/api/auth/sms-codes", json={"phone": "13900000001"}).status_code == 201

    relay.cut()
    down = client.post("/api/auth/sms-codes", json={"phone": "13900000002"})
    assert down.status_code == 503
    assert down.get_json()["message"] == "服务暂时不可用，请稍后再试" and down.headers["Retry-After"]
    assert client.get("/readyz").status_code == 503

    relay.restore()
    assert client.get("/readyz").status_code == 200
    assert client.post("/api/auth/sms-codes", json={"phone": "13900000003"}).status_code == 201

"""The statements each request runs, in-process (an engine listener), their CPU cost and EXPLAIN plans.
Used by scale.py.
"""
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wallet_views import ROOT, USER_AGENT  # noqa: E402

sys.path.insert(0, str(ROOT))  # the app itself, for the in-process statement recorder

class Recorder:
    """The app in this process (same database and keys), a test client carrying the demo user's cookie,
    and an engine listener that records every statement with its parameters."""

    def __init__(self, url, work, cookie):
        from sqlalchemy import event

        from backend import create_app
        from backend.extensions import db
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "ESEAL_DEMO": True,
                               "ESEAL_ID_HASH_KEY": "bench-register-key", "ESEAL_KEY_DIR": str(work / "keys"),
                               "ESEAL_ACCESS_LOG": False})
        self.client, self.statements = self.app.test_client(), None
        self.client.environ_base["HTTP_USER_AGENT"] = USER_AGENT  # the login session is bound to the browser
        for pair in cookie.split("; "):
            key, _, value = pair.partition("=")
            self.client.set_cookie(key, value)
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if self.statements is not None:
            self.statements.append((statement, parameters))

    def statements_of(self, path):
        """The statements one request runs (after an unrecorded first one), and how many items it lists."""
        self.client.get(path)
        self.statements = []
        response = self.client.get(path)
        recorded, self.statements = self.statements, None
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
        items = response.get_json().get("items")
        return recorded, "-" if items is None else len(items)

    def cost(self, path, batches=5, size=40):
        """One request at a time in this process: CPU ms and wall ms per request, each the best batch's.
        CPU time is this process's own (Flask, SQLAlchemy, marshmallow, psycopg); wall adds the database."""
        for _ in range(10):
            self.client.get(path)
        cpu, wall = [], []
        for _ in range(batches):
            started_cpu, started = time.process_time(), time.perf_counter()
            for _ in range(size):
                self.client.get(path)
            cpu.append((time.process_time() - started_cpu) * 1000 / size)
            wall.append((time.perf_counter() - started) * 1000 / size)
        return min(cpu), min(wall)

    def explain(self, statement, parameters):
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            raw.rollback()
            return plan
        finally:
            raw.close()

    def close(self):
        self.engine.dispose()


def costs_of(recorder, paths, passes=3):
    """(CPU ms, wall ms) per request and endpoint, each the lowest of `passes` passes over all the endpoints:
    a burst of outside load spoils one pass, not the figure."""
    best_of = {}
    for _ in range(passes):
        for name, path in paths.items():
            figures = recorder.cost(path)
            best_of[name] = tuple(map(min, zip(best_of.get(name, figures), figures)))
    return best_of


def explained(recorder, statements):
    """{endpoint: [(statement, parameters, plan lines)]}: EXPLAIN (ANALYZE, BUFFERS) of every SELECT it runs."""
    return {name: [(statement, parameters, recorder.explain(statement, parameters))
                   for statement, parameters in recorded if one_line(statement).upper().startswith("SELECT")]
            for name, (recorded, _) in statements.items()}


def buffers(plans):
    """Shared buffers a request's statements touch (hit + read, execution only): the database's work, counted
    rather than timed, so the machine's load does not move it."""
    total = 0
    for _, _, lines in plans:
        for line in lines:
            if line.startswith("Planning"):
                break
            found = re.search(r"Buffers: shared((?: \w+=\d+)+)", line)
            if found:  # the top node's line comes first and includes its children's
                total += sum(int(v) for k, v in re.findall(r"(\w+)=(\d+)", found.group(1)) if k in ("hit", "read"))
                break
    return total


def one_line(sql):
    return re.sub(r"\s+", " ", sql).strip()



"""The baseline for scripts/bench/wallet_views.py: bare Flask + Flask-SQLAlchemy, one primary-key lookup.

    BENCH_DATABASE_URL=sqlite:///... gunicorn -c gunicorn.conf.py --pythonpath scripts/bench bare_app:app

GET /seals/<id> reads one row of the e-seal app's own `seals` table (same database, same URL) and
returns a few columns as JSON. No sessions, no login, no schema layer: the floor under any view that
touches the database once per request.
"""
import os

from flask import Flask, abort
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Seal(db.Model):
    __tablename__ = "seals"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int]
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(13))


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BENCH_DATABASE_URL"]
    db.init_app(app)

    @app.get("/seals/<int:seal_id>")
    def seal(seal_id):
        row = db.session.get(Seal, seal_id)
        if row is None:
            abort(404)
        return {"id": row.id, "enterprise_id": row.enterprise_id, "type": row.type, "status": row.status,
                "code": row.code}

    return app


app = create_app()

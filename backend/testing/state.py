"""What the database holds, read in process: the "nothing changed" half of a refusal test, and a few rows.

These read the app's tables directly and so work only with eseal_app (never against a live server).
"""
from contextlib import contextmanager

from sqlalchemy import func, select


def _session(app):
    from ..extensions import db
    return db.session


def row_counts(app):
    """Rows per table: what a refused request must leave as it was."""
    from ..extensions import db
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def snapshot(app):
    """What a refused jump must leave unchanged: receipts, spent tokens, 下载 events, download statuses."""
    from ..models import DownloadSession, Receipt, SealEvent, SpentToken
    with app.app_context():
        s = _session(app)
        count = lambda model, *where: s.scalar(select(func.count()).select_from(model).where(*where))
        return {"receipts": count(Receipt), "spent_tokens": count(SpentToken),
                "download_events": count(SealEvent, SealEvent.kind == "download"),
                "downloads": sorted(s.execute(select(DownloadSession.id, DownloadSession.status)).all())}


def wallet_state(app):
    """Everything a refused wallet request must leave unchanged: receipts (held or deleted), events, downloads."""
    from ..models import DownloadSession, Receipt, SealEvent, SpentToken
    with app.app_context():
        s = _session(app)
        return {"receipts": sorted(s.execute(select(Receipt.id, Receipt.user_id, Receipt.seal_id,
                                                    Receipt.deleted_at)).all()),
                "events": sorted(s.execute(select(SealEvent.id, SealEvent.kind)).all()),
                "spent_tokens": len(s.scalars(select(SpentToken.jti)).all()),
                "downloads": sorted(s.execute(select(DownloadSession.id, DownloadSession.status)).all())}


@contextmanager
def unchanged(app, state=row_counts):
    """The block must leave ``state(app)`` (by default every table's row count) as it found it."""
    before = state(app)
    yield before
    after = state(app)
    assert after == before, f"changed: {difference(before, after)}"


def difference(before, after):
    """{key: (before, after)} of what differs."""
    if isinstance(before, dict) and isinstance(after, dict):
        return {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys()
                if before.get(key) != after.get(key)}
    return (before, after)


def enterprise_by_phone(app, phone):
    """(id, credit_code) of the enterprise whose principal has this phone."""
    from ..models import Enterprise
    with app.app_context():
        ent = _session(app).scalar(select(Enterprise).where(Enterprise.principal_phone == phone))
        return ent.id, ent.credit_code


def user_id_by_phone(app, phone):
    from ..models import User
    with app.app_context():
        return _session(app).scalar(select(User.id).where(User.phone == phone))


def filed_seal_count(app, enterprise_id):
    from ..models import Seal
    with app.app_context():
        return _session(app).scalar(select(func.count()).select_from(Seal)
                                    .where(Seal.enterprise_id == enterprise_id, Seal.status == "filed"))


def download_row(app, download_id):
    """The download session as stored: state, nonce, user, enterprise (id and credit code)."""
    from ..models import DownloadSession, Enterprise
    with app.app_context():
        s = _session(app)
        d = s.get(DownloadSession, download_id)
        ent = s.get(Enterprise, d.enterprise_id)
        return {"id": d.id, "state": d.state, "nonce": d.nonce, "user_id": d.user_id, "status": d.status,
                "enterprise_id": d.enterprise_id, "credit_code": ent.credit_code}


def seal_row(app, seal_id):
    from ..models import Seal
    with app.app_context():
        seal = _session(app).get(Seal, seal_id)
        return {"code": seal.code, "filed_at": seal.filed_at, "type": seal.type, "status": seal.status}

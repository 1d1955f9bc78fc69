"""What the 用印 API tests share: a principal holding seals, a document, snapshots and crafted licence results."""
import os

import pytest
from sqlalchemy import select

from backend.testing.documents import pdf_document
from backend.testing.state import row_counts

DOCUMENT = pdf_document(3)


@pytest.fixture
def principal(eseal):
    """A principal holding the 公章 and 合同专用章 of a new enterprise (下载印章 done)."""
    eseal.sign_up()
    eseal.opened = eseal.open_enterprise(seals=("official", "contract"))
    eseal.download_seals(eseal.opened)
    eseal.seals = {s["name"]: s for s in eseal.usable_seals()}
    return eseal


def stamp_state(app):
    """Rows per table, each stamp request's status and binding, and the files kept: what a refusal leaves."""
    from backend.extensions import db
    from backend.models import StampRequest
    with app.app_context():
        requests = {r.id: (r.status, r.binding, r.signed_sha256) for r in db.session.scalars(select(StampRequest))}
    directory = app.config["ESEAL_STAMP_DIR"]
    files = sorted(os.path.relpath(os.path.join(d, f), directory) for d, _, fs in os.walk(directory) for f in fs)
    return row_counts(app), requests, files


def licence_result(app, clock, request_id, **changes):
    """A 用印 result as the licence app would sign it for this request; ``changes`` override any argument."""
    from backend.extensions import db
    from backend.models import Enterprise, StampRequest
    from backend.services import jump_tokens
    with app.app_context():
        request = db.session.get(StampRequest, request_id)
        args = {"issuer": "elicense", "audience": app.config["ESEAL_CLIENT_ID"],
                "subject": app.extensions["eseal_jump"].subject(request.user_id),
                "credit_code": db.session.get(Enterprise, request.enterprise_id).credit_code, "outcome": "verified",
                "nonce": request.nonce, "state": request.state, "now": clock.now, "ttl_seconds": 300,
                "purpose": "stamp", "binding": request.binding}
    args.update(changes)
    return jump_tokens.issue_result(app.extensions["elicense"].key_ring, **args)


def placed(seal, page=1, x_mm=30, y_mm=30):
    return {"seal_id": seal["seal_id"], "page": page, "x_mm": x_mm, "y_mm": y_mm}

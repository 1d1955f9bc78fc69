"""The fast path of 查看详情, 查看已下载印章 and 证照卡包: one statement (services/hot_reads.py), dicts built here.

Each function answers the response the marshmallow schema would have given (same keys, same values, same bytes:
tests/api/test_hot_reads.py compares them on the demo data), or None when the ORM path must answer (an error,
or a case the statement leaves to it). ESEAL_HOT_READS = False turns the fast path off (the tests compare both).
"""
from functools import lru_cache

from flask import current_app, request, url_for
from flask import session as cookie

from .. import catalog
from ..extensions import db
from ..imaging import SealSpec
from ..services import grants, hot_reads, seal_certs
from ..services.identifiers import mask_name
from . import common
from .fast_json import json_response
from .seal_images import signed_image_url

KEPT_SEALS = 5_000  # answers kept per process (about 5 MB at most)


def _login_session_id():
    """The login session the cookie names, after Flask-Login's session protection, as current_user would read it."""
    if not current_app.config.get("ESEAL_HOT_READS", True):
        return None
    manager = current_app.login_manager
    if manager._session_protection_failed():
        return None
    return cookie.get("_user_id")


def _one_statement():
    """A connection for the one statement a hot read is. On PostgreSQL in autocommit, the statement its own
    snapshot: no BEGIN and ROLLBACK go to the server around it (two round trips of three). SQLite sends no BEGIN
    before a SELECT, and setting the level back costs a PRAGMA there: left as it is."""
    connection = db.engine.connect()
    if connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level="AUTOCOMMIT")
    return connection


def _iso(value):
    return None if value is None else value.isoformat()


def _seal(row, enterprise, session_id, kept):
    """SealOut of a seal row (s_* columns), its enterprise's columns in ``enterprise``; ``kept``: the answers
    already made in this process, by login session and everything the answer is made of."""
    key = (session_id, row.s_id, row.s_type, row.s_status, row.s_code, row.filed_at, row.s_engraved,
           enterprise.e_type, enterprise.e_name, enterprise.credit_code, enterprise.principal_name)
    answer = kept.get(key)
    if answer is None:
        name = catalog.seal_label(row.s_type, enterprise.e_type)
        spec = SealSpec(type=row.s_type, enterprise_name=row.s_engraved or enterprise.e_name, seal_name=name,
                        code=row.s_code, credit_code=enterprise.credit_code, person_name=enterprise.principal_name)
        answer = {"id": row.s_id, "type": row.s_type, "name": name, "status": row.s_status,
                  "status_label": catalog.SEAL_STATUSES[row.s_status], "code": row.s_code,
                  "filed_at": _iso(row.filed_at), "image_url": signed_image_url(session_id, row.s_id, "full", spec),
                  "thumb_url": signed_image_url(session_id, row.s_id, "thumb", spec)}
        if len(kept) >= KEPT_SEALS:
            kept.clear()
        kept[key] = answer  # never changed once made: every response that shows it only reads it
    return answer


def _kept_seals():
    """This app's made SealOut answers, per script root (the picture URLs start with it)."""
    return current_app.extensions.setdefault("eseal_hot_seals", {}).setdefault(request.script_root, {})


def _enterprise(row, session_id):
    """EnterpriseOut of the e_* columns, with the thumb of its 公章 in use (o_* columns) when there is one."""
    thumb = None
    if row.o_id is not None:
        spec = SealSpec(type="official", enterprise_name=row.o_engraved or row.e_name,
                        seal_name=catalog.seal_label("official", row.e_type), code=row.o_code,
                        credit_code=row.credit_code, person_name=row.principal_name)
        thumb = signed_image_url(session_id, row.o_id, "thumb", spec)
    return {"id": row.e_id, "name": row.e_name, "credit_code": row.credit_code, "type": row.e_type,
            "type_label": catalog.ENTERPRISE_TYPES[row.e_type], "principal_role": catalog.principal_role(row.e_type),
            "principal_name_masked": mask_name(row.principal_name), "address": row.address,
            "established_on": _iso(row.established_on), "official_seal_thumb_url": thumb}


@lru_cache(maxsize=4096)
def _issuer(serial, der):
    """颁发者 of a certificate (a DER parse): once per certificate in a process."""
    return seal_certs.issuer_text(_Certificate(serial, der))


class _Certificate:
    def __init__(self, serial, der):
        self.serial, self.der = serial, der


def _certificate(row):
    if row.serial is None:
        return None
    return {"serial": seal_certs.serial_text(row), "issuer": _issuer(row.serial, bytes(row.der)),
            "not_before": _iso(row.not_before), "not_after": _iso(row.not_after), "status": row.c_status,
            "status_label": seal_certs.STATUS_LABELS[row.c_status]}


def _grant_term(row, today):
    state = grants.state_of(row, today)
    return {"id": row.id, "starts_on": _iso(row.starts_on), "ends_on": _iso(row.ends_on), "state": state,
            "state_label": grants.STATES[state]}


def receipt_detail(receipt_id):
    """查看详情 (ReceiptDetailOut), or None."""
    session_id = _login_session_id()
    if session_id is None:
        return None
    with _one_statement() as connection:
        row = hot_reads.receipt_detail(connection, session_id, receipt_id, common.now())
    if row is None:
        return None
    certificate = _certificate(row)
    file_url = (url_for("seal_files.seal_file", receipt_id=row.r_id)
                if row.s_status == "filed" and certificate is not None else None)
    return json_response({
        "receipt_id": row.r_id, "received_at": _iso(row.received_at), "seal": _seal(row, row, session_id, _kept_seals()),
        "enterprise": _enterprise(row, session_id), "type_label": catalog.SEAL_KINDS[row.s_type],
        "certificate": certificate, "seal_file_url": file_url})


def held_seals(enterprise_id):
    """查看已下载印章 (WalletListOut), or None."""
    session_id = _login_session_id()
    if session_id is None:
        return None
    now = common.now()
    with _one_statement() as connection:
        found = hot_reads.held_seals(connection, session_id, enterprise_id, now)
    if found is None:
        return None
    _access, head, held, granted = found
    today, kept = grants.today_of(now), _kept_seals()
    return json_response({"items": [
        {"access": "principal", "access_label": "已下载", "receipt_id": r.r_id, "received_at": _iso(r.received_at),
         "seal": _seal(r, head, session_id, kept), "grant": None} for r in held
    ] + [
        {"access": "grant", "access_label": grants.ACCESS_LABEL, "receipt_id": None, "received_at": None,
         "seal": _seal(g, head, session_id, kept), "grant": _grant_term(g, today)} for g in granted
    ]})


def _gifts(gift_rows):
    order = list(catalog.GIFTS)
    return [{"kind": g.gift, "title": catalog.GIFTS[g.gift], "issued_at": _iso(g.issued_at),
             "count": g.seal_count if g.gift == "eseal" else None}
            for g in sorted(gift_rows, key=lambda g: order.index(g.gift))]


def wallet():
    """证照卡包 (WalletOut), or None."""
    session_id = _login_session_id()
    if session_id is None:
        return None
    with _one_statement() as connection:
        found = hot_reads.wallet(connection, session_id, common.now())
    if found is None:
        return None
    _head, owned, granted = found
    items = [{"enterprise": _enterprise(e, session_id), "access": "principal",
              "role": catalog.principal_role(e.e_type), "gifts": _gifts(gift_rows)} for e, gift_rows in owned]
    items += [{"enterprise": _enterprise(e, session_id), "access": "grant", "role": grants.ACCESS_LABEL,
               "gifts": [{"kind": "eseal", "title": catalog.GIFTS["eseal"],
                          "issued_at": _iso(min(g.created_at for g in rows)),
                          "count": len({g.seal_id for g in rows})}]} for e, rows in granted]
    return json_response({"items": items})


"""用印记录: an append-only log per seal, each row holding the hash of the seal's previous row.

A row is never updated or deleted (the model refuses both); ``broken_link`` finds the first row whose hash no
longer matches what it says, or whose link does not name the row before it — an edit anywhere shows.
Two appends racing for the same place meet the unique (seal_id, seq): the caller retries its whole commit.
"""
import csv
import hashlib
import io
import json
from math import ceil

from sqlalchemy import func, select

from ..models import StampLog
from .identifiers import mask_name

GENESIS = "0" * 64
KIND_LABELS = {"seal": "盖章", "riding": "骑缝章"}
ACCESS_LABELS = {"principal": "本人", "grant": "授权使用"}
_HASHED = ("seal_id", "seq", "request_id", "operator_id", "operator_name", "access", "document_name",
           "sha256_before", "sha256_after", "kind", "page", "x_mm", "y_mm", "signed_at", "time_source", "prev_hash")


def row_hash(row):
    values = {name: getattr(row, name) for name in _HASHED}
    values["signed_at"] = values["signed_at"].isoformat()
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


def append(session, seal_id, **fields):
    """The seal's next row, linked to its last one (in the caller's transaction)."""
    last = session.execute(select(StampLog.seq, StampLog.row_hash).where(StampLog.seal_id == seal_id)
                           .order_by(StampLog.seq.desc()).limit(1)).first()
    row = StampLog(seal_id=seal_id, seq=(last.seq + 1) if last else 1, prev_hash=last.row_hash if last else GENESIS,
                   **fields)
    row.row_hash = row_hash(row)
    session.add(row)
    return row


def broken_link(session, seal_id):
    """The seq of the first row that does not hold (its own hash, or its link to the row before), or None."""
    previous = GENESIS
    rows = session.scalars(select(StampLog).where(StampLog.seal_id == seal_id).order_by(StampLog.seq)
                           .execution_options(populate_existing=True))  # what is stored, not what was loaded
    for row in rows:
        if row.prev_hash != previous or row.row_hash != row_hash(row):
            return row.seq
        previous = row.row_hash
    return None


def operator_text(row, viewer):
    """The operator's name: in full for themselves, masked for anyone else."""
    return row.operator_name if viewer is not None and row.operator_id == viewer.id else mask_name(row.operator_name)


def page_of(session, seal_id, page, per_page):
    """(rows of the page, newest first; total; pages)."""
    total = session.scalar(select(func.count()).select_from(StampLog).where(StampLog.seal_id == seal_id))
    rows = session.scalars(select(StampLog).where(StampLog.seal_id == seal_id).order_by(StampLog.seq.desc())
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return rows, total, max(1, ceil(total / per_page))


CSV_HEADER = ("序号", "用印时间", "时间来源", "操作人", "使用方式", "文件名称", "用印前SHA-256", "用印后SHA-256",
              "类型", "页码", "横向位置(mm)", "纵向位置(mm)", "用印请求", "本条哈希", "上一条哈希")


def csv_text(session, seal_id):
    """The whole log of a seal as CSV (for the principal: names in full), oldest first, with its hashes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in session.scalars(select(StampLog).where(StampLog.seal_id == seal_id).order_by(StampLog.seq)):
        writer.writerow((row.seq, row.signed_at.isoformat(), "时间戳服务" if row.time_source == "tsa" else row.time_source,
                         row.operator_name, ACCESS_LABELS[row.access], _cell(row.document_name), row.sha256_before,
                         row.sha256_after, KIND_LABELS[row.kind], row.page if row.page else "全部页",
                         "" if row.x_mm is None else row.x_mm, row.y_mm, row.request_id, row.row_hash, row.prev_hash))
    return "\ufeff" + out.getvalue()  # the BOM: spreadsheet programs then read the Chinese as UTF-8


def _cell(text):
    """A name that a spreadsheet would run as a formula is quoted as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

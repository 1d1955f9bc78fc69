"""What 用印 delivers: a PDF whose every signature a standard validator accepts — the seal at its true size on
its page, timestamped, chained to our root, the seal object inside — and a 用印记录 that matches it."""
import hashlib
import shutil
import subprocess

import pytest
from sqlalchemy import select
from stamping_support import DOCUMENT, principal  # noqa: F401

from backend.extensions import db
from backend.models import SealObject, StampLog
from backend.services import pdf_verify, stamp_log

pytestmark = pytest.mark.usefixtures("eseal_app")


@pytest.fixture
def stamped(principal):
    seals = principal.seals
    placements = [{"seal_id": seals["合同专用章"]["seal_id"], "page": 3, "x_mm": 120.5, "y_mm": 200.25},
                  {"seal_id": seals["公章"]["seal_id"], "page": 1, "x_mm": 30, "y_mm": 30}]
    riding = {"seal_id": seals["公章"]["seal_id"], "y_mm": 120}
    return principal, principal.stamp(DOCUMENT, placements=placements, riding=riding)


def root_der(app):
    from backend.pki_wiring import current_pki
    from cryptography.hazmat.primitives.serialization import Encoding
    with app.app_context():
        return current_pki().platform(None).root.certificate.public_bytes(Encoding.DER)


def test_every_signature_is_intact_trusted_timestamped_and_the_seal_true_size(stamped, eseal_app):
    principal, stamp = stamped
    found = pdf_verify.verify_document(stamp.document, trust_roots_der=[root_der(eseal_app)])
    assert len(found) == 3
    assert all(s["intact"] and s["valid"] and s["trusted"] and s["timestamp_ok"] and not s["revoked"] for s in found)
    by_page = {s["page"]: s for s in found if s["page"] is not None}
    contract, official = principal.seals["合同专用章"], principal.seals["公章"]
    assert by_page[3]["box_mm"] == pytest.approx((contract["width_mm"], contract["height_mm"]), abs=0.01)
    assert by_page[1]["box_mm"] == pytest.approx((official["width_mm"], official["height_mm"]), abs=0.01)
    with eseal_app.app_context():
        objects = {row.seal_id: row.der for row in db.session.scalars(select(SealObject))}
    assert by_page[3]["seal_object_der"] == objects[contract["seal_id"]]
    assert by_page[1]["seal_object_der"] == objects[official["seal_id"]]
    # incremental revisions: each earlier signature still covers its revision, later ones only fill fields
    assert [s["coverage"] for s in found[:-1]] == ["ENTIRE_REVISION"] * 2
    assert all(s["modification_level"] in ("NONE", "FORM_FILLING") for s in found)


def test_the_verification_button_names_each_seal(stamped):
    principal, stamp = stamped
    checked = principal.calls.get(f"/api/stamp-requests/{stamp.id}/verification")
    assert checked["valid"] is True
    assert sorted(s["seal_name"] for s in checked["signatures"]) == ["公章", "公章", "合同专用章"]
    assert {s["enterprise_name"] for s in checked["signatures"]} == {principal.opened["enterprise"]["name"]}
    assert sorted((s["kind"], s["page"] or 0) for s in checked["signatures"]) == [
        ("riding", 0), ("seal", 1), ("seal", 3)]


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) is installed by scripts/test.sh")
def test_poppler_pdfsig_finds_every_signature_valid(stamped, tmp_path):
    _, stamp = stamped
    path = tmp_path / "stamped.pdf"
    path.write_bytes(stamp.document)
    # -nocert: poppler checks each signature's integrity and the signed ranges; it has no trust store of ours
    out = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 3, out
    assert out.count("Total document signed") == 1  # the last signature covers the whole file


def test_the_stamp_log_matches_what_was_delivered(stamped, eseal_app):
    principal, stamp = stamped
    after = hashlib.sha256(stamp.document).hexdigest()
    with eseal_app.app_context():
        rows = db.session.scalars(select(StampLog).order_by(StampLog.id)).all()
        assert [(r.kind, r.page, r.x_mm, r.y_mm) for r in rows] == [
            ("seal", 3, 120.5, 200.25), ("seal", 1, 30.0, 30.0), ("riding", None, None, 120.0)]
        assert {r.sha256_after for r in rows} == {after} and {r.request_id for r in rows} == {stamp.id}
        assert {r.sha256_before for r in rows} == {hashlib.sha256(DOCUMENT).hexdigest()}
        official = principal.seals["公章"]["seal_id"]
        assert [r.seq for r in rows if r.seal_id == official] == [1, 2]
        assert all(stamp_log.broken_link(db.session, seal_id) is None for seal_id in {r.seal_id for r in rows})
        times = sorted(s["signed_at"] for s in stamp.request["signatures"])
        assert sorted(r.signed_at.isoformat() for r in rows) == times


def test_the_stamp_log_is_append_only_and_an_edit_breaks_its_chain(stamped, eseal_app):
    principal, _ = stamped
    official = principal.seals["公章"]["seal_id"]
    with eseal_app.app_context():
        row = db.session.scalar(select(StampLog).where(StampLog.seal_id == official, StampLog.seq == 1))
        row.document_name = "另一份合同.pdf"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        db.session.execute(StampLog.__table__.update().where(StampLog.__table__.c.id == row.id)
                           .values(document_name="另一份合同.pdf"))  # behind the model's back
        assert stamp_log.broken_link(db.session, official) == 1
        db.session.rollback()


def test_the_stamp_log_page_and_csv(stamped):
    principal, stamp = stamped
    seal_id = principal.seals["公章"]["seal_id"]
    page = principal.calls.get(f"/api/seals/{seal_id}/stamp-logs")
    assert page["total"] == 2 and page["pages"] == 1 and [i["seq"] for i in page["items"]] == [2, 1]
    assert {i["operator"] for i in page["items"]} == {principal.person.name}  # one's own name in full
    assert page["csv_url"] == f"/api/seals/{seal_id}/stamp-logs.csv"
    reply = principal.calls.call("GET", page["csv_url"])
    text = reply.content.decode("utf-8")
    assert reply.headers["content-type"].startswith("text/csv") and text.startswith("\ufeff序号,用印时间")
    assert text.count(stamp.id) == 2 and "骑缝章" in text and "合同.pdf" in text


def test_completing_again_gives_the_same_file_and_no_new_log_rows(stamped, eseal_app):
    principal, stamp = stamped
    with eseal_app.app_context():
        rows = db.session.query(StampLog).count()
    again = principal.complete_stamp(stamp.id)
    assert again["sha256_after"] == stamp.request["sha256_after"]
    assert principal.download_stamped(stamp.id) == stamp.document
    with eseal_app.app_context():
        assert db.session.query(StampLog).count() == rows
    reply = principal.calls.call("GET", f"/api/stamp-requests/{stamp.id}/file")
    assert reply.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C-%E5%B7%B2%E7%9B%96%E7%AB%A0.pdf" in reply.headers["content-disposition"]

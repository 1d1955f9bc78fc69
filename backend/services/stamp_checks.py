"""【验章】 of a document signed here, right after 用印: the one verification (document_verify, as POST /api/verify
and `flask verify` judge any file), told in the short form the 用印成功 page shows."""
from . import document_verify


def check(session, pki, data, now, sandbox, timeout):
    """(overall valid, [{field_name, kind, seal_name, enterprise_name, seal_code, signed_at, timestamp_ok, intact,
    trusted, valid, page, width_mm, height_mm, verdict, reason}]) in signing order."""
    answer = document_verify.verify_pdf(session, pki, data, now, sandbox, timeout)
    out = [{"field_name": s["field_name"], "kind": s["kind"] if s["kind"] in ("seal", "riding") else None,
            "seal_name": s["seal_name"], "enterprise_name": s["enterprise_name"], "seal_code": s["seal_code"],
            "signed_at": s["signed_at"], "timestamp_ok": s["time_source"] == "timestamp", "intact": s["intact"],
            "trusted": s["chain"] == "platform" and s["status_at_signing"] == "valid",
            "valid": s["verdict"] == "valid", "page": s["page"], "width_mm": s["width_mm"],
            "height_mm": s["height_mm"], "verdict": s["verdict"], "reason": s["reason"]}
           for s in answer["signatures"]]
    return answer["verdict"] == "valid", out

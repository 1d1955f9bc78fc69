"""验章 of a stamped PDF: each signature checked by pyHanko's validator against our trust roots and CRLs.

A timestamped signature is judged at its timestamp's time (point-in-time validation): a seal suspended or
revoked after it signed does not undo what it signed then. The CRLs are those given plus those the document
carries in its DSS (B-LT), so a document verifies offline; nothing is fetched.
"""
import io
import logging

from asn1crypto import crl, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from . import event_loops
from .pdf_documents import MM_PER_PT, STRICT, DocumentRefused
from .pdf_pages import frame_of, page_refs

from .pdf_signing import SEAL_OBJECT

log = logging.getLogger(__name__)


class TooManySignatures(Exception):
    """More signatures than the caller would verify (max_signatures): none was evaluated."""

    def __init__(self, count):
        super().__init__(count)
        self.count = count


def _dss_material(reader):
    """(certificates, CRLs) of the document's DSS."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        return list(dss.load_certs()), [crl.CertificateList.load(ref.get_object().data) for ref in dss.crls]
    except NoDSSFoundError:
        return [], []
    except Exception:  # a DSS we cannot read: verify with what was given
        log.warning("unreadable DSS ignored", exc_info=True)
        return [], []


def _gen_time(signer_info):
    for attribute in signer_info["unsigned_attrs"] or ():
        if attribute["type"].native == "signature_time_stamp_token":
            token = attribute["values"][0]
            return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return None


def _seal_object(signer_info):
    for attribute in signer_info["signed_attrs"]:
        if attribute["type"].native == SEAL_OBJECT:
            return attribute["values"][0].native
    return None


def _widget(field):
    if "/Rect" in field:
        return field
    kids = field.get("/Kids")
    return kids[0].get_object() if kids else None


def _on_page(widget, target, page_ref):
    """The widget's /P names the page, or (without /P) the page lists it among its annotations."""
    if target is not None:
        return getattr(target, "reference", None) == page_ref.reference
    return any(item.get_object() is widget for item in page_ref.get_object().get("/Annots") or ())


def _placement(field, pages, frames):
    """(1-based page, (width, height) in mm as displayed) of the signature's widget; (None, (0, 0)) if none."""
    widget = _widget(field)
    if widget is None:
        return None, (0.0, 0.0)
    x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
    width, height = abs(x2 - x1) * MM_PER_PT, abs(y2 - y1) * MM_PER_PT
    target = widget.raw_get("/P") if "/P" in widget else None
    page = next((index + 1 for index, ref in enumerate(pages) if _on_page(widget, target, ref)), None)
    if page is not None and frames[page - 1].rotate in (90, 270):
        width, height = height, width
    return page, (round(width, 2), round(height, 2))


def _context(roots, certs, crls, moment):
    return ValidationContext(trust_roots=roots, other_certs=certs, crls=crls, allow_fetching=False, moment=moment,
                             retroactive_revinfo=moment is not None, revocation_mode="hard-fail")


async def _validate(signature, roots, certs, crls):
    moment = _gen_time(signature.signer_info)
    status = await async_validate_pdf_signature(signature, _context(roots, certs, crls, moment))
    stamp = status.timestamp_validity
    if moment is not None and not (stamp and stamp.intact and stamp.valid and stamp.trusted):
        moment = None  # a timestamp that does not hold gives no time to judge at: judged now instead
        status = await async_validate_pdf_signature(signature, _context(roots, certs, crls, None))
    return status


def _summary(signature, status, pages, frames):
    stamp = status.timestamp_validity
    timestamp_ok = bool(stamp and stamp.intact and stamp.valid and stamp.trusted)
    page, box = _placement(signature.sig_field, pages, frames)
    level = status.modification_level
    return {
        "field_name": signature.field_name,
        "intact": status.intact,
        "valid": status.valid,
        "trusted": status.trusted,
        "revoked": status.revoked,
        "docmdp_ok": status.docmdp_ok,
        "timestamp_ok": timestamp_ok,
        "signed_at": stamp.timestamp if timestamp_ok else status.signer_reported_dt,
        "coverage": status.coverage.name if status.coverage else None,
        "modification_level": level.name if level else None,
        "box_mm": box,
        "page": page,
        "seal_object_der": _seal_object(signature.signer_info),
        "signer_certificate_der": signature.signer_cert.dump(),
    }


def _details(signature, status, reader):
    """What 验章 (document_verify) adds: the signed range, the revisions, what changed after, why untrusted."""
    diff = getattr(status, "diff_result", None)
    stamp = getattr(status, "timestamp_validity", None)
    problem = getattr(status, "trust_problem_indic", None)
    try:
        byte_range = [int(value) for value in signature.byte_range]
    except (TypeError, ValueError):  # a damaged /ByteRange: the signature is reported broken anyway
        byte_range = None
    return {"byte_range": byte_range, "revision": signature.signed_revision,
            "revisions": reader.xrefs.total_revisions,
            "changed_fields": sorted(diff.changed_form_fields) if hasattr(diff, "changed_form_fields") else None,
            "trust_problem": problem.name if problem is not None else None,
            "timestamp_present": stamp is not None,
            "signer_reported_at": getattr(status, "signer_reported_dt", None)}


def _broken(signature, pages, frames):
    """A signature pyHanko cannot even evaluate (its CMS damaged): reported, never raised."""
    try:
        page, box = _placement(signature.sig_field, pages, frames)
    except Exception:
        log.warning("signature widget unreadable", exc_info=True)
        page, box = None, (0.0, 0.0)
    return {"field_name": signature.field_name, "intact": False, "valid": False, "trusted": False, "revoked": False,
            "docmdp_ok": False, "timestamp_ok": False, "signed_at": None, "coverage": None,
            "modification_level": None, "box_mm": box, "page": page, "seal_object_der": None,
            "signer_certificate_der": None}


def _pages(reader):
    try:
        pages = page_refs(reader)
    except DocumentRefused:  # more pages than 用印 takes: the signatures are judged all the same, their pages unknown
        return [], []
    return pages, [frame_of(ref.get_object()) for ref in pages]


async def _verify_all(reader, roots, given_crls, max_signatures=None, details=False):
    certs, dss_crls = _dss_material(reader)
    crls = [*given_crls, *dss_crls]
    pages, frames = _pages(reader)
    signatures = reader.embedded_regular_signatures
    if max_signatures is not None and len(signatures) > max_signatures:
        raise TooManySignatures(len(signatures))
    results = []
    for signature in signatures:
        try:
            status = await _validate(signature, roots, certs, crls)
            found = _summary(signature, status, pages, frames)
        except Exception:
            log.warning("signature %r could not be evaluated", signature.field_name, exc_info=True)
            status, found = None, _broken(signature, pages, frames)
        results.append({**found, **_details(signature, status, reader)} if details else found)
    return results


def verify_document(data, *, trust_roots_der, crls_der=(), max_signatures=None, details=False):
    """Every signature of the document, in signing order, as a dict (see the keys in _summary; with ``details``
    also those of _details). An encrypted document is refused (pdf_encrypted); more than ``max_signatures``
    raises TooManySignatures."""
    try:
        reader = PdfFileReader(io.BytesIO(bytes(data)), strict=STRICT)
    except Exception as exc:
        raise DocumentRefused("pdf_damaged") from exc
    if reader.encrypted:
        raise DocumentRefused("pdf_encrypted")
    roots = [x509.Certificate.load(der) for der in trust_roots_der]
    crls = [crl.CertificateList.load(der) for der in crls_der]
    try:
        return event_loops.run(_verify_all(reader, roots, crls, max_signatures, details))
    except (DocumentRefused, TooManySignatures):
        raise
    except Exception as exc:
        raise DocumentRefused("pdf_damaged") from exc

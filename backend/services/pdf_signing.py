"""用印: PAdES B-LT signatures (pyHanko) whose keys stay in the key store, each seal drawn at its true size.

Every placement is one signature in its own incremental revision, so earlier ones stay valid (a later
revision only fills a form field). Its widget shows the seal picture at exactly width_mm × height_mm. The
riding seal (骑缝章) is signed first: its revision draws a strip of the picture on every page as page content,
which a later revision could not do without breaking the signatures before it. Each signature carries a
signature timestamp from the platform's time-stamping unit (B-T), the chains and CRLs in the DSS of its own
revision (B-LT), and the seal object (SESeal DER) in a signed CMS attribute. The signer, the time-stamping
unit and what they keep between calls: pdf_cms.py; the pictures drawn: pdf_pictures.py.
"""
import io
import logging
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import crl as asn1_crl
from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    SigDSSPlacementPreference,
)
from pyhanko_certvalidator import ValidationContext

from . import event_loops
from .pdf_cms import SEAL_OBJECT, SEAL_OBJECT_OID  # noqa: F401  (the seal object's attribute, read from here)
from .pdf_cms import KeyStoreSigner, KeyStoreTimeStamper, der_digest, parsed, reserved_size
from .pdf_documents import STRICT, fits, open_reader
from .pdf_pages import frames_at
from .pdf_pictures import PictureStyle, draw_strips, pt, seal_image

# pyHanko warns on every B-LT signature that fetching is off: it is off by design (all revocation data is ours).
logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(
    lambda record: "fetching is not allowed" not in record.getMessage())


@dataclass(frozen=True)
class StampSeal:
    field_name: str
    certificate_der: bytes
    key_ref: str
    picture_png: bytes
    width_mm: float
    height_mm: float
    seal_object_der: bytes


@dataclass(frozen=True)
class Placement:
    seal: StampSeal
    page: int
    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class Riding:
    seal: StampSeal
    y_mm: float


@dataclass(frozen=True)
class Authority:
    certificates_der: tuple[bytes, ...]  # the chain above the seals: issuing CA, root
    crls_der: tuple[bytes, ...]
    tsa_certificate_der: bytes
    tsa_key_ref: str
    tsa_chain_der: tuple[bytes, ...]
    root_der: bytes


@dataclass(frozen=True)
class SignatureDone:
    field_name: str
    signed_at: datetime  # the signature timestamp's genTime (aware, UTC)


@dataclass(frozen=True)
class Signed:
    data: bytes
    signatures: tuple[SignatureDone, ...]


def signature_metadata(field_name, validation_context):
    """PAdES B-LT: ETSI.CAdES.detached, SHA-256, chains and CRLs in the DSS of the signature's own revision."""
    return signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True, validation_context=validation_context, use_pades_lta=False,
        dss_settings=DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                                        include_vri=False))


def validation_context(authority, now):
    """Our root as the only trust anchor, the given CRLs, nothing fetched; hard-fail: a signer or TSA certificate
    revoked, or without a CRL in force, is refused at signing."""
    others = [_certificate(der) for der in (*authority.certificates_der, *authority.tsa_chain_der)]
    return ValidationContext(trust_roots=[_certificate(authority.root_der)], other_certs=others,
                             crls=[parsed(asn1_crl.CertificateList, der) for der in authority.crls_der],
                             allow_fetching=False, moment=now, revocation_mode="hard-fail")


def _certificate(der):
    return parsed(x509.Certificate, der)


def _check(placements, riding, frames, count, taken):
    names = [p.seal.field_name for p in placements] + ([riding.seal.field_name] if riding else [])
    if not names:
        raise ValueError("nothing to sign")
    if len(set(names)) != len(names):
        raise ValueError("field names must differ")
    if taken & set(names):
        raise ValueError(f"the document has signature fields {sorted(taken & set(names))} already")
    for p in placements:
        if not 1 <= p.page <= count:
            raise ValueError(f"page {p.page} is not in the document")
        if not fits(frames[p.page - 1].size, p.x_mm, p.y_mm, p.seal.width_mm, p.seal.height_mm):
            raise ValueError(f"the seal on page {p.page} lies outside the page")
    if riding is not None:
        strip_mm = riding.seal.width_mm / count
        for frame in frames.values():
            size = frame.size
            if not fits(size, size.width_mm - strip_mm, riding.y_mm, strip_mm, riding.seal.height_mm):
                raise ValueError("the riding seal lies outside a page")


async def _sign_revision(data, signer, meta, timestamper, size_key, *, prev=None, field_spec=None, style=None,
                         draw=None):
    """One revision signed; `prev` a reader of `data` already at hand (its parsed objects are reused);
    `size_key` what decides the size of its CMS (signer, chain, seal object, TSA), for the room kept for it."""
    writer = IncrementalPdfFileWriter(prev.stream if prev else io.BytesIO(data), prev=prev, strict=STRICT)
    if draw is not None:
        draw(writer)
    reserved = await reserved_size(size_key, signer, timestamper)
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper, stamp_style=style,
                                   new_field_spec=field_spec)
    out = await pdf_signer.async_sign_pdf(writer, bytes_reserved=reserved, output=io.BytesIO())
    return out.getvalue()


def _existing_fields(reader):
    return {name for name, _value, _ref in fields.enumerate_sig_fields(reader)}


@dataclass(frozen=True)
class OpenDocument:
    """A document read once for one signing: unused_field_names and sign_document take it instead of the bytes.
    Only for one sign_document: signing updates the reader's objects."""

    data: bytes
    reader: object
    pages: int
    fields: frozenset


def open_document(data):
    """The document opened (or DocumentRefused, as open_reader), with its signature fields' names."""
    reader, count = open_reader(data)
    return OpenDocument(bytes(data), reader, count, frozenset(_existing_fields(reader)))


def _opened(data):
    return data if isinstance(data, OpenDocument) else open_document(data)


def unused_field_names(data, count, prefix="Seal"):
    """`count` signature field names (Seal1, Seal2, …) that the document (bytes or an OpenDocument) does not have
    yet: a document stamped before (here or elsewhere) keeps its fields, and sign_document refuses a name taken."""
    taken, names, number = _opened(data).fields, [], 1
    while len(names) < count:
        if f"{prefix}{number}" not in taken:
            names.append(f"{prefix}{number}")
        number += 1
    return names


async def _sign_all(data, placements, riding, keys, authority, now, reader, frames):
    load = _certificate
    context = validation_context(authority, now)
    chain = [load(der) for der in authority.certificates_der]
    tsa = KeyStoreTimeStamper(keys, authority.tsa_key_ref, load(authority.tsa_certificate_der),
                              [load(der) for der in authority.tsa_chain_der], now)
    done, prev = [], reader
    jobs = ([(riding.seal, None)] if riding else []) + [(p.seal, p) for p in placements]
    for seal, placement in jobs:
        signer = KeyStoreSigner(keys, seal.key_ref, load(seal.certificate_der), chain, seal.seal_object_der)
        meta = signature_metadata(seal.field_name, context)
        size_key = der_digest(seal.certificate_der, *authority.certificates_der, seal.seal_object_der or b"",
                              tsa.certificates_digest)
        if placement is None:
            spec = fields.SigFieldSpec(sig_field_name=seal.field_name)
            data = await _sign_revision(data, signer, meta, tsa, size_key, prev=prev, field_spec=spec,
                                        draw=lambda writer: draw_strips(writer, frames, riding))
        else:
            frame = frames[placement.page - 1]
            box = frame.user_box(pt(placement.x_mm), pt(placement.y_mm), pt(seal.width_mm), pt(seal.height_mm))
            spec = fields.SigFieldSpec(sig_field_name=seal.field_name, on_page=placement.page - 1, box=box)
            style = PictureStyle(image=seal_image(seal.picture_png), width_pt=pt(seal.width_mm),
                                 height_pt=pt(seal.height_mm), rotate=frame.rotate)
            data = await _sign_revision(data, signer, meta, tsa, size_key, prev=prev, field_spec=spec, style=style)
        done.append(SignatureDone(seal.field_name, tsa.issued[-1]))
        prev = None
    return data, tuple(done)


def sign_document(data, placements, riding, *, keys, authority, now, sizes=None):
    """The document with one signature per placement (and the riding seal's first), or ValueError for a
    placement off its page or a field name it has already.

    `data` is a document pdf_documents.inspect() accepted (the same bytes, or an OpenDocument of them not signed
    yet): it is opened again (unless given open) and refused with DocumentRefused if it cannot be, but only the
    pages stamped are read (all of them for a riding seal), each checked as frames_at checks it — against
    `sizes`, the pages' sizes in mm as inspect() measured them, when given."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    document = _opened(data)
    reader, count = document.reader, document.pages
    wanted = None if riding is not None else {p.page - 1 for p in placements if 1 <= p.page <= count}
    frames = frames_at(reader, wanted, sizes)
    _check(placements, riding, frames, count, document.fields)
    signed, done = event_loops.run(_sign_all(document.data, list(placements), riding, keys, authority, now,
                                             reader, frames))
    return Signed(signed, done)

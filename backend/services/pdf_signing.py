"""用印: PAdES B-LT signatures (pyHanko) whose keys stay in the key store, each seal drawn at its true size.

Every placement is one signature in its own incremental revision, so earlier ones stay valid (a later
revision only fills a form field). Its widget shows the seal picture at exactly width_mm × height_mm. The
riding seal (骑缝章) is signed first: its revision draws a strip of the picture on every page as page content,
which a later revision could not do without breaking the signatures before it. Each signature carries a
signature timestamp from the platform's time-stamping unit (B-T), the chains and CRLs in the DSS of its own
revision (B-LT), and the seal object (SESeal DER) in a signed CMS attribute.
"""
import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, cms, core, x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, general, signers
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.general import SigningError, simple_cms_attribute
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    SigDSSPlacementPreference,
)
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .pdf_documents import STRICT, fits, frames_at, open_reader
from .pdf_pictures import PictureStyle, draw_strips, picture, pt

# 2.25.<the decimal of UUID c17251df-d0aa-4601-ac20-084500b2409e> (ITU-T X.667): the SESeal of the signing seal.
SEAL_OBJECT_OID = "2.25.257134585635998600315016590972857499806"
SEAL_OBJECT = "eseal_seal_object"
ECDSA_DER_MAX = 72  # bytes of a DER ECDSA P-256 signature at most: the stand-in while pyHanko sizes the CMS


class SealObjectValues(core.SetOf):
    _child_spec = core.OctetString


def _register_attribute():
    """asn1crypto parses and names the attribute like its own (pyHanko reads signed attributes through it)."""
    cms.CMSAttributeType._map[SEAL_OBJECT_OID] = SEAL_OBJECT
    if cms.CMSAttributeType._reverse_map is not None:
        cms.CMSAttributeType._reverse_map[SEAL_OBJECT] = SEAL_OBJECT_OID
    cms.CMSAttribute._oid_specs[SEAL_OBJECT] = SealObjectValues


_register_attribute()


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


class _SealObjectProvider(CMSAttributeProvider):
    attribute_type = SEAL_OBJECT

    def __init__(self, der):
        self.der = der

    async def build_attr_value(self, dry_run=False):
        return core.OctetString(self.der)


class _WithSealObject(SignedAttributeProviderSpec):
    def __init__(self, inner, der):
        self.inner, self.der = inner, der

    def signed_attr_providers(self, data_digest, digest_algorithm):
        yield from self.inner.signed_attr_providers(data_digest, digest_algorithm)
        yield _SealObjectProvider(self.der)


class KeyStoreSigner(signers.Signer):
    """A seal's ECDSA P-256 signer: pyHanko builds the CMS, the key store signs (SHA-256 inside the store)."""

    def __init__(self, keys, key_ref, certificate, chain, seal_object_der=None):
        if certificate.public_key.algorithm != "ec":
            raise ValueError("a seal certificate must hold an EC P-256 key")
        super().__init__(signing_cert=certificate, cert_registry=SimpleCertificateStore.from_certs(chain),
                         signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}))
        self.keys, self.key_ref, self.seal_object_der = keys, key_ref, seal_object_der

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        if digest_algorithm != "sha256":
            raise SigningError(f"the key store signs with SHA-256 only, not {digest_algorithm}")
        if dry_run:
            return bytes(ECDSA_DER_MAX)
        return self.keys.sign(self.key_ref, data)

    def _signed_attr_provider_spec(self, *args, **kwargs):
        spec = super()._signed_attr_provider_spec(*args, **kwargs)
        return spec if self.seal_object_der is None else _WithSealObject(spec, self.seal_object_der)


class KeyStoreTimeStamper(DummyTimeStamper):
    """The platform's time-stamping unit in process (RFC 3161): pyHanko's DummyTimeStamper with its TSTInfo's
    signed attributes signed by the TSA's RSA-3072 key in the key store (PKCS#1 v1.5, SHA-256).

    The token pyHanko asks for first, only to size the CMS and to find the TSA's certificates, gets a stand-in
    signature of the right length: one signature by the key store per real token."""

    def __init__(self, keys, key_ref, certificate, chain, moment):
        super().__init__(tsa_cert=certificate, tsa_key=None, certs_to_embed=list(chain), fixed_dt=moment,
                         override_md="sha256")
        self.keys, self.key_ref = keys, key_ref
        self.issued = []  # genTime of each real token issued
        self._sizing = False

    async def async_dummy_response(self, md_algorithm):
        self._sizing = True
        try:
            return await super().async_dummy_response(md_algorithm)
        finally:
            self._sizing = False

    def _build_tst_info(self, message_imprint, dt, req):
        info = super()._build_tst_info(message_imprint, dt, req)
        if not self._sizing:
            self.issued.append(info["gen_time"].native.astimezone(UTC))
        return info

    def _sign_tst_info(self, tst_info_data, md_algorithm, dt):
        digest = hashlib.sha256(tst_info_data).digest()
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate", general.as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest),
        ])
        if self._sizing:
            return bytes(self.tsa_cert.public_key.bit_size // 8), signed_attrs
        return self.keys.sign(self.key_ref, signed_attrs.dump()), signed_attrs


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
    load = x509.Certificate.load
    others = [load(der) for der in (*authority.certificates_der, *authority.tsa_chain_der)]
    return ValidationContext(trust_roots=[load(authority.root_der)], other_certs=others,
                             crls=list(authority.crls_der), allow_fetching=False, moment=now,
                             revocation_mode="hard-fail")


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


async def _sign_revision(data, signer, meta, timestamper, *, prev=None, field_spec=None, style=None, draw=None):
    """One revision signed; `prev` a reader of `data` already at hand (its parsed objects are reused)."""
    writer = IncrementalPdfFileWriter(prev.stream if prev else io.BytesIO(data), prev=prev, strict=STRICT)
    if draw is not None:
        draw(writer)
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper, stamp_style=style,
                                   new_field_spec=field_spec)
    out = await pdf_signer.async_sign_pdf(writer, output=io.BytesIO())
    return out.getvalue()


def _existing_fields(reader):
    return {name for name, _value, _ref in fields.enumerate_sig_fields(reader)}


def unused_field_names(data, count, prefix="Seal"):
    """`count` signature field names (Seal1, Seal2, …) that the document does not have yet: a document stamped
    before (here or elsewhere) keeps its fields, and sign_document refuses a name that is taken."""
    reader, _count = open_reader(data)
    taken, names, number = _existing_fields(reader), [], 1
    while len(names) < count:
        if f"{prefix}{number}" not in taken:
            names.append(f"{prefix}{number}")
        number += 1
    return names


async def _sign_all(data, placements, riding, keys, authority, now, reader, frames):
    load = x509.Certificate.load
    context = validation_context(authority, now)
    chain = [load(der) for der in authority.certificates_der]
    tsa = KeyStoreTimeStamper(keys, authority.tsa_key_ref, load(authority.tsa_certificate_der),
                              [load(der) for der in authority.tsa_chain_der], now)
    done, prev = [], reader
    jobs = ([(riding.seal, None)] if riding else []) + [(p.seal, p) for p in placements]
    for seal, placement in jobs:
        signer = KeyStoreSigner(keys, seal.key_ref, load(seal.certificate_der), chain, seal.seal_object_der)
        meta = signature_metadata(seal.field_name, context)
        if placement is None:
            spec = fields.SigFieldSpec(sig_field_name=seal.field_name)
            data = await _sign_revision(data, signer, meta, tsa, prev=prev, field_spec=spec,
                                        draw=lambda writer: draw_strips(writer, frames, riding))
        else:
            frame = frames[placement.page - 1]
            box = frame.user_box(pt(placement.x_mm), pt(placement.y_mm), pt(seal.width_mm), pt(seal.height_mm))
            spec = fields.SigFieldSpec(sig_field_name=seal.field_name, on_page=placement.page - 1, box=box)
            style = PictureStyle(image=picture(seal.picture_png), width_pt=pt(seal.width_mm),
                                 height_pt=pt(seal.height_mm), rotate=frame.rotate)
            data = await _sign_revision(data, signer, meta, tsa, prev=prev, field_spec=spec, style=style)
        done.append(SignatureDone(seal.field_name, tsa.issued[-1]))
        prev = None
    return data, tuple(done)


def sign_document(data, placements, riding, *, keys, authority, now):
    """The document with one signature per placement (and the riding seal's first), or ValueError for a
    placement off its page or a field name it has already.

    `data` is a document pdf_documents.inspect() accepted (the same bytes): it is opened again and refused with
    DocumentRefused if it cannot be, but only the pages stamped are read (all of them for a riding seal)."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    reader, count = open_reader(data)
    wanted = None if riding is not None else {p.page - 1 for p in placements if 1 <= p.page <= count}
    frames = frames_at(reader, wanted)
    _check(placements, riding, frames, count, _existing_fields(reader))
    signed, done = asyncio.run(_sign_all(bytes(data), list(placements), riding, keys, authority, now, reader, frames))
    return Signed(signed, done)

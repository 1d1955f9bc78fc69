"""The CMS of each 用印 signature: the seal's signer and the time-stamping unit, both signing in the key store;
the signed attributes, the seal object (SESeal DER) among them; and what is kept between calls.

Kept per process, because only public inputs decide it (no key, nothing secret): the time-stamping unit's
sizing token (a stand-in signature, never in a document) per TSA certificate and digest algorithm; the room
reserved for a signature's CMS per signer, chain, seal object and TSA (pyHanko's own estimate: a dry-run CMS,
+50%, ≈ 10 ms); the signing-certificate attribute values per certificate (asn1crypto takes 2–3 ms to encode
one built afresh). Each is the same bytes as made afresh: the documents signed do not change.
"""
import hashlib
import threading
from datetime import UTC
from functools import lru_cache

from asn1crypto import algos, cms, core, tsp, x509
from pyhanko.sign import general, signers
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec, SigningCertificateV2Provider
from pyhanko.sign.general import SigningError, simple_cms_attribute
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

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


class _Kept:
    """A bounded map of values that only save work (the oldest entry goes first); safe across threads."""

    def __init__(self, size):
        self.size, self._items, self._lock = size, {}, threading.Lock()

    def get(self, key):
        return self._items.get(key)

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))


_SIZING_TOKENS = _Kept(16)  # (TSA certificates' digest, digest algorithm) → the sizing token's DER
_CONTAINER_SIZES = _Kept(1024)  # der_digest of what decides a CMS's size → hex digits reserved for it


@lru_cache(maxsize=16)
def _signing_certificate_der(certificate_der):
    """The ESS signing-certificate attribute value naming a TSA certificate, made once per certificate: built
    afresh, asn1crypto takes ≈ 2 ms to encode it within the token's signed attributes."""
    return general.as_signing_certificate(x509.Certificate.load(certificate_der)).dump()


@lru_cache(maxsize=256)
def _signing_certificate_v2_der(certificate_der):
    """The signing-certificate-v2 attribute value naming a seal certificate, made once per certificate (≈ 3 ms)."""
    return general.as_signing_certificate_v2(x509.Certificate.load(certificate_der)).dump()


_THREAD = threading.local()  # .parsed: {(asn1crypto spec, DER): the object parsed from it}, per thread
PARSED_PER_THREAD = 64


def parsed(spec, der):
    """`der` parsed as an asn1crypto `spec` (certificates, CRLs, the sizing token), the same object again for the
    same bytes in this thread. asn1crypto keeps on an object what it has worked out (names prepared for
    comparison, digests), which pyHanko's path validation asks for over and over: ≈ 5 ms a signature. Per
    thread, so that no object is ever shared between threads; the objects are only read."""
    kept = getattr(_THREAD, "parsed", None)
    if kept is None:
        kept = _THREAD.parsed = {}
    found = kept.get((spec, der))
    if found is None:
        if len(kept) >= PARSED_PER_THREAD:
            kept.clear()
        found = kept[(spec, der)] = spec.load(der)
    return found


def der_digest(*ders):
    """SHA-256 of DER values, each preceded by its length."""
    return hashlib.sha256(b"".join(len(der).to_bytes(4, "big") + der for der in ders)).digest()


class _SealObjectProvider(CMSAttributeProvider):
    attribute_type = SEAL_OBJECT

    def __init__(self, der):
        self.der = der

    async def build_attr_value(self, dry_run=False):
        return core.OctetString(self.der)


class _KeptSigningCertificate(SigningCertificateV2Provider):
    async def build_attr_value(self, dry_run=False):
        return tsp.SigningCertificateV2.load(_signing_certificate_v2_der(self.signing_cert.dump()))


class _SealAttributes(SignedAttributeProviderSpec):
    """pyHanko's signed attributes, the signing-certificate-v2 value made once per certificate, and the seal
    object (if any) after them."""

    def __init__(self, inner, der):
        self.inner, self.der = inner, der

    def signed_attr_providers(self, data_digest, digest_algorithm):
        for provider in self.inner.signed_attr_providers(data_digest, digest_algorithm):
            yield _KeptSigningCertificate(provider.signing_cert) \
                if type(provider) is SigningCertificateV2Provider else provider
        if self.der is not None:
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
        return _SealAttributes(super()._signed_attr_provider_spec(*args, **kwargs), self.seal_object_der)

    def signer_info(self, digest_algorithm, signed_attrs, signature):
        # the attributes as parsed from their DER (made to be signed), not as built: asn1crypto copies them into
        # the SignerInfo at a fraction of the cost
        return super().signer_info(digest_algorithm, cms.CMSAttributes.load(signed_attrs.dump()), signature)


class KeyStoreTimeStamper(DummyTimeStamper):
    """The platform's time-stamping unit in process (RFC 3161): pyHanko's DummyTimeStamper with its TSTInfo's
    signed attributes signed by the TSA's RSA-3072 key in the key store (PKCS#1 v1.5, SHA-256).

    The token pyHanko asks for first, only to size the CMS and to find the TSA's certificates, gets a stand-in
    signature of the right length: one signature by the key store per real token. That token is made once per
    TSA certificate and digest algorithm and kept (_SIZING_TOKENS): it goes into no document."""

    def __init__(self, keys, key_ref, certificate, chain, moment):
        super().__init__(tsa_cert=certificate, tsa_key=None, certs_to_embed=list(chain), fixed_dt=moment,
                         override_md="sha256")
        self.keys, self.key_ref = keys, key_ref
        self.certificates_digest = der_digest(certificate.dump(), *(c.dump() for c in chain))
        self.issued = []  # genTime of each real token issued
        self._sizing = False

    async def async_dummy_response(self, md_algorithm):
        if md_algorithm in self._dummy_response_cache:
            return self._dummy_response_cache[md_algorithm]
        kept = _SIZING_TOKENS.get((self.certificates_digest, md_algorithm))
        if kept is not None:
            token = parsed(cms.ContentInfo, kept)
            self._register_dummy(md_algorithm, token)
            return token
        self._sizing = True
        try:
            token = await super().async_dummy_response(md_algorithm)
        finally:
            self._sizing = False
        _SIZING_TOKENS.put((self.certificates_digest, md_algorithm), token.dump())
        return token

    async def async_timestamp(self, message_digest, md_algorithm):
        token = await super().async_timestamp(message_digest, md_algorithm)
        return cms.ContentInfo.load(token.dump())  # parsed rather than built: pyHanko copies it at less cost

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
            simple_cms_attribute("signing_certificate", tsp.SigningCertificate.load(
                _signing_certificate_der(self.tsa_cert.dump()))),
            simple_cms_attribute("message_digest", digest),
        ])
        if self._sizing:
            return bytes(self.tsa_cert.public_key.bit_size // 8), signed_attrs
        return self.keys.sign(self.key_ref, signed_attrs.dump()), signed_attrs


async def reserved_size(key, signer, timestamper):
    """The room (hex digits) for a signature's CMS, made once per `key` (der_digest of what decides it: signer
    certificate, chain, seal object, TSA certificates): what pyHanko reserves when not told (PdfSigningSession.
    estimate_signature_container_size: a dry-run CMS, stand-in signature and sizing token, as hex, + 50%)."""
    reserved = _CONTAINER_SIZES.get(key)
    if reserved is None:
        attributes = PdfCMSSignedAttributes(signing_time=timestamper.fixed_dt)
        dry_run = await signer.async_sign(hashlib.sha256().digest(), "sha256", use_pades=True, dry_run=True,
                                          timestamper=timestamper, signed_attr_settings=attributes)
        size = len(dry_run.dump()) * 2
        reserved = size + 2 * (size // 4)
        _CONTAINER_SIZES.put(key, reserved)
    return reserved

"""Certificates and CRLs: built by `cryptography`, signed by a key that stays in its key store.

`cryptography` signs only with its own key objects, and knows no SM2 public key. So each certificate or
CRL is built by its builder and signed by a throw-away stand-in key of the issuer's algorithm (ECDSA
P-256, every CA of the platform); asn1crypto then puts the subject's real public key into the TBS part
(for a certificate), the key store signs that TBS, and asn1crypto assembles the signed structure.
"""
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

SIGNATURE_ALGORITHM = {"algorithm": "sha256_ecdsa"}  # every issuer of the platform holds an EC P-256 key
BACKDATE = timedelta(minutes=5)  # a verifier whose clock is a little behind still accepts a fresh certificate
MAX_COMMON_NAME = 64  # bytes of UTF-8: cryptography's bound (X.520 counts characters; many verifiers count bytes)


@dataclass(frozen=True)
class Issuer:
    """A CA of the platform: its name (in /pki/ca/<name>.cer and /pki/crl/<name>.crl), key and certificate."""

    name: str
    key: str
    certificate: x509.Certificate


@lru_cache(maxsize=1)
def _stand_in():
    return ec.generate_private_key(ec.SECP256R1())


def common_name(head, tail=""):
    """CN = head + tail in at most 64 UTF-8 bytes (21 Chinese characters): head is shortened, tail kept whole.

    The full names stay in O; a longer CN would warn in every reader built on cryptography."""
    room = MAX_COMMON_NAME - len(tail.encode())
    while len(head.encode()) > room:
        head = head[:-1]
    return x509.NameAttribute(NameOID.COMMON_NAME, head + tail)


def subject_key_identifier(spki):
    """RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (works for SM2 keys too)."""
    return x509.SubjectKeyIdentifier(asn1_keys.PublicKeyInfo.load(spki).sha1)


def issuer_urls(public_url, issuer_name):
    base = public_url.rstrip("/")
    return f"{base}/pki/ca/{issuer_name}.cer", f"{base}/pki/crl/{issuer_name}.crl"


def _located(builder, issuer, public_url):
    """AKI, AIA caIssuers and the CRL distribution point: any verifier can build the chain from this alone."""
    ca_url, crl_url = issuer_urls(public_url, issuer.name)
    ski = issuer.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (builder
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
            .add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(ca_url))]), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False))


def issue(keys, issuer, subject, spki, not_before, not_after, extensions, public_url, self_key=None):
    """A certificate of `spki` for `subject`, signed by `issuer` (None with self_key: self-signed).

    extensions: [(extension value, critical)]; SKI, and below the root AKI, AIA and CRL DP, are added here.
    """
    builder = (x509.CertificateBuilder().subject_name(subject).serial_number(x509.random_serial_number())
               .not_valid_before(not_before - BACKDATE).not_valid_after(not_after)
               .public_key(_stand_in().public_key())
               .add_extension(subject_key_identifier(spki), critical=False))
    for value, critical in extensions:
        builder = builder.add_extension(value, critical=critical)
    if issuer is None:
        builder, signer = builder.issuer_name(subject), self_key
    else:
        builder = _located(builder.issuer_name(issuer.certificate.subject), issuer, public_url)
        signer = issuer.key
    draft = builder.sign(_stand_in(), hashes.SHA256())
    tbs = asn1_x509.TbsCertificate.load(draft.tbs_certificate_bytes)
    tbs["subject_public_key_info"] = asn1_keys.PublicKeyInfo.load(spki)
    signed = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": SIGNATURE_ALGORITHM,
                                    "signature_value": keys.sign(signer, tbs.dump())})
    return x509.load_der_x509_certificate(signed.dump())


def ca_extensions(path_length):
    usage = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    return [(x509.BasicConstraints(ca=True, path_length=path_length), True), (usage, True)]


def signer_extensions(purposes=()):
    """An end entity that signs: digitalSignature + nonRepudiation (pyHanko requires the latter)."""
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    extensions = [(x509.BasicConstraints(ca=False, path_length=None), True), (usage, True)]
    if purposes:
        extensions.append((x509.ExtendedKeyUsage(list(purposes)), True))
    return extensions


REASONS = {
    "certificate_hold": x509.ReasonFlags.certificate_hold,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
}


def sign_crl(keys, issuer, number, this_update, next_update, revoked):
    """A CRL of `issuer`; revoked: [(serial, revoked_at, reason)] with reason a key of REASONS."""
    ski = issuer.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer.certificate.subject)
               .last_update(this_update).next_update(next_update)
               .add_extension(x509.CRLNumber(number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False))
    for serial, revoked_at, reason in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(revoked_at)
            .add_extension(x509.CRLReason(REASONS[reason]), critical=False).build())
    draft = builder.sign(_stand_in(), hashes.SHA256())
    tbs = asn1_crl.TbsCertList.load(draft.tbs_certlist_bytes)
    signed = asn1_crl.CertificateList({"tbs_cert_list": tbs, "signature_algorithm": SIGNATURE_ALGORITHM,
                                       "signature": keys.sign(issuer.key, tbs.dump())})
    return x509.load_der_x509_crl(signed.dump())

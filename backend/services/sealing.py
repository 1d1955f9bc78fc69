"""备案完成 makes the seal a signed object: its key, its certificate and its seal object, together.

The seal object is re-made when what it holds changes (picture, name, code, certificate, or the maker
that signs: a new issuing generation or ESEAL_SEAL_ALGORITHM); `object_digest` tells.
"""
import hashlib

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from ..catalog import seal_label
from ..models import Seal, SealCertificate, SealObject
from . import seal_certs, seal_objects
from .errors import Conflict


def object_digest(pki, seal, maker):
    parts = [str(seal_objects.VERSION), pki.pictures.digest(seal), seal.code,
             seal_label(seal.type, seal.enterprise.type), seal.certificate.serial, maker.name]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _contents(pki, seal, now):
    certificate = seal.certificate
    width, height = pki.pictures.size_mm(seal)
    kind = seal_objects.PERSONAL_SEAL if seal.type == "personal" else seal_objects.ORGANISATION_SEAL
    return seal_objects.Contents(
        es_id=seal.code, seal_type=kind, name=seal_label(seal.type, seal.enterprise.type),
        certificates=(certificate.der,), created=now, valid_start=certificate.not_before,
        valid_end=certificate.not_after, picture=pki.pictures.png(seal), width_mm=width, height_mm=height)


def make_object(session, pki, seal, now):
    """Sign the seal's SESeal with the current maker (in the caller's transaction)."""
    maker = pki.platform(now).maker(pki.maker_algorithm)
    der = seal_objects.make(_contents(pki, seal, now), maker.certificate.public_bytes(Encoding.DER), maker.algorithm,
                            lambda data: pki.keys.sign(maker.key, data))
    row = seal.seal_object or SealObject(seal_id=seal.id)
    row.der, row.digest, row.algorithm, row.maker, row.made_at = (
        der, object_digest(pki, seal, maker), maker.algorithm, maker.name, now)
    session.add(row)
    seal.seal_object = row
    return row


def seal_filed(session, pki, seal, now, valid_from=None):
    """Key, certificate and seal object of a seal just filed, in the caller's transaction."""
    certificate = seal_certs.issue(session, pki, seal, now, valid_from)
    try:
        make_object(session, pki, seal, now)
    except Exception:
        pki.keys.destroy(certificate.key_ref)
        raise
    return certificate


def current_object(session, pki, seal, now):
    """The seal object, re-made (and committed) first when what it holds has changed."""
    maker = pki.platform(now).maker(pki.maker_algorithm)
    row = seal.seal_object
    if row is None or row.digest != object_digest(pki, seal, maker):
        row = make_object(session, pki, seal, now)
        session.commit()
    return row


NOT_USABLE = {"suspended": "该印章已停用，不能下载或使用", "revoked": "该印章已注销，不能下载或使用"}


def object_for_download(session, pki, seal, now):
    """The seal object of a seal in use (made again first if stale); a suspended or revoked one is refused."""
    if seal.status in NOT_USABLE:
        raise Conflict(f"seal_{seal.status}", NOT_USABLE[seal.status])
    if seal.status != "filed" or seal.certificate is None:
        raise Conflict("seal_object_missing", "该印章的印章文件尚未生成，请稍后再试")
    return current_object(session, pki, seal, now)


def issue_missing(session, pki, now):
    """Filed seals from before seal objects existed get their key, certificate and object; each seal is
    committed on its own, so an interrupted run keeps what it made and the next run does the rest."""
    missing = session.scalars(
        select(Seal).outerjoin(SealCertificate, SealCertificate.seal_id == Seal.id)
        .where(Seal.status == "filed", SealCertificate.id.is_(None)).order_by(Seal.id)).all()
    for seal in missing:
        seal_filed(session, pki, seal, now, valid_from=seal.filed_at)
        session.commit()
    stale = session.scalars(
        select(Seal).join(SealCertificate, SealCertificate.seal_id == Seal.id)
        .outerjoin(SealObject, SealObject.seal_id == Seal.id)
        .where(Seal.status == "filed", SealObject.id.is_(None)).order_by(Seal.id)).all()
    for seal in stale:
        make_object(session, pki, seal, now)
        session.commit()
    return len(missing) + len(stale)

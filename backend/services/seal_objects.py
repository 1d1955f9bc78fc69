"""The seal object: SESeal in the GB/T 38540-2020 ("v4") layout, DER, its ASN.1 structures defined once here.

    SESeal       ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING (制章者证书),
                                signAlgID OBJECT IDENTIFIER, signedValue BIT STRING }
    SES_SealInfo ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
                                picture SES_ESPictureInfo, extDatas ExtensionDatas OPTIONAL }
    SES_Header   ::= SEQUENCE { id IA5String ("ES"), version INTEGER (4), vid IA5String }
    SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER (1: certificates),
                                certList SEQUENCE OF OCTET STRING, createDate, validStart, validEnd GeneralizedTime }
    SES_ESPictureInfo  ::= SEQUENCE { type IA5String ("PNG"), data OCTET STRING, width INTEGER, height INTEGER (mm) }

signedValue is the maker's signature of DER(SES_SealInfo). Field names follow public implementations.
"""
from dataclasses import dataclass
from datetime import datetime

from asn1crypto.core import (
    Boolean,
    GeneralizedTime,
    IA5String,
    Integer,
    ObjectIdentifier,
    OctetBitString,
    OctetString,
    Sequence,
    SequenceOf,
    UTF8String,
)

from .keystore import EC_P256, SM2
from .sm2 import SM2_WITH_SM3

HEADER_ID, VERSION, VENDOR_ID = "ES", 4, "GZYWT"
CERT_LIST_CERTIFICATES = 1
ORGANISATION_SEAL, PERSONAL_SEAL = 1, 2  # property.type: 单位印章 / 个人印章
ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2"
SIGN_ALGORITHMS = {EC_P256: ECDSA_WITH_SHA256, SM2: SM2_WITH_SM3}
PICTURE_TYPES = ("PNG",)


class SealHeader(Sequence):
    _fields = [("id", IA5String), ("version", Integer), ("vid", IA5String)]


class CertList(SequenceOf):
    _child_spec = OctetString


class SealProperty(Sequence):
    _fields = [("type", Integer), ("name", UTF8String), ("cert_list_type", Integer), ("cert_list", CertList),
               ("create_date", GeneralizedTime), ("valid_start", GeneralizedTime), ("valid_end", GeneralizedTime)]


class SealPicture(Sequence):
    _fields = [("type", IA5String), ("data", OctetString), ("width", Integer), ("height", Integer)]


class ExtData(Sequence):
    _fields = [("extn_id", ObjectIdentifier), ("critical", Boolean, {"default": False}), ("extn_value", OctetString)]


class ExtDatas(SequenceOf):
    _child_spec = ExtData


class SealInfo(Sequence):
    _fields = [("header", SealHeader), ("es_id", IA5String), ("property", SealProperty), ("picture", SealPicture),
               ("ext_datas", ExtDatas, {"optional": True})]


class SESeal(Sequence):
    _fields = [("e_seal_info", SealInfo), ("cert", OctetString), ("sign_alg_id", ObjectIdentifier),
               ("signed_value", OctetBitString)]


class SealFormatError(ValueError):
    """Not a seal object this platform can read: the message says why, in Chinese."""


@dataclass(frozen=True)
class Contents:
    """What a seal object says, as Python values."""

    es_id: str
    seal_type: int
    name: str
    certificates: tuple  # DER of each certificate in certList
    created: datetime
    valid_start: datetime
    valid_end: datetime
    picture: bytes
    width_mm: int
    height_mm: int


def seal_info(contents):
    return SealInfo({
        "header": {"id": HEADER_ID, "version": VERSION, "vid": VENDOR_ID},
        "es_id": contents.es_id,
        "property": {"type": contents.seal_type, "name": contents.name, "cert_list_type": CERT_LIST_CERTIFICATES,
                     "cert_list": list(contents.certificates), "create_date": contents.created,
                     "valid_start": contents.valid_start, "valid_end": contents.valid_end},
        "picture": {"type": "PNG", "data": contents.picture, "width": contents.width_mm,
                    "height": contents.height_mm},
    })


def make(contents, maker_certificate_der, algorithm, sign):
    """DER of a SESeal: `sign(bytes) -> signature` is the maker's key in its store."""
    info = seal_info(contents)
    return SESeal({"e_seal_info": info, "cert": maker_certificate_der, "sign_alg_id": SIGN_ALGORITHMS[algorithm],
                   "signed_value": sign(info.dump())}).dump()


@dataclass(frozen=True)
class Decoded:
    contents: Contents
    signed_bytes: bytes  # DER(SES_SealInfo) exactly as it was signed
    maker_certificate: bytes
    sign_algorithm: str  # a key of SIGN_ALGORITHMS
    signature: bytes


def decode(data):
    """The parts of a seal object, or SealFormatError: strict DER, all of it, the v4 layout and values."""
    try:
        sealed = SESeal.load(bytes(data), strict=True)
        sealed.native  # parse every part now, not on first use
        info = sealed["e_seal_info"]
        return _checked(sealed, info)
    except SealFormatError:
        raise
    except Exception as exc:  # any decoder error on untrusted bytes (asn1crypto raises several types)
        raise SealFormatError("文件不是有效的电子印章数据（DER 编码无法解析，可能已损坏或被截断）") from exc


def _checked(sealed, info):
    header, prop, picture = info["header"].native, info["property"].native, info["picture"].native
    if header["id"] != HEADER_ID or header["version"] != VERSION:
        raise SealFormatError(f"印章数据头不符合 GB/T 38540（标识 {header['id']}，版本 {header['version']}）")
    if prop["cert_list_type"] != CERT_LIST_CERTIFICATES or not prop["cert_list"]:
        raise SealFormatError("印章数据中没有印章证书")
    if picture["type"] not in PICTURE_TYPES or picture["width"] <= 0 or picture["height"] <= 0:
        raise SealFormatError("印章图像的类型或尺寸无效")
    if not all(isinstance(prop[name], datetime) for name in ("create_date", "valid_start", "valid_end")):
        raise SealFormatError("印章数据中的日期无效")
    algorithm = next((a for a, oid in SIGN_ALGORITHMS.items() if oid == sealed["sign_alg_id"].dotted), None)
    if algorithm is None:
        raise SealFormatError(f"不支持的签名算法（{sealed['sign_alg_id'].dotted}）")
    contents = Contents(
        es_id=info["es_id"].native, seal_type=prop["type"], name=prop["name"], certificates=tuple(prop["cert_list"]),
        created=prop["create_date"], valid_start=prop["valid_start"], valid_end=prop["valid_end"],
        picture=picture["data"], width_mm=picture["width"], height_mm=picture["height"])
    return Decoded(contents=contents, signed_bytes=info.dump(), maker_certificate=sealed["cert"].native,
                   sign_algorithm=algorithm, signature=sealed["signed_value"].native)

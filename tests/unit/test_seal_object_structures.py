"""SESeal (GB/T 38540 v4): the structures round-trip, match the standard's field list, and refuse bad bytes."""
from datetime import UTC, datetime

import pytest
from asn1crypto import core
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from backend.services import seal_objects
from backend.services.keystore import EC_P256
from backend.services.seal_objects import Contents, SealFormatError

KEY = ec.generate_private_key(ec.SECP256R1())
CONTENTS = Contents(es_id="4401000000001", seal_type=seal_objects.ORGANISATION_SEAL, name="公章",
                    certificates=(b"seal certificate DER",), created=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
                    valid_start=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
                    valid_end=datetime(2031, 11, 20, 8, 0, tzinfo=UTC), picture=b"\x89PNG\r\n\x1a\n...",
                    width_mm=42, height_mm=42)


def sign(data):
    return KEY.sign(data, ec.ECDSA(hashes.SHA256()))


def made(contents=CONTENTS):
    return seal_objects.make(contents, b"maker certificate DER", EC_P256, sign)


def test_a_seal_object_decodes_to_what_it_was_made_of():
    decoded = seal_objects.decode(made())
    assert decoded.contents == CONTENTS
    assert decoded.maker_certificate == b"maker certificate DER" and decoded.sign_algorithm == EC_P256
    KEY.public_key().verify(decoded.signature, decoded.signed_bytes, ec.ECDSA(hashes.SHA256()))
    assert decoded.signed_bytes == seal_objects.seal_info(CONTENTS).dump()


def test_the_structures_have_the_fields_of_the_standard_in_its_order():
    names = lambda spec: [name for name, *_ in spec._fields]  # noqa: E731
    assert names(seal_objects.SESeal) == ["e_seal_info", "cert", "sign_alg_id", "signed_value"]
    assert names(seal_objects.SealInfo) == ["header", "es_id", "property", "picture", "ext_datas"]
    assert names(seal_objects.SealHeader) == ["id", "version", "vid"]
    assert names(seal_objects.SealProperty) == ["type", "name", "cert_list_type", "cert_list", "create_date",
                                                "valid_start", "valid_end"]
    assert names(seal_objects.SealPicture) == ["type", "data", "width", "height"]


def kinds(sequence):
    return [type(sequence[i]).__name__ for i in range(len(sequence))]


def test_the_der_has_the_standards_types_read_without_our_schema():
    outer = core.Sequence.load(made())  # a generic parse: universal types only
    assert kinds(outer) == ["Sequence", "OctetString", "ObjectIdentifier", "BitString"]
    info = outer[0]
    assert kinds(info) == ["Sequence", "IA5String", "Sequence", "Sequence"]
    assert kinds(info[0]) == ["IA5String", "Integer", "IA5String"]
    assert (info[0][0].native, info[0][1].native, info[1].native) == ("ES", 4, "4401000000001")
    assert kinds(info[2]) == ["Integer", "UTF8String", "Integer", "Sequence", "GeneralizedTime", "GeneralizedTime",
                              "GeneralizedTime"]
    assert kinds(info[2][3]) == ["OctetString"]
    assert kinds(info[3]) == ["IA5String", "OctetString", "Integer", "Integer"]
    assert [info[3][i].native for i in (0, 2, 3)] == ["PNG", 42, 42]


def test_signature_algorithm_ids_are_the_standards():
    assert seal_objects.SIGN_ALGORITHMS == {"ec-p256": "1.2.840.10045.4.3.2", "sm2": "1.2.156.10197.1.501"}


@pytest.mark.parametrize("damage", [
    lambda der: der[:-1], lambda der: der[: len(der) // 2], lambda der: der + b"\x00", lambda der: b"",
    lambda der: b"%PDF-1.7 not a seal", lambda der: b"\x30\x82\xff\xff" + der[4:], lambda der: der[:3],
])
def test_damaged_bytes_are_refused_as_not_a_seal_object(damage):
    with pytest.raises(SealFormatError, match="不是有效的电子印章数据"):
        seal_objects.decode(damage(made()))


def test_a_header_of_another_version_is_refused_by_name():
    info = seal_objects.seal_info(CONTENTS)
    info["header"]["version"] = 3
    der = seal_objects.SESeal({"e_seal_info": info, "cert": b"c", "sign_alg_id": "1.2.840.10045.4.3.2",
                               "signed_value": b"s"}).dump()
    with pytest.raises(SealFormatError, match="版本 3"):
        seal_objects.decode(der)


def test_an_unknown_signature_algorithm_is_refused_by_its_oid():
    info = seal_objects.seal_info(CONTENTS)
    der = seal_objects.SESeal({"e_seal_info": info, "cert": b"c", "sign_alg_id": "1.2.840.113549.1.1.11",
                               "signed_value": b"s"}).dump()
    with pytest.raises(SealFormatError, match="1.2.840.113549.1.1.11"):
        seal_objects.decode(der)


def test_an_object_without_certificates_is_refused():
    with pytest.raises(SealFormatError, match="没有印章证书"):
        seal_objects.decode(made(Contents(**{**CONTENTS.__dict__, "certificates": ()})))

"""SM2 with SM3 (GM/T 0003 / GM/T 0004) through gmssl-pyx: `cryptography` has SM3 but no SM2 keys.

Signatures use the standard's default signer id 1234567812345678 (the Z value of GM/T 0003.2), so
Debian's openssl 3 (`pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678`) checks them.
Public keys travel as X.509 SubjectPublicKeyInfo: id-ecPublicKey on the sm2 curve.
"""
from asn1crypto import keys
from gmssl_pyx import GmsslInnerError, sm2_key_generate, sm2_sign, sm2_verify

SM2_CURVE = "1.2.156.10197.1.301"
SM3 = "1.2.156.10197.1.401"
SM2_WITH_SM3 = "1.2.156.10197.1.501"
SIGNER_ID = b"1234567812345678"


def generate():
    """(private key: 32 bytes, SubjectPublicKeyInfo DER)."""
    point, private = sm2_key_generate()
    return private, spki_of(point)


def spki_of(point):
    """SubjectPublicKeyInfo of a 64-byte (x ‖ y) point."""
    return keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": ("named", SM2_CURVE)},
        "public_key": b"\x04" + point,
    }).dump()


def point_of(spki):
    """The 64-byte point of an SM2 SubjectPublicKeyInfo; ValueError for any other key."""
    info = keys.PublicKeyInfo.load(spki)
    parameters = info["algorithm"]["parameters"]
    if info["algorithm"]["algorithm"].native != "ec" or parameters.name != "named" \
            or parameters.chosen.dotted != SM2_CURVE:
        raise ValueError("not an SM2 public key")
    point = info["public_key"].native
    if len(point) != 65 or point[0] != 4:
        raise ValueError("not an uncompressed SM2 point")
    return point[1:]


def sign(private, spki, data):
    """DER (r, s) signature of data with SM3 and the default signer id."""
    return sm2_sign(private, point_of(spki), data, SIGNER_ID)


def verify(spki, data, signature):
    """True when signature is an SM2-with-SM3 signature of data under spki; False for anything else."""
    try:
        return bool(sm2_verify(point_of(spki), data, signature, SIGNER_ID))
    except (GmsslInnerError, ValueError, TypeError, KeyError):
        return False

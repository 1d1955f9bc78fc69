"""Jump tokens: what is accepted and each way a token is refused, with its code."""
import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.services.errors import DomainError
from backend.services.jump_tokens import (
    JUMP_REQUEST_TYP, RESULT_TYP, KeyRing, TokenError, issue_jump_request, issue_result, redirect_uri_allowed,
    verify,
)

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
A, B = "yiwangtong", "elicense"
REDIRECT = "https://a.example/api/elicense/return"


def new_ring():
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return KeyRing.from_private_pems([pem])


@pytest.fixture
def ring():
    return new_ring()


def request_token(ring, now=NOW, ttl=300, **changes):
    fields = dict(issuer=A, audience=B, subject="u-7f3a", credit_code="91440101MA5CXXXX0X", purpose="download",
                  redirect_uri=REDIRECT, state="st-1", nonce="n-1", now=now, ttl_seconds=ttl)
    return issue_jump_request(ring, **{**fields, **changes})


def result_token(ring, now=NOW, outcome="verified"):
    return issue_result(ring, issuer=B, audience=A, subject="u-7f3a", credit_code="91440101MA5CXXXX0X",
                        outcome=outcome, nonce="n-1", state="st-1", now=now, ttl_seconds=300)


def verify_request(token, ring, now=NOW, issuer=A, audience=B):
    return verify(token, ring.public_keys(), expected_typ=JUMP_REQUEST_TYP, issuer=issuer, audience=audience, now=now)


def refusal(token, ring, **kwargs):
    with pytest.raises(TokenError) as caught:
        verify_request(token, ring, **kwargs)
    return caught.value.code


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token):
    header, payload, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


def signed_by_ring(ring, header, claims):
    """A token made outside issue_*: to test what verify does with claims issue_* would never write."""
    return jwt.encode(claims, ring.signing_key, algorithm="EdDSA", headers=header)


def test_jump_request_round_trip_returns_its_claims(ring):
    claims = verify_request(request_token(ring), ring)
    assert claims["iss"] == A and claims["aud"] == B and claims["sub"] == "u-7f3a"
    assert claims["credit_code"] == "91440101MA5CXXXX0X" and claims["purpose"] == "download"
    assert claims["redirect_uri"] == REDIRECT and claims["state"] == "st-1" and claims["nonce"] == "n-1"
    assert claims["exp"] - claims["iat"] == 300
    assert len(base64.urlsafe_b64decode(claims["jti"] + "==")) == 16


def test_jump_request_header_names_type_kid_and_eddsa(ring):
    header, _, _ = parts(request_token(ring))
    assert header == {"alg": "EdDSA", "typ": JUMP_REQUEST_TYP, "kid": ring.signing_kid}


@pytest.mark.parametrize("outcome", ["verified", "cancelled"])
def test_result_round_trip_returns_outcome(ring, outcome):
    token = result_token(ring, outcome=outcome)
    claims = verify(token, ring.public_keys(), expected_typ=RESULT_TYP, issuer=B, audience=A, now=NOW)
    assert claims["outcome"] == outcome and claims["nonce"] == "n-1" and claims["state"] == "st-1"
    assert parts(token)[0]["typ"] == RESULT_TYP


def test_result_with_unknown_outcome_is_not_issued(ring):
    with pytest.raises(ValueError):
        result_token(ring, outcome="maybe")


def test_every_token_gets_a_fresh_jti(ring):
    assert parts(request_token(ring))[1]["jti"] != parts(request_token(ring))[1]["jti"]


def test_ttl_is_capped_at_five_minutes(ring):
    _, claims, _ = parts(request_token(ring, ttl=3600))
    assert claims["exp"] - claims["iat"] == 300


def test_token_error_is_a_400_domain_error_in_chinese():
    error = TokenError("token_expired")
    assert isinstance(error, DomainError) and error.status == 400
    assert error.message == "跳转凭证已过期，请重新发起下载"


def test_tampered_payload_is_refused(ring):
    token = request_token(ring)
    header, payload, signature = token.split(".")
    claims = parts(token)[1] | {"redirect_uri": "https://evil.example/steal"}
    forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    assert refusal(forged, ring) == "token_signature"


def test_tampered_signature_is_refused(ring):
    header, payload, signature = request_token(ring).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[0] ^= 1
    assert refusal(f"{header}.{payload}.{b64(bytes(raw))}", ring) == "token_signature"


def test_token_signed_by_another_key_under_our_kid_is_refused(ring):
    header, claims, _ = parts(request_token(ring))
    forged = signed_by_ring(new_ring(), header, claims)
    assert refusal(forged, ring) == "token_signature"


def test_alg_none_is_refused(ring):
    header, claims, _ = parts(request_token(ring))
    header["alg"] = "none"
    forged = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."
    assert refusal(forged, ring) == "token_alg"


@pytest.mark.parametrize("secret_form", ["raw", "pem"])
def test_hs256_signed_with_our_public_key_is_refused(ring, secret_form):
    public = ring.signing_key.public_key()
    secret = (public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) if secret_form == "raw"
              else public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    header, claims, _ = parts(request_token(ring))
    signing_input = f"{b64(json.dumps(header | {'alg': 'HS256'}).encode())}.{b64(json.dumps(claims).encode())}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    assert refusal(f"{signing_input}.{b64(mac)}", ring) == "token_alg"


@pytest.mark.parametrize("token", [None, "", "abc", "a.b", "a.b.c.d", "!!!.e30.c2ln", "WzFd.e30.c2ln"])
def test_malformed_token_is_refused(ring, token):
    assert refusal(token, ring) == "token_malformed"


def test_unknown_kid_is_refused(ring):
    token = request_token(new_ring())
    assert refusal(token, ring) == "token_kid_unknown"


def test_missing_kid_is_refused(ring):
    header, claims, _ = parts(request_token(ring))
    del header["kid"]
    assert refusal(signed_by_ring(ring, header, claims), ring) == "token_kid_unknown"


def test_expired_token_is_accepted_inside_the_leeway(ring):
    verify_request(request_token(ring), ring, now=NOW + timedelta(seconds=300 + 29))


def test_expired_token_is_refused_beyond_the_leeway(ring):
    assert refusal(request_token(ring), ring, now=NOW + timedelta(seconds=300 + 31)) == "token_expired"


def test_token_issued_in_the_future_is_refused(ring):
    token = request_token(ring, now=NOW + timedelta(seconds=31))
    assert refusal(token, ring) == "token_not_yet_valid"


def test_token_issued_slightly_in_the_future_is_accepted(ring):
    verify_request(request_token(ring, now=NOW + timedelta(seconds=29)), ring)


def test_wrong_issuer_is_refused(ring):
    assert refusal(request_token(ring, issuer="someone-else"), ring) == "token_issuer"


def test_wrong_audience_is_refused(ring):
    assert refusal(request_token(ring, audience="another-app"), ring) == "token_audience"


def test_audience_given_as_a_list_is_refused(ring):
    header, claims, _ = parts(request_token(ring))
    assert refusal(signed_by_ring(ring, header, claims | {"aud": [B]}), ring) == "token_claims"


def test_result_presented_as_jump_request_is_refused(ring):
    assert refusal(result_token(ring), ring, issuer=B, audience=A) == "token_type"


def test_jump_request_presented_as_result_is_refused(ring):
    with pytest.raises(TokenError) as caught:
        verify(request_token(ring), ring.public_keys(), expected_typ=RESULT_TYP, issuer=A, audience=B, now=NOW)
    assert caught.value.code == "token_type"


@pytest.mark.parametrize("claim", ["jti", "nonce", "sub", "credit_code", "exp", "iat", "iss", "aud", "redirect_uri",
                                   "state", "purpose"])
def test_jump_request_missing_a_claim_is_refused(ring, claim):
    header, claims, _ = parts(request_token(ring))
    del claims[claim]
    assert refusal(signed_by_ring(ring, header, claims), ring) == "token_claims"


@pytest.mark.parametrize("claim", ["outcome", "nonce", "jti"])
def test_result_missing_a_claim_is_refused(ring, claim):
    header, claims, _ = parts(result_token(ring))
    del claims[claim]
    with pytest.raises(TokenError) as caught:
        verify(signed_by_ring(ring, header, claims), ring.public_keys(), expected_typ=RESULT_TYP, issuer=B,
               audience=A, now=NOW)
    assert caught.value.code == "token_claims"


@pytest.mark.parametrize("changes", [{"outcome": "maybe"}, {"nonce": ""}, {"exp": "soon"}, {"sub": 7}])
def test_result_with_an_invalid_claim_is_refused(ring, changes):
    header, claims, _ = parts(result_token(ring))
    with pytest.raises(TokenError) as caught:
        verify(signed_by_ring(ring, header, claims | changes), ring.public_keys(), expected_typ=RESULT_TYP,
               issuer=B, audience=A, now=NOW)
    assert caught.value.code == "token_claims"


def test_token_living_longer_than_five_minutes_is_refused(ring):
    header, claims, _ = parts(request_token(ring))
    assert refusal(signed_by_ring(ring, header, claims | {"exp": claims["iat"] + 3600}), ring) == "token_claims"


def test_naive_now_is_a_programming_error(ring):
    with pytest.raises(ValueError):
        verify_request(request_token(ring), ring, now=NOW.replace(tzinfo=None))


def test_registered_redirect_uri_matches_exactly():
    assert redirect_uri_allowed(REDIRECT, [REDIRECT])


@pytest.mark.parametrize("uri", [
    "https://evil.example/api/elicense/return",
    REDIRECT + "/more",
    REDIRECT + "?next=https://evil.example",
    "https://A.example/api/elicense/return",
    REDIRECT + "#frag",
    "//evil.example",
    REDIRECT + "/",
    "https://a.example/api/elicense/return/../return",
    "",
    None,
])
def test_unregistered_redirect_uri_is_refused(uri):
    assert not redirect_uri_allowed(uri, [REDIRECT])

"""The result token at /api/elicense/callback: forged, tampered, expired or mis-addressed → a refusal page."""
import base64
import hashlib
import hmac
import json
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.services import jump_tokens
from backend.services.signing_keys import KeyRing
from backend.testing.client import callback, page_text
from backend.testing.state import download_row, snapshot
from backend.testing.tokens import pseudonym_of, result_token

PHONE = "13800000002"


def b64(data):
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def fresh_ring():
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    return KeyRing.from_private_pems([pem])


def claims_for(app, clock, download_id):
    """The claims of a valid result, decoded (not re-verified) from one the licence app's ring signed."""
    return unb64(result_token(app, clock, download_id).split(".")[1])


def assert_refused(app, client, download_id, token, message):
    before = snapshot(app)
    response = callback(client, token)
    assert response.status_code == 400, response.headers.get("Location")
    assert message in page_text(response)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    not_done = client.post(f"/api/downloads/{download_id}/complete", json={})  # nothing remembered either
    assert not_done.status_code == 400 and not_done.get_json()["error"] == "not_verified"
    assert snapshot(app) == before


def test_the_untampered_result_is_accepted(app, clock, started):
    client, download = started
    response = callback(client, result_token(app, clock, download["id"]))
    assert response.status_code == 303
    assert client.post(f"/api/downloads/{download['id']}/complete", json={}).status_code == 200


def test_result_with_a_changed_claim_and_the_old_signature_is_refused(app, clock, started):
    client, download = started
    header, payload, signature = result_token(app, clock, download["id"], outcome="cancelled").split(".")
    claims = unb64(payload)
    claims["outcome"] = "verified"
    assert_refused(app, client, download["id"], f"{header}.{b64(claims)}.{signature}", "跳转凭证签名无效")


def test_result_with_a_tampered_signature_is_refused(app, clock, started):
    client, download = started
    header, payload, signature = result_token(app, clock, download["id"]).split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    assert_refused(app, client, download["id"], f"{header}.{payload}.{flipped}", "跳转凭证签名无效")


def test_unsigned_result_with_alg_none_is_refused(app, clock, started):
    client, download = started
    header = {"alg": "none", "typ": jump_tokens.RESULT_TYP, "kid": app.extensions["elicense"].key_ring.signing_kid}
    token = f"{b64(header)}.{b64(claims_for(app, clock, download['id']))}."
    assert_refused(app, client, download["id"], token, "跳转凭证的签名算法不被接受")


def test_hs256_result_keyed_with_the_licence_apps_public_key_is_refused(app, clock, started):
    client, download = started
    ring = app.extensions["elicense"].key_ring
    public = ring.signing_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signing_input = f"{b64({'alg': 'HS256', 'typ': jump_tokens.RESULT_TYP, 'kid': ring.signing_kid})}." \
                    f"{b64(claims_for(app, clock, download['id']))}"
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    assert_refused(app, client, download["id"], f"{signing_input}.{b64(mac)}", "跳转凭证的签名算法不被接受")


def test_result_signed_by_an_unknown_key_is_refused(app, clock, started):
    client, download = started
    token = result_token(app, clock, download["id"], ring=fresh_ring())
    assert_refused(app, client, download["id"], token, "跳转凭证的签名密钥未知")


def test_result_signed_by_another_key_under_the_licence_apps_kid_is_refused(app, clock, started):
    client, download = started
    kid = app.extensions["elicense"].key_ring.signing_kid
    token = jwt.encode(claims_for(app, clock, download["id"]), fresh_ring().signing_key, algorithm="EdDSA",
                       headers={"typ": jump_tokens.RESULT_TYP, "kid": kid})
    assert_refused(app, client, download["id"], token, "跳转凭证签名无效")


def test_result_expired_beyond_the_leeway_is_refused(app, clock, started):
    client, download = started
    token = result_token(app, clock, download["id"], now=clock.now - timedelta(seconds=331))
    assert_refused(app, client, download["id"], token, "跳转凭证已过期")


def test_result_expired_within_the_30_second_leeway_is_accepted(app, clock, started):
    client, download = started
    response = callback(client, result_token(app, clock, download["id"], now=clock.now - timedelta(seconds=329)))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/h5/#/eseal/result?download={download['id']}"
    assert client.post(f"/api/downloads/{download['id']}/complete", json={}).status_code == 200


def test_result_from_the_future_is_refused(app, clock, started):
    client, download = started
    token = result_token(app, clock, download["id"], now=clock.now + timedelta(seconds=120))
    assert_refused(app, client, download["id"], token, "跳转凭证的签发时间无效")


@pytest.mark.parametrize("issuer", ["eseal-h5", "evil", "Elicense"])
def test_result_from_another_issuer_is_refused(app, clock, started, issuer):
    client, download = started
    token = result_token(app, clock, download["id"], issuer=issuer)
    assert_refused(app, client, download["id"], token, "跳转凭证的签发方不受信任")


@pytest.mark.parametrize("audience", ["elicense", "other-app", "eseal-h5 "])
def test_result_for_another_audience_is_refused(app, clock, started, audience):
    client, download = started
    token = result_token(app, clock, download["id"], audience=audience)
    assert_refused(app, client, download["id"], token, "跳转凭证不是签发给本应用的")


def jump_request_as_result(app, clock, download_id, ring):
    row = download_row(app, download_id)
    return jump_tokens.issue_jump_request(
        ring, issuer="elicense", audience="eseal-h5", subject=pseudonym_of(app, row["user_id"]),
        credit_code=row["credit_code"], purpose="download", redirect_uri="http://localhost/api/elicense/callback",
        state=row["state"], nonce=row["nonce"], now=clock.now, ttl_seconds=300)


def test_jump_request_token_signed_by_the_licence_app_is_refused_as_a_result(app, clock, started):
    client, download = started
    token = jump_request_as_result(app, clock, download["id"], app.extensions["elicense"].key_ring)
    assert_refused(app, client, download["id"], token, "跳转凭证类型不符")


def test_our_own_jump_request_token_is_refused_as_a_result(app, clock, started):
    client, download = started
    token = download["jump_url"].split("request=", 1)[1]
    assert_refused(app, client, download["id"], token, "跳转凭证的签名密钥未知")


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c", "x" * 5000])
def test_malformed_result_is_refused(app, started, token):
    client, download = started
    assert_refused(app, client, download["id"], token, "跳转凭证")


NESTED = "[" * 5000


@pytest.mark.parametrize("part", ["header", "payload"])
def test_a_token_whose_json_is_nested_past_the_parser_is_a_refusal_page_not_a_500(app, clock, started, part):
    client, download = started
    header, payload, signature = result_token(app, clock, download["id"]).split(".")
    nested = b64(NESTED.encode())
    token = f"{nested}.{payload}.{signature}" if part == "header" else f"{header}.{nested}.{signature}"
    assert_refused(app, client, download["id"], token, jump_tokens.MESSAGES["token_malformed"])


def test_an_overlong_token_is_refused_unparsed(app, clock, started):
    client, download = started
    header, payload, signature = result_token(app, clock, download["id"]).split(".")
    padded = b64({**unb64(payload), "pad": "x" * jump_tokens.MAX_TOKEN_LENGTH})
    assert_refused(app, client, download["id"], f"{header}.{padded}.{signature}",
                   jump_tokens.MESSAGES["token_malformed"])


def test_a_result_for_another_purpose_is_refused(app, clock, started):
    client, download = started
    assert_refused(app, client, download["id"], result_token(app, clock, download["id"], purpose="stamp"),
                   "跳转凭证不是为本次业务签发的，请重新发起")


@pytest.mark.parametrize("part", ["header", "payload"])
def test_the_licence_app_refuses_a_nested_jump_request_with_a_page(app, client, part):
    ring = app.extensions["eseal_key_ring"]
    token = jump_tokens.issue_jump_request(
        ring, issuer="eseal-h5", audience="elicense", subject="s", credit_code="91440101MA5CYK2B1X",
        purpose="download", redirect_uri="http://localhost/api/elicense/callback", state="st", nonce="n",
        now=app.config["ESEAL_CLOCK"](), ttl_seconds=300)
    header, payload, signature = token.split(".")
    nested = b64(NESTED.encode())
    token = f"{nested}.{payload}.{signature}" if part == "header" else f"{header}.{nested}.{signature}"
    response = client.get("/elicense/jump", query_string={"request": token})
    assert response.status_code == 400
    assert "跳转凭证" in page_text(response)

"""The licence app (B) takes a jump only to the exact registered callback: no open redirect of any form."""
import pytest

from backend.services import jump_tokens
from backend.testing.client import elicense_csrf, page_text
from backend.testing.state import download_row, snapshot
from backend.testing.tokens import pseudonym_of

PHONE = "13800000002"
REGISTERED = "http://localhost/api/elicense/callback"
NO_JUMP = "请从一网通电子印章发起下载"


def jump_request(app, clock, download_id, redirect_uri):
    row = download_row(app, download_id)
    return jump_tokens.issue_jump_request(
        app.extensions["eseal_key_ring"], issuer="eseal-h5", audience="elicense",
        subject=pseudonym_of(app, row["user_id"]), credit_code=row["credit_code"], purpose="download",
        redirect_uri=redirect_uri, state=row["state"], nonce=row["nonce"], now=clock.now, ttl_seconds=300)


def test_the_registered_callback_is_the_one_a_uses(app):
    assert app.config["ELICENSE_CLIENTS"] == {"eseal-h5": [REGISTERED]}


def test_jump_to_the_exact_registered_callback_is_taken(app, clock, started):
    client, download = started
    response = client.get("/elicense/jump", query_string={"request": jump_request(app, clock, download["id"],
                                                                                  REGISTERED)})
    assert response.status_code == 303 and response.headers["Location"].endswith("/elicense/")
    assert client.get("/elicense/").status_code == 200


@pytest.mark.parametrize("redirect_uri", [
    "http://evil.example/api/elicense/callback",
    "http://localhost/api/elicense/callback/x",
    "http://localhost/api/elicense/callback?x=1",
    "HTTP://LOCALHOST/api/elicense/callback",
    "http://localhost/API/elicense/callback",
    "http://localhost/api/elicense/callback#x",
    "//evil.example/api/elicense/callback",
    "http://localhost/api/elicense/callback/",
    "https://localhost/api/elicense/callback",
    "http://localhost:80/api/elicense/callback",
    "http://localhost@evil.example/api/elicense/callback",
    "http://localhost.evil.example/api/elicense/callback",
    "http://localhost/api/elicense/x/../callback",
    "http://localhost/api/elicense/callback%23x",
    " http://localhost/api/elicense/callback",
    "/api/elicense/callback",
])
def test_jump_to_an_unregistered_redirect_uri_is_refused_by_b(app, clock, started, redirect_uri):
    client, download = started
    before = snapshot(app)
    refused = client.get("/elicense/jump", query_string={"request": jump_request(app, clock, download["id"],
                                                                                 redirect_uri)})
    assert 400 <= refused.status_code < 500
    assert "跳转地址未登记，已拒绝" in page_text(refused)
    assert "Location" not in refused.headers
    after_refusal = client.get("/elicense/")  # B's cookie holds no jump
    assert after_refusal.status_code == 400 and NO_JUMP in page_text(after_refusal)
    assert snapshot(app) == before


def test_refused_jump_does_not_replace_an_earlier_accepted_one(app, clock, started):
    client, download = started
    client.get("/elicense/jump", query_string={"request": jump_request(app, clock, download["id"], REGISTERED)})
    evil = jump_request(app, clock, download["id"], "http://evil.example/api/elicense/callback")
    refused = client.get("/elicense/jump", query_string={"request": evil})
    assert refused.status_code == 400 and "跳转地址未登记，已拒绝" in page_text(refused)
    listing = client.get("/elicense/")
    assert listing.status_code == 200
    back = client.post("/elicense/cancel", data={"csrf": elicense_csrf(listing)})
    assert back.status_code == 303 and back.headers["Location"].startswith(REGISTERED + "?result=")


def test_jump_request_signed_by_an_unknown_client_is_refused_by_b(app, clock, started):
    client, download = started
    row = download_row(app, download["id"])
    token = jump_tokens.issue_jump_request(
        app.extensions["elicense"].key_ring, issuer="eseal-h5", audience="elicense", subject="x",
        credit_code=row["credit_code"], purpose="download", redirect_uri=REGISTERED, state=row["state"],
        nonce=row["nonce"], now=clock.now, ttl_seconds=300)
    refused = client.get("/elicense/jump", query_string={"request": token})
    assert refused.status_code == 400 and "跳转凭证的签名密钥未知" in page_text(refused)
    listing = client.get("/elicense/")
    assert listing.status_code == 400 and NO_JUMP in page_text(listing)

"""Fixtures and steps of the licence app's page tests (tests/api/test_elicense_*.py), through the client."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from backend.elicense import service
from backend.elicense.models import ElicenseFlow, ElicenseLogin, LicenceHolding
from backend.extensions import db
from backend.models import Throttle
from backend.services import jump_tokens
from backend.services.signing_keys import KeyRing
from tests.factories import id_number


CLIENT_ID = "eseal-h5"
CALLBACK = "http://localhost/api/elicense/callback"  # ESEAL_PUBLIC_URL + the callback path


def ring():
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    return KeyRing.from_private_pems([pem])


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, "ESEAL_ELICENSE_SYNC_SECONDS": 60, "ESEAL_PUBLIC_URL": "http://localhost"}


@pytest.fixture
def rings(app):
    """A's ring (which the mounted licence app trusts) and B's, as the factory composed them."""
    return {"a": app.extensions["eseal_key_ring"], "b": app.extensions["elicense"].key_ring}


@pytest.fixture
def b_app(app):
    assert "elicense" in app.blueprints  # mounted at /elicense by create_app
    return app


@pytest.fixture
def enterprise(b_app, make_principal):
    return make_principal()[1]  # principal 张三, id_number(1)


def jump_token(rings, clock, credit_code, redirect_uri=CALLBACK, purpose="download"):
    return jump_tokens.issue_jump_request(
        rings["a"], issuer=CLIENT_ID, audience="elicense", subject="user-1", credit_code=credit_code,
        purpose=purpose, redirect_uri=redirect_uri, state="state-1", nonce="nonce-1", now=clock.now,
        ttl_seconds=300)


def csrf(response):
    return re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def post(client, path, **form):
    token = csrf(client.get("/elicense/"))
    return client.post(path, data={"csrf": token, **form})


def arrive(client, rings, clock, enterprise):
    response = client.get(f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}")
    assert response.status_code == 303 and response.headers["Location"].endswith("/elicense/")
    return client.get("/elicense/")


def identify(client, name="张三", serial=1):
    assert post(client, "/elicense/download/realname", name=name, id_number=id_number(serial)).status_code == 303
    return post(client, "/elicense/download/face")


def download(client, enterprise, password="246810", password2="246810"):
    assert post(client, "/elicense/download/place", place="广东省").status_code == 303
    chosen = post(client, "/elicense/download/choose", credit_code=enterprise["credit_code"], agree="yes")
    assert chosen.status_code == 303
    return post(client, "/elicense/download/password", password=password, password2=password2)


def holding_link(client):
    return re.search(r'href="(/elicense/licences/\d+/verify)"', client.get("/elicense/").get_data(as_text=True)).group(1)


def result_of(response, rings, clock):
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    token = parse_qs(location.query)["result"][0]
    return jump_tokens.verify(token, rings["b"].public_keys(), expected_typ=jump_tokens.RESULT_TYP,
                              issuer="elicense", audience=CLIENT_ID, now=clock.now)


def licence_state(app, clock):
    """What a stranger must not change: each holding's wrong tries, lock and attempts being checked; flows."""
    with app.app_context():
        s, throttles = db.session, app.extensions["elicense"].throttles
        holdings = [(h.id, service.failed_attempts(s, throttles, h, clock.now),
                     service.locked_until(s, throttles, h, clock.now),
                     throttles.reservations(s, f"licence:{h.id}", clock.now), h.password_hash)
                    for h in s.scalars(select(LicenceHolding).order_by(LicenceHolding.id))]
        flows = sorted(s.execute(select(ElicenseFlow.jti, ElicenseFlow.holder_id, ElicenseFlow.verified,
                                        ElicenseFlow.ended_at)).all())
        return {"holdings": holdings, "throttle_rows": s.scalar(select(func.count()).select_from(Throttle)),
                "flows": flows, "logins": s.scalar(select(func.count()).select_from(ElicenseLogin))}


def owner_with_licence(b_app, rings, clock, enterprise):
    owner = b_app.test_client()
    arrive(owner, rings, clock, enterprise)
    identify(owner)
    download(owner, enterprise)
    clock.advance(61)  # past data sync
    return owner, holding_link(owner)


def refusal_code(response):
    return response.get_data(as_text=True).split('data-code="', 1)[1].split('"', 1)[0]

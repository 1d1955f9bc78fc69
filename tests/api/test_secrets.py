"""One key per purpose: SMS code digests, picture URL signatures and ID digests each have their own,
none is SECRET_KEY, and changing one leaves the others' outputs as they were."""
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from backend.context import (ELICENSE_COOKIE, ID_DIGEST, JUMP_SUBJECT, SEAL_IMAGE_URL, SMS_CODE_DIGEST, id_key,
                             purpose_key)
from backend.models import User
from backend.services.identifiers import id_number_digest
from backend.testing.client import login, sms_code, verify
from tests.factories import id_number

PURPOSES = (ID_DIGEST, SMS_CODE_DIGEST, SEAL_IMAGE_URL, JUMP_SUBJECT, ELICENSE_COOKIE)


def keys(app):
    with app.app_context():
        return {purpose: purpose_key(purpose) for purpose in PURPOSES} | {"id": id_key()}


@pytest.mark.parametrize("app_config", [{"ESEAL_ID_HASH_KEY": None}])
def test_every_purpose_has_its_own_key_and_none_is_the_secret_key(app):
    derived = keys(app)
    secret = app.config["SECRET_KEY"].encode()
    assert len({derived[purpose] for purpose in PURPOSES}) == len(PURPOSES)
    assert derived["id"] == derived[ID_DIGEST]
    assert all(len(key) == 32 and key != secret and secret not in key for key in derived.values())


def test_a_new_secret_key_gives_new_derived_keys(app):
    before = keys(app)
    app.config["SECRET_KEY"] = "another-test-secret"
    after = keys(app)
    assert all(before[p] != after[p] for p in PURPOSES)


@pytest.mark.parametrize("app_config", [{"ESEAL_ID_HASH_KEY": "the-register-key"}])
def test_the_id_hash_key_setting_still_keys_id_digests_as_the_licence_app_computes_them(app, client, db):
    assert keys(app)["id"] == b"the-register-key"
    login(client, "13900000001")
    verify(client, "张三", id_number(1))
    with app.app_context():
        stored = db.session.scalar(select(User.id_digest).where(User.phone == "13900000001"))
    assert stored == id_number_digest(id_number(1), b"the-register-key")


def test_changing_the_id_hash_key_leaves_sms_codes_valid(app, client):
    """A code sent before the ID key changed still logs in: the SMS digest key is not the ID key."""
    app.config["ESEAL_ID_HASH_KEY"] = "first-register-key"
    assert client.post("/api/auth/sms-codes", json={"phone": "13900000001"}).status_code == 201
    code = sms_code(client, "13900000001")
    app.config["ESEAL_ID_HASH_KEY"] = "second-register-key"
    response = client.post("/api/auth/login", json={"phone": "13900000001", "code": code})
    assert response.status_code == 200, response.get_json()


def test_picture_urls_are_not_signed_with_the_secret_key_nor_the_id_key(app, make_principal):
    client, enterprise = make_principal()
    url = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]["image_url"]
    query = parse_qs(urlsplit(url).query)
    seal_id = urlsplit(url).path.split("/")[3]
    session_id = _session_id(app, client)
    message = f"seal-image:{session_id}:{seal_id}:{query['size'][0]}:{query['v'][0]}".encode()

    def signed_with(key):
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]

    derived = keys(app)
    assert query["sig"][0] == signed_with(derived[SEAL_IMAGE_URL])
    assert query["sig"][0] not in {signed_with(app.config["SECRET_KEY"].encode()), signed_with(derived["id"]),
                                   signed_with(derived[SMS_CODE_DIGEST])}
    # a new ID key changes neither the URL nor its acceptance
    app.config["ESEAL_ID_HASH_KEY"] = "another-register-key"
    again = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]["image_url"]
    assert again == url
    assert client.get(url, headers={"If-None-Match": f'"{query["v"][0]}"'}).status_code == 304


def _session_id(app, client):
    """The login session id the cookie carries (what picture URLs are bound to)."""
    from flask.sessions import SecureCookieSessionInterface
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(client.get_cookie("eseal_session").value)["_user_id"]


def test_demo_accounts_written_by_seed_demo_are_readable_by_their_owner_only(app, tmp_path):
    """The file lists 身份证号 and licence passwords: 0600, also when it existed with a wider mode."""
    import json
    import os
    path = tmp_path / "demo-accounts.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    result = app.test_cli_runner().invoke(args=["seed-demo", "--json", "--output", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["accounts"]


def test_the_jump_subject_is_keyed_by_its_own_key_not_the_id_digest_key(app):
    from backend.services.jump_service import pseudonym
    with app.app_context():
        subject_key, digest_key = purpose_key(JUMP_SUBJECT), id_key()
    assert app.extensions["eseal_jump"].subject(7) == pseudonym(subject_key, 7) != pseudonym(digest_key, 7)


def test_the_licence_app_cookie_is_signed_with_its_own_derived_key(app):
    from itsdangerous import URLSafeTimedSerializer

    from backend.elicense import cookie
    raw = cookie.dump(app.config["SECRET_KEY"], {"csrf": "c", "flow": "f"})
    assert cookie.load(app.config["SECRET_KEY"], raw) == {"csrf": "c", "flow": "f"}
    with app.app_context():
        derived = purpose_key(ELICENSE_COOKIE)
    assert URLSafeTimedSerializer(derived, salt=cookie.SALT).loads(raw) == {"csrf": "c", "flow": "f"}
    forged = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=cookie.SALT).dumps({"csrf": "c", "flow": "x"})
    assert "flow" not in cookie.load(app.config["SECRET_KEY"], forged)  # signed with the master: not believed

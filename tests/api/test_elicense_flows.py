"""The licence app's flow lives on the server: a leaked link identifies nobody, a saved cookie mints nothing."""

import pytest

from backend.elicense import cookie
from backend.testing.licence import (arrive, csrf, holding_link, jump_token, licence_state,
                                     owner_with_licence, post, refusal_code, result_of)
from tests.factories import id_number

# Its data sync lasts 60 s here: a fresh licence answers 数据同步中 until the clock is moved past it.
pytestmark = pytest.mark.eseal_settings(ESEAL_ELICENSE_SYNC_SECONDS=60)


def test_a_leaked_unused_link_shows_a_stranger_no_licence_and_takes_no_password(b_app, rings, clock, enterprise):
    owner, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    post(owner, "/elicense/cancel")
    leaked = f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}"  # the owner's next jump
    stranger = b_app.test_client()
    assert stranger.get(leaked).status_code == 303  # opened first, in another browser
    listing = stranger.get("/elicense/")
    assert listing.status_code == 200
    assert enterprise["name"] not in listing.get_data(as_text=True) and "/verify" not in listing.get_data(as_text=True)
    before = licence_state(b_app, clock)
    for method in ("get", "post"):
        refused = getattr(stranger, method)(verify_path, data={"password": "000000", "csrf": csrf(listing)})
        assert refused.status_code == 403 and refusal_code(refused) == "elicense_identity_required"
        assert "请先录入实名信息并完成实人认证" in refused.get_data(as_text=True)
    refused = stranger.post("/elicense/return", data={"csrf": csrf(listing)})
    assert refused.status_code == 403 and refusal_code(refused) == "licence_not_verified"
    assert licence_state(b_app, clock) == before  # no try spent, no lock, nothing checked
    assert owner.get(leaked).status_code == 400  # the owner learns the link was used, and starts again


def test_a_saved_cookie_mints_no_result_once_its_flow_returned(b_app, rings, clock, enterprise):
    owner, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    assert post(owner, verify_path, password="246810").status_code == 303
    saved = owner.get_cookie(cookie.COOKIE_NAME, path="/elicense").value  # verified, not yet returned
    token = csrf(owner.get("/elicense/success"))
    assert result_of(owner.post("/elicense/return", data={"csrf": token}), rings, clock)["outcome"] == "verified"
    attacker = b_app.test_client()
    attacker.set_cookie(cookie.COOKIE_NAME, saved, path="/elicense")
    before = licence_state(b_app, clock)
    for path in ("/elicense/return", "/elicense/cancel", "/elicense/return"):
        replayed = attacker.post(path, data={"csrf": token})
        assert replayed.status_code == 400 and refusal_code(replayed) == "jump_missing"
        assert "Location" not in replayed.headers
    assert owner.post("/elicense/return", data={"csrf": token}).status_code == 400  # the owner's own: one result
    assert licence_state(b_app, clock) == before


def test_the_cookie_carries_random_ids_only(b_app, rings, clock, enterprise):
    owner, _ = owner_with_licence(b_app, rings, clock, enterprise)
    raw = owner.get_cookie(cookie.COOKIE_NAME, path="/elicense").value
    state = cookie.load(b_app.config["SECRET_KEY"], raw)
    assert set(state) == {"csrf", "flow", "login"}
    assert enterprise["credit_code"] not in raw and "nonce" not in str(state)


def test_a_new_jump_clears_the_earlier_flows_steps(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    assert post(client, verify_path, password="246810").status_code == 303  # verified in flow 1
    old_csrf = csrf(client.get("/elicense/success"))
    arrive(client, rings, clock, enterprise)  # flow 2 in the same browser
    assert client.get("/elicense/success").headers["Location"].endswith("/elicense/")  # not verified here
    refused = post(client, "/elicense/return")
    assert refused.status_code == 403 and refusal_code(refused) == "licence_not_verified"
    assert client.post("/elicense/cancel", data={"csrf": old_csrf}).status_code == 403  # flow 1's forms are dead
    assert holding_link(client) == verify_path  # still logged in here: the licence is shown at once


def test_a_new_jump_drops_a_pending_face_check(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    assert post(client, "/elicense/download/realname", name="张三", id_number=id_number(1)).status_code == 303
    assert client.get("/elicense/download/face").status_code == 200  # 实人认证 pending
    arrive(client, rings, clock, enterprise)
    assert client.get("/elicense/download/face").headers["Location"].endswith("/elicense/download/realname")
    refused = post(client, "/elicense/download/face")
    assert refused.status_code == 303 and refused.headers["Location"].endswith("/elicense/download/realname")
    assert "/verify" not in client.get("/elicense/").get_data(as_text=True)


def test_a_flow_past_its_requests_expiry_is_over(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    clock.advance(300 + 31)
    over = client.get("/elicense/")
    assert over.status_code == 400 and refusal_code(over) == "flow_expired"
    assert "本次办理已超时" in over.get_data(as_text=True)


def test_the_request_purpose_is_shown_and_echoed(b_app, rings, clock, enterprise):
    owner, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    post(owner, "/elicense/cancel")
    token = jump_token(rings, clock, enterprise["credit_code"], purpose="stamp")
    assert owner.get(f"/elicense/jump?request={token}").status_code == 303
    assert "办理「用印」" in owner.get("/elicense/").get_data(as_text=True)
    assert "「用印」" in owner.get(verify_path).get_data(as_text=True)
    assert post(owner, verify_path, password="246810").status_code == 303
    assert "用印" in owner.get("/elicense/success").get_data(as_text=True)
    assert result_of(post(owner, "/elicense/return"), rings, clock)["purpose"] == "stamp"

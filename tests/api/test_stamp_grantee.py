"""授权用印: a person the principal authorised stamps with the seal, confirming with a fresh SMS code, until the
grant ends — revoked, expired, or the seal suspended — and the 用印记录 names them (masked for others)."""
from datetime import timedelta

import pytest
from stamping_support import DOCUMENT, placed, principal, stamp_state  # noqa: F401

from backend.services.identifiers import mask_name

pytestmark = pytest.mark.usefixtures("eseal_app")


@pytest.fixture
def grantee(principal, eseal_clock):
    staff = principal.new_browser()
    person = staff.sign_up()
    today = (eseal_clock.now + timedelta(hours=8)).date()  # China's day
    contract = principal.seals["合同专用章"]
    principal.grant = principal.calls.post(f"/api/seals/{contract['seal_id']}/grants", {
        "phone": person.phone, "name": person.name, "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat()}, expect=201)
    staff.seals = {s["name"]: s for s in staff.usable_seals()}
    return staff


def sms_confirmed(staff):
    uploaded = staff.upload_document(DOCUMENT)
    answer = staff.confirm_stamp(uploaded["id"], [placed(staff.seals["合同专用章"], page=2)])
    assert answer["mode"] == "sms" and answer["phone_masked"] == staff.person.phone[:3] + "****" + staff.person.phone[-4:]
    return uploaded["id"]


def test_a_grantee_sees_only_the_granted_seal_and_stamps_with_an_sms_code(principal, grantee):
    assert list(grantee.seals) == ["合同专用章"] and grantee.seals["合同专用章"]["access"] == "grant"
    stamp = grantee.stamp(DOCUMENT, placements=[placed(grantee.seals["合同专用章"], page=2)])
    assert stamp.mode == "sms" and stamp.request["status"] == "signed"
    seal_id = grantee.seals["合同专用章"]["seal_id"]
    mine = grantee.calls.get(f"/api/seals/{seal_id}/stamp-logs")
    assert mine["items"][0]["operator"] == grantee.person.name and mine["csv_url"] is None
    theirs = principal.calls.get(f"/api/seals/{seal_id}/stamp-logs")
    assert theirs["items"][0]["operator"] == mask_name(grantee.person.name)
    assert theirs["items"][0]["access"] == "grant"
    assert grantee.browser.request("GET", f"/api/seals/{seal_id}/stamp-logs.csv").status == 404


def test_a_wrong_code_is_refused_and_after_five_the_code_is_dead(grantee, eseal_app):
    request_id = sms_confirmed(grantee)
    path = f"/api/stamp-requests/{request_id}/complete"
    for _ in range(5):
        reply = grantee.browser.request("POST", path, json={"code": "000000"})
        if reply.json()["error"] != "stamp_code_wrong":
            break
        assert reply.status == 400 and reply.json()["fields"]["code"] == "验证码错误，请重新输入"
    before = stamp_state(eseal_app)
    right = grantee.sms_code(grantee.person.phone)
    reply = grantee.browser.request("POST", path, json={"code": right})
    assert reply.status == 400 and reply.json()["error"] == "stamp_code_expired"
    assert stamp_state(eseal_app) == before


def test_a_code_past_five_minutes_is_refused_and_a_new_one_waits_a_minute(grantee, eseal_app, eseal_clock):
    request_id = sms_confirmed(grantee)
    code = grantee.sms_code(grantee.person.phone)
    resend = grantee.browser.request("POST", f"/api/stamp-requests/{request_id}/code", json={})
    assert resend.status == 429 and resend.json()["error"] == "stamp_code_wait"
    eseal_clock.advance(301)
    before = stamp_state(eseal_app)
    reply = grantee.browser.request("POST", f"/api/stamp-requests/{request_id}/complete", json={"code": code})
    assert reply.status == 400 and reply.json()["error"] == "stamp_code_expired"
    assert stamp_state(eseal_app) == before
    assert grantee.calls.post(f"/api/stamp-requests/{request_id}/code")["mode"] == "sms"
    assert grantee.complete_stamp(request_id, grantee.sms_code(grantee.person.phone))["status"] == "signed"


def test_a_grant_revoked_after_the_confirmation_stamps_nothing(principal, grantee, eseal_app):
    request_id = sms_confirmed(grantee)
    code = grantee.sms_code(grantee.person.phone)
    principal.calls.post(f"/api/grants/{principal.grant['id']}/revoke")
    assert grantee.usable_seals() == []
    reply = grantee.browser.request("POST", f"/api/stamp-requests/{request_id}/complete", json={"code": code})
    assert reply.status == 409 and reply.json()["error"] == "seal_not_usable"
    assert stamp_state(eseal_app)[0]["stamp_logs"] == 0
    assert grantee.browser.request("GET", f"/api/stamp-requests/{request_id}/file").status == 404


def test_a_suspended_seal_ends_the_grant_for_good(principal, grantee, eseal_operator):
    eseal_operator.suspend(principal.seals["合同专用章"]["seal_id"])
    eseal_operator.resume(principal.seals["合同专用章"]["seal_id"])
    assert grantee.usable_seals() == []  # resuming the seal does not bring the grant back
    grants = principal.calls.get(f"/api/seals/{principal.seals['合同专用章']['seal_id']}/grants")["items"]
    assert grants[0]["state"] == "revoked" and grants[0]["revoke_reason"] == "seal_suspended"


def test_a_grant_past_its_end_date_cannot_stamp(principal, grantee, eseal_clock):
    eseal_clock.advance(timedelta(days=32).total_seconds())
    grantee.login(grantee.person)
    assert grantee.usable_seals() == []
    uploaded = grantee.upload_document(DOCUMENT)
    reply = grantee.browser.request("POST", f"/api/stamp-requests/{uploaded['id']}/confirm",
                                    json={"placements": [placed(grantee.seals["合同专用章"])], "riding": None})
    assert reply.status == 409 and reply.json()["error"] == "seal_not_usable"


def test_a_stranger_cannot_be_confirmed_with_someone_elses_code(grantee):
    request_id = sms_confirmed(grantee)
    code = grantee.sms_code(grantee.person.phone)
    stranger = grantee.new_browser()
    stranger.sign_up()
    reply = stranger.browser.request("POST", f"/api/stamp-requests/{request_id}/complete", json={"code": code})
    assert reply.status == 404 and reply.json()["error"] == "stamp_request_not_found"


def test_in_demo_mode_the_grantee_reads_their_own_code_without_the_full_phone(principal, grantee):
    sms_confirmed(grantee)
    mine = grantee.calls.get("/api/dev/sms-outbox/mine")["items"]
    assert mine[0]["kind"] == "stamp" and mine[0]["phone"] == grantee.person.phone
    assert mine[0]["code"] == grantee.sms_code(grantee.person.phone)
    assert {item["phone"] for item in mine} == {grantee.person.phone}  # only their own messages
    theirs = principal.calls.get("/api/dev/sms-outbox/mine")["items"]
    assert theirs and {item["phone"] for item in theirs} == {principal.person.phone}
    stranger = grantee.new_browser()
    reply = stranger.browser.request("GET", "/api/dev/sms-outbox/mine")
    assert reply.status == 401 and reply.json()["error"] == "unauthenticated"

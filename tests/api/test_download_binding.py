"""A valid-looking result is believed only for its own browser, download session, user and enterprise."""

from backend.testing.client import assert_error, callback, login, page_text, start_download, verify_licence
from backend.testing.state import download_row, enterprise_by_phone, snapshot, user_id_by_phone
from backend.testing.tokens import pseudonym_of, result_token

PHONE = "13800000002"  # 林晓红, principal of X (licence downloaded)
OTHER = "13800000001"  # 陈志明, principal of Y


def logged_in(app, phone=PHONE):
    client = app.test_client()
    login(client, phone)
    return client


def two_browsers(app, clock):
    """The same user logged in twice (the second SMS code after the resend interval)."""
    first = logged_in(app)
    clock.advance(app.config["SMS_RESEND_SECONDS"] + 1)
    return first, logged_in(app)


def complete(client, download_id):
    return client.post(f"/api/downloads/{download_id}/complete", json={})


def assert_refused_page(app, client, download_id, token, message):
    before = snapshot(app)
    response = callback(client, token)
    assert response.status_code == 400
    assert message in page_text(response)
    assert_error(complete(client, download_id), 400, "not_verified")
    assert snapshot(app) == before


def test_result_of_another_browser_session_is_refused(app, clock, demo):
    ent = enterprise_by_phone(app, PHONE)[0]
    first, second = two_browsers(app, clock)
    d1, d2 = start_download(first, ent), start_download(second, ent)
    token = result_token(app, clock, d1["id"])  # valid for browser 1
    assert_refused_page(app, second, d2["id"], token, "下载会话与当前浏览器不符")
    before = snapshot(app)
    refused = complete(second, d1["id"])  # nor can browser 2 complete browser 1's download
    assert_error(refused, 400, "not_verified")
    assert snapshot(app) == before
    assert callback(first, token).status_code == 303  # still good where it belongs


def test_result_with_the_nonce_of_another_download_session_is_refused(app, clock, demo):
    ent = enterprise_by_phone(app, PHONE)[0]
    first, second = two_browsers(app, clock)
    d1, d2 = start_download(first, ent), start_download(second, ent)
    token = result_token(app, clock, d1["id"], nonce=download_row(app, d2["id"])["nonce"])
    assert_refused_page(app, first, d1["id"], token, "跳转凭证与本次下载不符")


def test_result_for_another_enterprises_credit_code_is_refused(app, clock, demo):
    client = logged_in(app)
    d = start_download(client, enterprise_by_phone(app, PHONE)[0])
    token = result_token(app, clock, d["id"], credit_code=enterprise_by_phone(app, OTHER)[1])
    assert_refused_page(app, client, d["id"], token, "跳转凭证与本次下载不符")


def test_result_for_another_users_pseudonym_is_refused(app, clock, demo):
    client = logged_in(app)
    d = start_download(client, enterprise_by_phone(app, PHONE)[0])
    token = result_token(app, clock, d["id"], subject=pseudonym_of(app, user_id_by_phone(app, OTHER)))
    assert_refused_page(app, client, d["id"], token, "跳转凭证与本次下载不符")


def test_result_presented_by_another_user_is_refused(app, clock, demo):
    owner = logged_in(app)
    d = start_download(owner, enterprise_by_phone(app, PHONE)[0])
    token = result_token(app, clock, d["id"])
    thief = logged_in(app, OTHER)
    start_download(thief, enterprise_by_phone(app, OTHER)[0])  # the thief's own download binds its cookie
    before = snapshot(app)
    response = callback(thief, token)
    assert response.status_code == 400
    assert "下载会话与当前浏览器不符" in page_text(response)
    assert_error(complete(thief, d["id"]), 404, "download_not_found")
    assert snapshot(app) == before


def test_principal_cannot_start_a_download_of_another_enterprise(app, clock, demo):
    client = logged_in(app)
    mine = start_download(client, enterprise_by_phone(app, PHONE)[0])
    client.get(verify_licence(client, mine["jump_url"]))  # verified for X
    other_ent = enterprise_by_phone(app, OTHER)[0]
    before = snapshot(app)
    refused = client.post(f"/api/enterprises/{other_ent}/downloads",
                          json={"declaration_version": client.get("/api/downloads/declaration").get_json()["version"],
                                "agreed": True})
    message = assert_error(refused, 404, "enterprise_not_found")["message"]  # names who can download
    assert "只能由" in message and "法定代表人（执行事务合伙人、负责人）本人" in message and "下载" in message
    assert snapshot(app) == before


def test_principal_cannot_complete_another_enterprises_download(app, clock, demo):
    client = logged_in(app)
    mine = start_download(client, enterprise_by_phone(app, PHONE)[0])
    client.get(verify_licence(client, mine["jump_url"]))  # verified for X, result held in the cookie
    owner = logged_in(app, OTHER)
    theirs = start_download(owner, enterprise_by_phone(app, OTHER)[0])
    before = snapshot(app)
    assert_error(complete(client, theirs["id"]), 404, "download_not_found", "未找到该下载记录")
    assert snapshot(app) == before
    assert complete(client, mine["id"]).status_code == 200  # its own download is untouched

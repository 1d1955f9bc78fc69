"""App B's pages, through the client: the jump in, 下载执照, 执照验证 and the signed way back to A."""
import pytest

from backend.testing.licence import (CALLBACK, arrive, download, holding_link, identify, jump_token, post, result_of,
                                     ring)

# Its data sync lasts 60 s here: a fresh licence answers 数据同步中 until the clock is moved past it.
pytestmark = pytest.mark.eseal_settings(ESEAL_ELICENSE_SYNC_SECONDS=60)


def test_whole_download_and_verification_returns_a_signed_result(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    home = arrive(client, rings, clock, enterprise)
    assert "下载执照" in home.get_data(as_text=True) and "elicense.css" in home.get_data(as_text=True)
    assert "办理「下载印章」" in home.get_data(as_text=True)  # the business the request is for
    with client.get("/elicense/static/elicense.css") as css:
        assert "#C8161D" in css.get_data(as_text=True)  # its own red
    assert identify(client).headers["Location"].endswith("/elicense/download/place")
    assert download(client, enterprise).status_code == 303
    verify_path = holding_link(client)
    syncing = post(client, verify_path, password="246810")
    assert syncing.status_code == 409
    assert "数据同步中，请5分钟后再试" in syncing.get_data(as_text=True) and "我知道了" in syncing.get_data(as_text=True)
    clock.advance(61)
    assert post(client, verify_path, password="246810").headers["Location"].endswith("/elicense/success")
    assert "身份认证成功" in client.get("/elicense/success").get_data(as_text=True)
    claims = result_of(post(client, "/elicense/return"), rings, clock)
    assert (claims["outcome"], claims["credit_code"], claims["sub"]) == ("verified", enterprise["credit_code"], "user-1")
    assert (claims["nonce"], claims["state"], claims["purpose"]) == ("nonce-1", "state-1", "download")


def test_mismatched_passwords_are_refused_in_chinese(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    refused = download(client, enterprise, password2="246811")
    assert refused.status_code == 422 and "两次输入的密码不一致" in refused.get_data(as_text=True)


def test_choosing_needs_the_declaration_agreed(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    refused = post(client, "/elicense/download/choose", credit_code=enterprise["credit_code"])
    assert refused.status_code == 422 and "《执照下载声明》" in refused.get_data(as_text=True)


def test_someone_not_principal_sees_no_licence_to_download(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client, name="李四", serial=2)
    page = client.get("/elicense/download/choose").get_data(as_text=True)
    assert "未查询到" in page and enterprise["credit_code"] not in page


def test_a_licence_already_downloaded_is_shown_once_identified_in_another_browser(b_app, rings, clock, enterprise):
    first = b_app.test_client()
    arrive(first, rings, clock, enterprise)
    identify(first)
    download(first, enterprise)
    again = b_app.test_client()  # another browser: same person, identified there, no second download (FAQ 五)
    assert enterprise["name"] not in arrive(again, rings, clock, enterprise).get_data(as_text=True)
    assert identify(again).headers["Location"].endswith("/elicense/")
    assert enterprise["name"] in again.get("/elicense/").get_data(as_text=True)


def test_the_same_browser_next_jump_shows_the_licence_at_once(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    download(client, enterprise)
    post(client, "/elicense/cancel")
    listed = arrive(client, rings, clock, enterprise)  # the licence app's own login in this browser
    assert enterprise["name"] in listed.get_data(as_text=True) and holding_link(client)


def test_wrong_password_is_counted_on_the_page(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    download(client, enterprise)
    wrong = post(client, holding_link(client), password="000000")
    assert wrong.status_code == 422 and "执照密码错误，还可尝试4次" in wrong.get_data(as_text=True)


def test_cancel_returns_a_signed_cancelled_result(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    assert result_of(post(client, "/elicense/cancel"), rings, clock)["outcome"] == "cancelled"


def test_return_before_verification_is_refused(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    response = post(client, "/elicense/return")
    assert response.status_code == 403 and "请先完成执照验证" in response.get_data(as_text=True)


def test_unregistered_redirect_uri_is_refused(b_app, rings, clock, enterprise):
    token = jump_token(rings, clock, enterprise["credit_code"], redirect_uri=CALLBACK + "/../evil")
    response = b_app.test_client().get(f"/elicense/jump?request={token}")
    assert response.status_code == 400 and "跳转地址未登记" in response.get_data(as_text=True)


def test_a_token_signed_by_another_key_is_refused(b_app, rings, clock, enterprise):
    forged = jump_token({"a": ring()}, clock, enterprise["credit_code"])
    response = b_app.test_client().get(f"/elicense/jump?request={forged}")
    assert response.status_code == 400 and "跳转凭证的签名密钥未知" in response.get_data(as_text=True)


def test_pages_need_a_jump_first(b_app):
    response = b_app.test_client().get("/elicense/")
    assert response.status_code == 400 and "请从一网通电子印章发起下载" in response.get_data(as_text=True)


def test_posts_need_the_csrf_token(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    assert client.post("/elicense/cancel", data={}).status_code == 403
    assert client.post("/elicense/cancel", data={"csrf": "forged"}).status_code == 403


def test_b_cookie_is_its_own_and_http_only(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    response = client.get(f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("elicense_session=") and "HttpOnly" in cookie and "Path=/elicense" in cookie


def test_jwks_publishes_b_public_key(b_app, rings):
    keys = b_app.test_client().get("/elicense/.well-known/jwks.json").get_json()["keys"]
    assert [key["kid"] for key in keys] == [rings["b"].signing_kid]
    assert all("d" not in key for key in keys)


def test_a_jump_link_opens_one_flow_and_is_refused_in_another_browser(b_app, rings, clock, enterprise):
    """Someone who got hold of the link (history, a shoulder) sees nothing of the person's licences."""
    owner = b_app.test_client()
    link = f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}"
    assert owner.get(link).status_code == 303
    identify(owner)
    download(owner, enterprise)
    assert enterprise["name"] in owner.get("/elicense/").get_data(as_text=True)  # the owner sees the licence
    stranger = b_app.test_client()
    refused = stranger.get(link)
    assert refused.status_code == 400
    assert "该跳转链接已使用，请返回电子印章重新发起下载" in refused.get_data(as_text=True)
    assert enterprise["name"] not in stranger.get("/elicense/").get_data(as_text=True)
    assert owner.get(link).status_code == 400  # the owner's browser cannot reopen it either
    assert holding_link(owner)  # and its flow goes on


def test_flows_are_forgotten_once_their_request_expired(b_app, rings, clock, enterprise):
    from sqlalchemy import func, select

    from backend.elicense.models import ElicenseFlow
    from backend.extensions import db
    for _ in range(3):
        assert b_app.test_client().get(
            f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}").status_code == 303
    clock.advance(300 + 31)  # past the 5-minute lifetime and the leeway: the next jump clears them
    assert b_app.test_client().get(
        f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}").status_code == 303
    with b_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ElicenseFlow)) == 1

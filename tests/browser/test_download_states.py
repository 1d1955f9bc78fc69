"""Honest download states: 备案未完成 says what to wait for (the 领取大礼包 SMS), 印章预览 marks what is already in
the wallet and offers 开始下载 only for the rest, and a refusal leads to 【查看已下载印章】."""
import re

import requests
from playwright.sync_api import expect

from tests.browser.pages import download_every_seal, enterprise_id_of, open_preview, signed_in, wait_page

OPERATOR = {"Authorization": "Bearer test-operator-token"}
NOT_FILED = "印章备案未完成，请等待实物印章备案完成后再开始下载。请在收到领取大礼包短信后再次进行下载。"


def operator(base, path):
    response = requests.post(f"{base}/api/operator{path}", json={}, headers=OPERATOR, timeout=5)
    assert response.status_code == 200, response.text


def gift_messages(base, phone):
    items = requests.get(f"{base}/api/dev/sms-outbox", params={"phone": phone}, timeout=5).json()["items"]
    return [m for m in items if m["kind"] == "gift_ready"]


def test_not_filed_says_to_wait_for_the_gift_sms_which_comes_once_when_all_are_filed(page, live_server, accounts,
                                                                                      sms_code, shoot):
    person = accounts["seals_not_filed"]
    preview, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    expect(preview.get_by_text(NOT_FILED, exact=True)).to_be_visible()
    expect(preview.get_by_role("button", name="开始下载")).to_have_count(0)
    shoot(page, "not-filed")

    seals = page.evaluate(f"fetch('/api/enterprises/{enterprise_id}/seals').then(r => r.json()).then(b => b.items)")
    for seal in seals:
        if seal["status"] == "pending":
            operator(live_server, f"/seals/{seal['id']}/carve")
    for seal in seals[:-1]:
        operator(live_server, f"/seals/{seal['id']}/file")
        assert gift_messages(live_server, person["phone"]) == []  # not per seal: once all are filed
    operator(live_server, f"/seals/{seals[-1]['id']}/file")
    [message] = gift_messages(live_server, person["phone"])
    assert "领取大礼包" in message["content"] and person["enterprise"]["name"] in message["content"]

    page.reload()
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("已备案")).to_have_count(len(seals))
    expect(preview.get_by_role("button", name="开始下载")).to_be_visible()
    expect(preview.get_by_text(NOT_FILED)).to_have_count(0)
    shoot(page, "filed")


def test_preview_marks_what_is_downloaded_and_offers_only_the_rest(page, live_app, live_server, accounts, sms_code,
                                                                   shoot):
    person = accounts["licence_downloaded"]
    count = len(person["seals"])
    _, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    download_every_seal(page, live_app, live_server)
    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}")
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("已下载", exact=True)).to_have_count(count)
    expect(preview.get_by_role("button", name="开始下载")).to_have_count(0)
    expect(preview.get_by_text("该企业的电子印章均已下载，可在“查看已下载印章”中查看。")).to_be_visible()
    shoot(page, "all-downloaded")
    preview.get_by_role("link", name="查看已下载印章").tap()
    wait_page(page, "seal-wallet")

    page.goto(f"{live_server}/h5/#/eseal/manage?ent={enterprise_id}")
    manage = wait_page(page, "seal-manage")
    manage.get_by_role("checkbox", name=re.compile("^公章")).check()
    manage.get_by_role("button", name="删除（1）").tap()
    page.get_by_role("dialog").get_by_role("button", name="删除").tap()
    expect(page.get_by_text("删除成功")).to_be_visible()

    page.goto(f"{live_server}/h5/#/eseal/download?ent={enterprise_id}")
    preview = wait_page(page, "seal-preview")
    expect(preview.get_by_text("已下载", exact=True)).to_have_count(count - 1)
    official = preview.locator(".seal").filter(has_text="公章").first
    expect(official.get_by_text("已下载", exact=True)).to_have_count(0)
    expect(preview.get_by_text(f"已下载{count - 1}枚，本次可下载其余1枚电子印章。")).to_be_visible()
    shoot(page, "one-left")
    preview.get_by_role("button", name="开始下载").tap()
    declare = wait_page(page, "seal-declare")
    expect(declare.get_by_text("本次下载的电子印章（1枚）")).to_be_visible()
    expect(declare.locator(".seal-chip")).to_have_text(["公章"])
    shoot(page, "declare-one")


def test_a_refused_download_offers_the_downloaded_seals(page, live_server, accounts, sms_code, shoot):
    person = accounts["licence_downloaded"]
    signed_in(page, live_server, person["phone"], sms_code)
    enterprise_id = enterprise_id_of(page)
    # Another device downloaded them meanwhile: the server refuses as it would then.
    page.route(re.compile(r".*/api/enterprises/\d+/downloads$"), lambda route: route.fulfill(
        status=409, content_type="application/json",
        body='{"error": "seals_already_held", "message": "该企业的电子印章均已下载，可在“查看已下载印章”中查看", '
             '"fields": {}}'))
    page.goto(f"{live_server}/h5/#/eseal/declare?ent={enterprise_id}")
    declare = wait_page(page, "seal-declare")
    declare.get_by_role("button", name="《印章下载声明》").tap()
    page.get_by_role("dialog").get_by_role("button", name="我已阅读").tap()
    declare.get_by_role("button", name="下载", exact=True).tap()
    page.get_by_role("dialog").get_by_role("button", name="允许").tap()
    refusal = page.get_by_role("dialog", name="无法下载")
    expect(refusal).to_contain_text("该企业的电子印章均已下载")
    shoot(page, "refused")
    refusal.get_by_role("button", name="查看已下载印章").tap()
    wait_page(page, "seal-wallet")

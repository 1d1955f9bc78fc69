"""Seals as signed objects in the browser: 查看详情 shows the certificate and downloads the .esl; a seal the
operator revoked shows 已注销 and offers no file."""
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from backend.extensions import db
from backend.models import Seal
from backend.services import seal_lifecycle, seal_objects, sealing
from tests.browser.pages import download_every_seal, open_preview, wait_page


@pytest.fixture
def demo_with_objects(live_app, accounts):
    """The demo data with every filed seal's key, certificate and seal object, as `flask seed-demo` makes it."""
    with live_app.app_context():
        sealing.issue_missing(db.session, live_app.extensions["eseal_pki"], datetime.now(UTC))
        db.session.remove()
    return accounts


def open_detail(page, live_server, enterprise_id, seal_name):
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    wallet = wait_page(page, "seal-wallet")
    wallet.get_by_role("radio", name=re.compile(f"^{seal_name}")).check()
    wallet.get_by_role("button", name="查看详情").tap()
    return wait_page(page, "seal-detail")


def downloaded(page, live_app, live_server, person, sms_code):
    _, enterprise_id = open_preview(page, live_server, person["phone"], sms_code)
    download_every_seal(page, live_app, live_server)
    return enterprise_id


def test_detail_shows_the_certificate_and_downloads_the_seal_file(page, live_app, live_server, demo_with_objects,
                                                                   sms_code, shoot, tmp_path):
    person = demo_with_objects["licence_downloaded"]
    enterprise_id = downloaded(page, live_app, live_server, person, sms_code)
    detail = open_detail(page, live_server, enterprise_id, "财务专用章")
    certificate = detail.locator(".js-certificate")
    expect(certificate.get_by_text("序列号")).to_be_visible()
    expect(certificate.get_by_text("广州市企业开办一网通平台电子印章签发CA")).to_be_visible()
    expect(certificate.get_by_text(re.compile(r"^\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$"))).to_be_visible()
    expect(certificate.get_by_text(re.compile(r"^[0-9A-F]{2}(:[0-9A-F]{2})+$"))).to_be_visible()
    shoot(page, "certificate")
    code = next(s["code"] for s in person["seals"] if s["name"] == "财务专用章")
    with page.expect_download() as info:
        detail.get_by_role("link", name="下载印章文件").tap()
    download = info.value
    assert download.suggested_filename == f"{person['enterprise']['name']}财务专用章-{code}.esl"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    contents = seal_objects.decode(path.read_bytes()).contents
    assert (contents.es_id, contents.name) == (code, "财务专用章")


def test_a_revoked_seal_shows_as_revoked_and_offers_no_file(page, live_app, live_server, demo_with_objects,
                                                           sms_code, shoot):
    person = demo_with_objects["licence_downloaded"]
    enterprise_id = downloaded(page, live_app, live_server, person, sms_code)
    code = next(s["code"] for s in person["seals"] if s["name"] == "合同专用章")
    with live_app.app_context():
        seal_id = db.session.query(Seal.id).filter(Seal.code == code).scalar()
        seal_lifecycle.revoke(db.session, live_app.extensions["eseal_pki"], seal_id, "cessation", datetime.now(UTC))
        db.session.remove()
    detail = open_detail(page, live_server, enterprise_id, "合同专用章")
    expect(detail.get_by_text("已注销", exact=True)).to_be_visible()
    expect(detail.get_by_text("已吊销", exact=True)).to_be_visible()
    expect(detail.get_by_text("该印章已注销，不能下载或使用")).to_be_visible()
    expect(detail.get_by_role("link", name="下载印章文件")).to_have_count(0)
    shoot(page, "revoked")
    detail.get_by_role("link", name="印章领用情况").tap()
    expect(wait_page(page, "seal-receipts").get_by_text("该印章已注销，不能下载或使用")).to_be_visible()
    page.goto(f"{live_server}/h5/#/eseal/wallet?ent={enterprise_id}")
    row = wait_page(page, "seal-wallet").locator(".seal", has_text="合同专用章")
    expect(row.get_by_text("已注销", exact=True)).to_be_visible()

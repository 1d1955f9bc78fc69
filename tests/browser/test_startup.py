"""开办企业 in the browser, with 免费领取“电子印章” ticked in the 刻章信息 step."""
import requests
from playwright.sync_api import expect

from tests.browser.pages import log_in, verify_identity, wait_page
from tests.factories import id_number


def test_new_user_files_startup_with_free_eseal(page, live_server, accounts, sms_code, shoot):
    number = id_number(42)
    log_in(page, live_server, "13912345678", sms_code)
    wait_page(page, "home")
    page.goto(f"{live_server}/h5/#/startup")
    verify_identity(page, "王小明", number)
    form = wait_page(page, "startup")
    form.get_by_label("企业名称").fill("广州市明日科技有限公司")
    form.get_by_label("企业类型").select_option(label="合伙企业")
    form.get_by_label("住所").fill("广州市黄埔区科学大道1号")
    shoot(page, "step-basic")
    form.get_by_role("button", name="下一步").tap()
    expect(form.get_by_text("执行事务合伙人信息")).to_be_visible()
    form.get_by_label("姓名").fill("王小明")
    form.get_by_label("身份证号").fill(number)
    form.get_by_label("手机号").fill("13912345678")
    shoot(page, "step-principal")
    form.get_by_role("button", name="下一步").tap()
    official = form.get_by_role("checkbox", name="公章")
    expect(official).to_be_checked()
    expect(official).to_be_disabled()
    form.get_by_role("checkbox", name="执行事务合伙人名章").check()
    form.get_by_role("checkbox", name="免费领取“电子印章”").check()
    shoot(page, "step-seals")
    form.get_by_role("button", name="下一步").tap()
    expect(form.get_by_text("免费领取“电子印章”")).to_be_visible()
    shoot(page, "step-confirm")
    form.get_by_role("button", name="提交").tap()
    expect(page.get_by_role("dialog")).to_contain_text("提交成功")
    shoot(page, "submitted")
    page.get_by_role("dialog").get_by_role("button").first.tap()
    startups = wait_page(page, "startups")
    expect(startups.get_by_text("广州市明日科技有限公司")).to_be_visible()
    expect(startups.get_by_text("审核中")).to_be_visible()
    shoot(page, "startups")

    filed = requests.get(f"{live_server}/api/operator/startups", timeout=5,
                         headers={"Authorization": "Bearer test-operator-token"}).json()["items"]
    mine = next(a for a in filed if a["company_name"] == "广州市明日科技有限公司")
    assert mine["free_eseal"] is True
    assert [s["label"] for s in mine["seals"]] == ["公章", "执行事务合伙人名章"]
    assert mine["principal_role"] == "执行事务合伙人"

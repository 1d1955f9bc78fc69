"""查看印章 and 管理印章: 查看详情, 印章变动, 印章领用情况, 删除 and downloading again."""
import pytest


@pytest.fixture
def downloaded(eseal):
    """A new principal who downloaded the 公章 and 财务专用章 of a new enterprise: (enterprise JSON, Download)."""
    eseal.sign_up()
    opened = eseal.open_enterprise(seals=("official", "finance"))
    return opened["enterprise"], eseal.download_seals(opened)


def test_details_changes_and_receipts_of_a_downloaded_seal(eseal, downloaded):
    enterprise, _download = downloaded
    official = next(item for item in eseal.held_seals(enterprise) if item["seal"]["name"] == "公章")
    detail = eseal.seal_details(official)                            # 查看详情
    assert detail["enterprise"]["credit_code"] == enterprise["credit_code"]
    assert detail["seal"]["status_label"] == "已备案" and detail["seal"]["code"]
    changes = eseal.seal_changes(enterprise, seal=official)           # 印章变动 of this seal
    assert [change["kind_label"] for change in changes] == ["下载", "备案完成", "刻制完成", "申请"]
    [receipt] = eseal.seal_receipts(official)["items"]                 # 印章领用情况
    assert receipt["status_label"] == "持有中" and "*" in receipt["holder_name_masked"]


def test_a_deleted_seal_can_be_downloaded_again_through_the_licence_app(eseal, downloaded):
    enterprise, _download = downloaded
    official, finance = eseal.held_seals(enterprise)
    eseal.delete_seals([official])                                    # 管理印章 → 删除
    assert [item["seal"]["id"] for item in eseal.held_seals(enterprise)] == [finance["seal"]["id"]]
    assert eseal.seal_receipts(official)["items"][0]["status_label"] == "已删除"
    again = eseal.download_seals(enterprise)                          # a new jump, the licence password again
    assert not again.licence_downloaded
    assert [r["seal_id"] for r in again.receipts] == [official["seal"]["id"]]
    assert eseal.seal_changes(enterprise)[0]["kind"] == "download"


def test_a_wrong_licence_password_is_refused_and_the_right_one_still_works(eseal, downloaded):
    enterprise, _download = downloaded
    eseal.delete_seals(eseal.held_seals(enterprise))
    with eseal.refused("licence_password_wrong", status=422) as refusal:
        eseal.download_seals(enterprise, licence_password="000000")
    assert "执照密码错误，还可尝试4次" in str(refusal.failure)
    assert len(eseal.download_seals(enterprise).receipts) == 2

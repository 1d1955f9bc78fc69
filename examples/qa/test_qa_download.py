"""下载印章 as the guide tells it: the licence app, data sync, filing first, the principal only."""
import pytest


def test_a_licence_downloaded_before_is_shown_at_once(eseal, eseal_demo):
    """FAQ 五: 林晓红 downloaded her enterprise's licence before; only its password is asked for."""
    case = eseal_demo.licence_downloaded
    eseal.login(case)
    held = eseal.held_seals(case.enterprise)
    if held:  # a live server keeps what an earlier run downloaded
        eseal.delete_seals(held)
    download = eseal.download_seals(case.enterprise)
    assert not download.licence_downloaded
    assert len(download.receipts) == len(case.seals) == 5


@pytest.mark.eseal_settings(ESEAL_ELICENSE_SYNC_SECONDS=30)
def test_a_fresh_licence_answers_data_sync_until_it_is_synced(eseal):
    """数据同步中，请5分钟后再试: 【我知道了】, wait, 【确认】 again until 身份认证成功 (the driver does it)."""
    eseal.sign_up()
    download = eseal.download_seals(eseal.open_enterprise())
    assert download.licence_downloaded and download.sync_answers >= 1
    assert len(download.receipts) == 2


def test_seals_not_yet_filed_can_be_previewed_but_not_downloaded(eseal, eseal_demo):
    """FAQ 二: before 备案完成 the preview has no 开始下载."""
    case = eseal_demo.seals_not_filed
    eseal.login(case)
    assert eseal.preview_seals(case.enterprise)["downloadable"] is False
    with eseal.refused("seals_not_filed", status=409):
        eseal.download_seals(case.enterprise)


def test_the_download_opens_once_the_operator_has_carved_and_filed_every_seal(eseal):
    eseal.sign_up()
    opened = eseal.open_enterprise(filed=False)
    with eseal.refused("seals_not_filed"):
        eseal.download_seals(opened)
    eseal.operator.carve_and_file(opened)            # 刻制完成, 备案完成
    assert len(eseal.download_seals(opened).receipts) == 2


def test_nobody_but_the_principal_sees_or_downloads_the_seals(eseal):
    eseal.sign_up()
    opened = eseal.open_enterprise()
    stranger = eseal.new_browser()
    stranger.sign_up()
    with stranger.refused("enterprise_not_found", status=404):
        stranger.download_seals(opened["enterprise"]["id"])
    assert stranger.card_wallet() == []

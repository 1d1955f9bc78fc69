"""The ten-line example of docs/qa.md: a new enterprise's principal downloads its seals."""


def test_a_new_principal_downloads_the_seals_of_a_new_enterprise(eseal):
    eseal.sign_up()                                   # 登录 by SMS, 实名认证 (a new person)
    opened = eseal.open_enterprise()                  # 开办企业 with 免费领取电子印章; 刻制完成, 备案完成
    [entry] = eseal.card_wallet()                     # 证照卡包
    assert [gift["title"] for gift in entry["gifts"]] == ["电子营业执照", "电子印章", "电子发票"]
    download = eseal.download_seals(opened)           # 下载印章: 下载执照, 执照密码, 【返回】
    assert download.licence_downloaded and len(download.receipts) == 2
    detail = eseal.seal_details(download.receipts[0])  # 查看详情
    assert detail["enterprise"]["name"] == opened["enterprise"]["name"]

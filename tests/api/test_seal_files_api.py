"""查看详情 shows the seal's certificate and offers 【下载印章文件】 (.esl): only to its holder, only while in use."""
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from backend.services import seal_objects
from backend.testing.client import login, wallet_items
from backend.testing.pki import ESL, assert_refused, certificate_row, operator, seal_file


def detail(client, receipt_id):
    response = client.get(f"/api/receipts/{receipt_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_detail_shows_the_certificate_serial_issuer_and_validity(app, holder):
    client, _enterprise, receipts = holder
    body = detail(client, receipts[0]["receipt_id"])
    row = certificate_row(app, body["seal"]["id"])
    certificate = body["certificate"]
    assert certificate["serial"].replace(":", "").lower().lstrip("0") == row["serial"].lstrip("0")
    assert certificate["issuer"] == "广州市企业开办一网通平台电子印章签发CA"
    not_before, not_after = (datetime.fromisoformat(certificate[k]) for k in ("not_before", "not_after"))
    assert not_after.year - not_before.year == 5
    assert (certificate["status"], certificate["status_label"]) == ("good", "有效")
    assert body["seal_file_url"] == f"/api/receipts/{receipts[0]['receipt_id']}/seal-file"


def test_the_holder_downloads_the_seal_file_as_a_seal_object(app, holder):
    client, enterprise, receipts = holder
    body = detail(client, receipts[1]["receipt_id"])
    response = client.get(body["seal_file_url"])
    assert response.status_code == 200 and response.mimetype == ESL
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{body["seal"]["code"]}.esl"')
    assert "filename*=UTF-8''" in disposition
    assert response.headers["Cache-Control"] == "private, no-store"
    contents = seal_objects.decode(response.data).contents
    assert (contents.es_id, contents.name) == (body["seal"]["code"], "财务专用章")
    certificate = x509.load_der_x509_certificate(contents.certificates[0])
    assert certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == enterprise["name"]


def test_nobody_else_fetches_the_seal_file(app, holder):
    client, _enterprise, receipts = holder
    stranger = app.test_client()
    assert seal_file(stranger, receipts[0]["receipt_id"]).status_code == 401
    login(stranger, "13900000009")
    assert seal_file(stranger, receipts[0]["receipt_id"]).status_code in (403, 404)
    client.post("/api/receipts/delete", json={"receipt_ids": [receipts[0]["receipt_id"]]})
    assert seal_file(client, receipts[0]["receipt_id"]).status_code == 404


def test_a_suspended_seal_shows_as_such_and_its_file_is_refused(app, holder):
    client, enterprise, receipts = holder
    seal_id = receipts[0]["seal_id"]
    assert operator(client, f"/seals/{seal_id}/suspend", note="公司内部核查").status_code == 200
    body = detail(client, receipts[0]["receipt_id"])
    assert (body["seal"]["status_label"], body["certificate"]["status_label"]) == ("已停用", "已暂停使用")
    assert body["seal_file_url"] is None
    assert_refused(app, lambda: seal_file(client, receipts[0]["receipt_id"]), 409, "该印章已停用，不能下载或使用")
    listed = {i["seal"]["id"]: i["seal"]["status_label"] for i in wallet_items(client, enterprise["id"])}
    assert listed[seal_id] == "已停用"
    preview = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()
    assert {s["id"]: s["status_label"] for s in preview["items"]}[seal_id] == "已停用"
    receipts_page = client.get(f"/api/seals/{seal_id}/receipts").get_json()
    assert receipts_page["seal"]["status_label"] == "已停用"


def test_a_revoked_seal_shows_as_revoked_and_its_file_is_refused(app, holder):
    client, _enterprise, receipts = holder
    seal_id = receipts[1]["seal_id"]
    assert operator(client, f"/seals/{seal_id}/revoke", reason="cessation").status_code == 200
    body = detail(client, receipts[1]["receipt_id"])
    assert (body["seal"]["status_label"], body["certificate"]["status_label"]) == ("已注销", "已吊销")
    assert body["seal_file_url"] is None
    assert_refused(app, lambda: seal_file(client, receipts[1]["receipt_id"]), 409, "该印章已注销，不能下载或使用")
    assert client.get(f"/api/seals/{seal_id}/receipts").get_json()["seal"]["status_label"] == "已注销"

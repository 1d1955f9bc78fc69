"""更名: the enterprise's filed seals are revoked (affiliationChanged) and made anew with the new name; holders
see the old ones as 已注销 and download the new ones after a fresh verification."""
from cryptography import x509
from cryptography.x509.oid import NameOID

from backend.services import seal_objects
from backend.testing.client import download_by_token, wallet_items
from backend.testing.pki import assert_refused, certificate_row, crl_of, crl_reason, operator, seal_file

NEW_NAME = "广州市新名称科技有限公司"


def rename(client, credit_code, name=NEW_NAME, **body):
    return operator(client, f"/enterprises/{credit_code}/rename", name=name, **body)


def test_renaming_revokes_the_seals_and_makes_new_ones_with_the_new_name(app, clock, holder):
    client, enterprise, receipts = holder
    old_ids = [r["seal_id"] for r in receipts]
    old_serials = [certificate_row(app, seal_id)["serial"] for seal_id in old_ids]
    response = rename(client, enterprise["credit_code"], note="工商变更登记")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["enterprise"]["name"] == NEW_NAME
    states = {s["id"]: s["status_label"] for s in body["seals"]}
    fresh = [s for s in body["seals"] if s["id"] not in old_ids]
    assert [states[i] for i in old_ids] == ["已注销", "已注销"]
    assert [(s["name"], s["status_label"]) for s in fresh] == [("公章", "已备案"), ("财务专用章", "已备案")]
    crl = crl_of(client)
    assert [crl_reason(crl, serial) for serial in old_serials] == [x509.ReasonFlags.affiliation_changed] * 2
    for seal in fresh:
        certificate = x509.load_der_x509_certificate(bytes.fromhex(_der_hex(app, seal["id"])))
        assert certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == NEW_NAME
        assert certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == seal["code"]

    held = {i["seal"]["id"]: i["seal"]["status_label"] for i in wallet_items(client, enterprise["id"])}
    assert held == {old_ids[0]: "已注销", old_ids[1]: "已注销"}  # the old ones stay, shown as 已注销
    clock.advance(60)
    _started, _token, new_receipts = download_by_token(app, clock, client, enterprise["id"])  # a fresh verification
    assert sorted(r["seal_id"] for r in new_receipts) == sorted(s["id"] for s in fresh)
    contents = seal_objects.decode(seal_file(client, new_receipts[0]["receipt_id"]).data).contents
    assert contents.es_id in {s["code"] for s in fresh}


def test_the_old_seals_keep_the_name_they_were_made_with(app, holder):
    client, enterprise, receipts = holder
    before = client.get(f"/api/receipts/{receipts[0]['receipt_id']}").get_json()["seal"]["image_url"]
    assert rename(client, enterprise["credit_code"]).status_code == 200
    after = client.get(f"/api/receipts/{receipts[0]['receipt_id']}").get_json()["seal"]["image_url"]
    assert after == before  # the same picture (its URL carries the picture's digest)


def test_a_rename_that_does_not_apply_is_refused_and_changes_nothing(app, holder):
    client, enterprise, receipts = holder
    code = enterprise["credit_code"]
    assert_refused(app, lambda: rename(client, code, enterprise["name"]), 409, "新名称与企业现有名称相同")
    assert_refused(app, lambda: rename(client, "91440101MA5XXXXX0X"), 404, "未找到该企业")
    assert_refused(app, lambda: rename(client, code, "广"), 422, "企业名称长度应为2至60个字符")
    assert_refused(app, lambda: rename(client, code, "广州市\u200b科技有限公司"), 422,
                   "企业名称含有不可见字符或控制字符（U+200B），请删除后重试")
    assert_refused(app, lambda: rename(client, code, "广州市😀科技有限公司"), 422,
                   "企业名称中的字符“😀”无法刻制在印章上，请修改")
    assert operator(client, f"/seals/{receipts[0]['seal_id']}/suspend").status_code == 200
    assert_refused(app, lambda: rename(client, code), 409, "该企业有已停用的印章，请先恢复或注销后再更名")


def _der_hex(app, seal_id):
    from backend.extensions import db
    from backend.models import Seal
    with app.app_context():
        return db.session.get(Seal, seal_id).certificate.der.hex()

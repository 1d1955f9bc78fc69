"""停用 ⇄ 恢复, 注销, 挂失 under /api/operator/: each a 印章变动 event, each in the CRL, each refused when it does
not apply; a change that fails midway leaves the seal as it was."""
from pathlib import Path

import pytest
from cryptography import x509

from backend.services.keystore import KeyStoreUnavailable
from backend.testing.pki import assert_refused, certificate_row, crl_of, crl_reason, operator

F = x509.ReasonFlags


def events(client, enterprise_id, seal_id):
    body = client.get(f"/api/enterprises/{enterprise_id}/seal-events?seal_id={seal_id}").get_json()
    return [(e["kind_label"], e["detail"]) for e in body["items"]]


def test_suspend_puts_the_certificate_on_hold_and_resume_takes_it_off(app, holder):
    client, enterprise, receipts = holder
    seal_id = receipts[0]["seal_id"]
    serial = certificate_row(app, seal_id)["serial"]
    suspended = operator(client, f"/seals/{seal_id}/suspend", note="营业执照年检")
    assert suspended.status_code == 200 and suspended.get_json()["status_label"] == "已停用"
    assert crl_reason(crl_of(client), serial) == F.certificate_hold
    assert events(client, enterprise["id"], seal_id)[0] == ("停用", "公章已停用，暂停下载和使用（营业执照年检）")
    resumed = operator(client, f"/seals/{seal_id}/resume")
    assert resumed.status_code == 200 and resumed.get_json()["status_label"] == "已备案"
    assert crl_reason(crl_of(client), serial) is None
    assert events(client, enterprise["id"], seal_id)[0] == ("恢复", "公章已恢复使用")


@pytest.mark.parametrize("reason, flag, label", [("cessation", F.cessation_of_operation, "注销"),
                                                 ("compromise", F.key_compromise, "挂失")])
def test_revocation_lists_its_reason_and_destroys_the_key(app, holder, reason, flag, label):
    client, enterprise, receipts = holder
    seal_id = receipts[1]["seal_id"]
    row = certificate_row(app, seal_id)
    key_file = Path(app.config["ESEAL_KEY_DIR"]) / "keystore" / f"{row['key_ref'].partition(':')[2]}.key"
    assert key_file.exists()
    response = operator(client, f"/seals/{seal_id}/revoke", reason=reason)
    assert response.status_code == 200 and response.get_json()["status_label"] == "已注销"
    assert crl_reason(crl_of(client), row["serial"]) == flag
    assert not key_file.exists() and certificate_row(app, seal_id)["key_destroyed_at"] is not None
    kind, detail = events(client, enterprise["id"], seal_id)[0]
    assert kind == label and detail.startswith(f"财务专用章已{label}")


def test_every_crl_number_is_new_and_the_crl_lists_each_change(app, holder):
    client, _enterprise, receipts = holder
    numbers = [crl_of(client).extensions.get_extension_for_class(x509.CRLNumber).value.crl_number]
    for path, body in ((f"/seals/{receipts[0]['seal_id']}/suspend", {}),
                       (f"/seals/{receipts[1]['seal_id']}/revoke", {"reason": "compromise"})):
        assert operator(client, path, **body).status_code == 200
        numbers.append(crl_of(client).extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    assert numbers == sorted(set(numbers)) and len(numbers) == 3
    assert len(list(crl_of(client))) == 2


@pytest.mark.parametrize("first, then, message", [
    ("/suspend", "/suspend", "该印章当前状态为已停用，不能停用"),
    (None, "/resume", "该印章当前状态为已备案，不能恢复"),
    ("/revoke", "/suspend", "该印章当前状态为已注销，不能停用"),
    ("/revoke", "/resume", "该印章当前状态为已注销，不能恢复"),
    ("/revoke", "/revoke", "该印章当前状态为已注销，不能注销"),
])
def test_a_change_that_does_not_apply_is_refused_and_changes_nothing(app, holder, first, then, message):
    client, _enterprise, receipts = holder
    seal_id = receipts[0]["seal_id"]
    reason = lambda path: {"reason": "cessation"} if path == "/revoke" else {}  # noqa: E731
    if first:
        assert operator(client, f"/seals/{seal_id}{first}", **reason(first)).status_code == 200
    body = reason(then)
    assert_refused(app, lambda: operator(client, f"/seals/{seal_id}{then}", **body), 409, message)


def test_unfiled_unknown_or_badly_asked_changes_are_refused(app, make_principal):
    client, enterprise = make_principal(seals=("official",))
    seal_id = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]["id"]
    assert_refused(app, lambda: operator(client, f"/seals/{seal_id}/suspend"), 409, "该印章当前状态为待刻制，不能停用")
    assert_refused(app, lambda: operator(client, "/seals/99999/revoke", reason="cessation"), 404, "未找到该印章")
    assert_refused(app, lambda: operator(client, f"/seals/{seal_id}/revoke", reason="lost"), 422,
                   "请选择正确的注销原因")
    assert_refused(app, lambda: client.post(f"/api/operator/seals/{seal_id}/suspend", json={}), 401,
                   "需要有效的运营令牌")


def test_a_revocation_that_fails_midway_leaves_the_seal_as_it_was(app, holder, monkeypatch):
    client, _enterprise, receipts = holder
    seal_id = receipts[0]["seal_id"]
    key_ref = certificate_row(app, seal_id)["key_ref"]
    pki = app.extensions["eseal_pki"]

    def token_gone(ref, data):  # the CRL cannot be signed: the revocation must not half happen
        raise KeyStoreUnavailable("token removed")
    monkeypatch.setattr(pki.keys, "sign", token_gone)
    for path, body in (("/revoke", {"reason": "cessation"}), ("/suspend", {})):
        assert_refused(app, lambda: operator(client, f"/seals/{seal_id}{path}", **body), 503,
                       "印章服务暂时不可用，请稍后再试")
    monkeypatch.undo()
    assert certificate_row(app, seal_id)["key_destroyed_at"] is None
    assert pki.keys.public_key(key_ref)  # the key is still there
    assert client.get(f"/api/receipts/{receipts[0]['receipt_id']}/seal-file").status_code == 200


def test_no_download_starts_while_every_seal_is_suspended_or_revoked(app, make_principal):
    client, enterprise = make_principal(filed=True, seals=("official",))
    seal_id = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]["id"]
    assert operator(client, f"/seals/{seal_id}/suspend").status_code == 200
    preview = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()
    assert preview["downloadable"] is False and preview["items"][0]["status_label"] == "已停用"
    version = client.get("/api/downloads/declaration").get_json()["version"]
    started = client.post(f"/api/enterprises/{enterprise['id']}/downloads",
                          json={"declaration_version": version, "agreed": True})
    assert started.status_code == 409
    assert started.get_json()["message"] == "该企业的电子印章均已停用或注销，暂不能下载。"

"""How the licence pages answer: JSON for the page's script (数据同步中 a dialog, reasons beside the fields, the
next page's address), the same reasons on the page without script, and a way on from every refusal page."""
import re

import pytest

from backend.elicense import service
from backend.extensions import db
from backend.testing.licence import (arrive, csrf, download, holding_link, identify, owner_with_licence, post,
                                     refusal_code)
from backend.config import TestConfig

# Its data sync lasts 60 s here: a fresh licence answers 数据同步中 until the clock is moved past it.
pytestmark = pytest.mark.eseal_settings(ESEAL_ELICENSE_SYNC_SECONDS=60)

JSON = {"Accept": "application/json"}  # as static/elicense.js sends a form
SYNCING = "数据同步中，请5分钟后再试"


def send(client, path, **form):
    return client.post(path, data={"csrf": csrf(client.get("/elicense/")), **form}, headers=JSON)


def failures(app, clock):
    with app.app_context():
        from backend.elicense.models import LicenceHolding
        holding = db.session.get(LicenceHolding, 1)
        return service.failed_attempts(db.session, app.extensions["elicense"].throttles, holding, clock.now)


def test_the_script_gets_data_sync_as_a_dialog_and_reasons_for_the_field(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    download(client, enterprise)
    verify_path = holding_link(client)
    syncing = send(client, verify_path, password="246810")
    assert syncing.status_code == 409
    assert syncing.get_json() == {"error": "licence_syncing", "message": SYNCING, "fields": {}, "dialog": True}
    empty = send(client, verify_path, password="")
    assert empty.status_code == 422 and empty.get_json()["fields"] == {"password": "请输入执照密码"}
    short = send(client, verify_path, password="2468")
    assert short.status_code == 422 and short.get_json()["fields"] == {"password": "执照密码应为6位数字"}
    assert failures(b_app, clock) == 0  # never a licence password: not counted
    wrong = send(client, verify_path, password="000000")
    assert wrong.status_code == 422 and wrong.get_json()["fields"] == {"password": "执照密码错误，还可尝试4次"}
    clock.advance(61)
    done = send(client, verify_path, password="246810")
    assert (done.status_code, done.get_json()) == (200, {"location": "/elicense/success"})
    assert done.headers["Cache-Control"] == "no-store"


def test_without_script_data_sync_is_a_dialog_over_the_page_and_the_field_is_empty(b_app, rings, clock, enterprise):
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    identify(client)
    download(client, enterprise)
    page = post(client, holding_link(client), password="246810")
    text = page.get_data(as_text=True)
    assert page.status_code == 409 and page.headers["Cache-Control"] == "no-store"
    dialog = re.search(r"<dialog [^>]*role=\"alertdialog\"[^>]*open>(.*?)</dialog>", text, re.DOTALL).group(1)
    assert SYNCING in dialog and '<form method="dialog" novalidate><button class="lic-btn" type="submit">我知道了' in dialog
    assert re.search(r'<input type="password" name="password"(?![^>]*value=)', text)  # never a password re-filled


def test_each_step_answers_the_script_with_the_next_page(b_app, rings, clock, enterprise):
    from tests.factories import id_number
    client = b_app.test_client()
    arrive(client, rings, clock, enterprise)
    refused = send(client, "/elicense/download/realname", name="", id_number="")
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"name": "请输入2至20个汉字的真实姓名",
                                            "id_number": "身份证号应为18位，最后一位可以是数字或X"}
    entered = send(client, "/elicense/download/realname", name="张三", id_number=id_number(1))
    assert entered.get_json() == {"location": "/elicense/download/face"}
    assert send(client, "/elicense/download/face").get_json() == {"location": "/elicense/download/place"}
    assert send(client, "/elicense/download/place", place="广东省").get_json() == {"location": "/elicense/download/choose"}
    unchosen = send(client, "/elicense/download/choose")
    assert unchosen.status_code == 422 and unchosen.get_json()["fields"] == {
        "credit_code": "请勾选要下载的执照", "agree": "请阅读并同意《执照下载声明》"}
    chosen = send(client, "/elicense/download/choose", credit_code=enterprise["credit_code"], agree="yes")
    assert chosen.get_json() == {"location": "/elicense/download/password"}
    mismatch = send(client, "/elicense/download/password", password="246810", password2="246811")
    assert mismatch.get_json()["fields"] == {"password2": "两次输入的密码不一致"}
    done = send(client, "/elicense/download/password", password="246810", password2="246810")
    assert done.get_json() == {"location": "/elicense/"}


def test_every_licence_form_is_checked_by_the_app_not_the_browser(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    for path in ("/elicense/", "/elicense/download/realname", "/elicense/download/place",
                 "/elicense/download/choose", verify_path, verify_path.replace("/verify", "/delete")):
        page = client.get(path).get_data(as_text=True)
        forms = re.findall(r"<form [^>]*>", page)
        assert forms and all("novalidate" in form for form in forms), (path, forms)
        assert " required" not in page and "elicense.js" in page


def test_a_page_without_a_jump_leads_back_to_the_eseal_home(b_app):
    page = b_app.test_client().get("/elicense/")
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "请从一网通电子印章发起下载" in text
    assert '<a class="lic-btn" href="http://localhost/h5/#/eseal">返回一网通</a>' in text


def test_the_licence_app_on_its_own_leads_back_to_its_clients_eseal_home(tmp_path):
    from backend.elicense.app import create_elicense_app
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    app = create_elicense_app({**config, "ESEAL_KEY_DIR": str(tmp_path / "keys"),
                               "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.db'}",
                               "ELICENSE_SECRET_KEY": "b-secret", "ESEAL_ID_HASH_KEY": "id-key",
                               "ELICENSE_PEER_JWKS_URL": "https://eseal.example.cn/api/jwks.json",
                               "ELICENSE_CLIENT_REDIRECT_URI": "https://eseal.example.cn/api/elicense/callback"})
    text = app.test_client().get("/elicense/").get_data(as_text=True)
    assert '<a class="lic-btn" href="https://eseal.example.cn/h5/#/eseal">返回一网通</a>' in text


def test_a_refusal_inside_a_flow_offers_the_list_and_a_proper_cancel(b_app, rings, clock, enterprise):
    client, _ = owner_with_licence(b_app, rings, clock, enterprise)
    gone = client.get("/elicense/licences/999/verify")  # as back onto the page of a licence since deleted
    text = gone.get_data(as_text=True)
    assert gone.status_code == 404 and refusal_code(gone) == "licence_not_found"
    assert '<a class="lic-btn lic-btn--plain" href="/elicense/">返回执照列表</a>' in text
    assert re.search(r'<form method="post" action="/elicense/cancel" novalidate>.*?返回一网通</button>', text, re.DOTALL)


def test_a_form_sent_after_the_flow_ended_tells_the_script_to_show_the_page(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    token = csrf(client.get("/elicense/"))
    post(client, "/elicense/cancel")
    late = client.post(verify_path, data={"csrf": token, "password": "246810"}, headers=JSON)
    assert late.status_code == 400
    assert late.get_json() == {"error": "jump_missing", "message": "请从一网通电子印章发起下载，再进入电子营业执照",
                               "fields": {}, "location": verify_path}

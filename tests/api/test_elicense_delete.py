"""删除执照: the licence leaves this person's list with its wrong tries and lock, and can be downloaded again;
someone else's licence is refused as if it did not exist, and nothing changes."""
import re

import pytest
from sqlalchemy import select

from backend.elicense.models import LicenceHolding
from backend.extensions import db
from backend.models import Throttle
from backend.testing.licence import (arrive, csrf, download, holding_link, identify, licence_state, owner_with_licence,
                                     post, refusal_code)

# Its data sync lasts 60 s here: a fresh licence answers 数据同步中 until the clock is moved past it.
pytestmark = pytest.mark.eseal_settings(ESEAL_ELICENSE_SYNC_SECONDS=60)

JSON = {"Accept": "application/json"}  # as the page's script sends a form


def delete_path(verify_path):
    return verify_path.replace("/verify", "/delete")


def holdings(app):
    with app.app_context():
        return db.session.execute(select(LicenceHolding.id, LicenceHolding.credit_code)).all()


def throttle_keys(app):
    with app.app_context():
        return db.session.scalars(select(Throttle.key).where(Throttle.key.like("licence:%"))).all()


def test_deleting_a_licence_removes_it_its_lock_and_lets_it_be_downloaded_again(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    for _ in range(5):
        post(client, verify_path, password="000000")
    locked = post(client, verify_path, password="246810")
    assert locked.status_code == 429 and "执照已锁定" in locked.get_data(as_text=True)
    assert throttle_keys(b_app) == [f"licence:{verify_path.split('/')[3]}"]

    confirm = client.get(delete_path(verify_path))  # without script: a page that asks first
    assert confirm.status_code == 200 and "确定删除" in confirm.get_data(as_text=True)
    deleted = post(client, delete_path(verify_path))
    assert deleted.status_code == 303 and deleted.headers["Location"].endswith("/elicense/")
    listing = client.get("/elicense/").get_data(as_text=True)
    assert "执照已删除" in listing and enterprise["name"] not in listing and "/verify" not in listing
    assert holdings(b_app) == [] and throttle_keys(b_app) == []  # gone, with its wrong tries and its lock
    assert "执照已删除" not in client.get("/elicense/").get_data(as_text=True)  # said once

    identify(client)  # 下载执照 again: 实名信息, 实人认证, 登记地, 执照, 密码
    assert download(client, enterprise, password="135790", password2="135790").status_code == 303
    clock.advance(61)
    again = holding_link(client)
    wrong = post(client, again, password="000000")  # a fresh count, even where the new licence has the old id
    assert wrong.status_code == 422 and "执照密码错误，还可尝试4次" in wrong.get_data(as_text=True)
    assert post(client, again, password="135790").headers["Location"].endswith("/elicense/success")


def test_someone_elses_licence_cannot_be_deleted_and_nothing_changes(b_app, rings, clock, enterprise, make_principal):
    owner, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    post(owner, verify_path, password="000000")  # a wrong try on the owner's licence, which must stay counted
    other = make_principal(phone="13900000002", name="李四", serial=2)[1]
    stranger = b_app.test_client()
    arrive(stranger, rings, clock, other)
    identify(stranger, name="李四", serial=2)
    token = csrf(stranger.get("/elicense/"))
    before = licence_state(b_app, clock)

    refused = stranger.post(delete_path(verify_path), data={"csrf": token})
    assert refused.status_code == 404 and refusal_code(refused) == "licence_not_found"
    shown = stranger.get(delete_path(verify_path))
    assert shown.status_code == 404 and refusal_code(shown) == "licence_not_found"
    as_script = stranger.post(delete_path(verify_path), data={"csrf": token}, headers=JSON)
    assert as_script.status_code == 404 and as_script.get_json()["error"] == "licence_not_found"
    assert licence_state(b_app, clock) == before  # the licence, its wrong try, every flow: as they were
    assert enterprise["name"] in owner.get("/elicense/").get_data(as_text=True)


def test_deleting_needs_this_browser_to_have_identified_the_person(b_app, rings, clock, enterprise):
    owner, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    post(owner, "/elicense/cancel")
    unknown = b_app.test_client()
    arrive(unknown, rings, clock, enterprise)  # a flow, but nobody identified in this browser
    before = licence_state(b_app, clock)
    refused = post(unknown, delete_path(verify_path))
    assert refused.status_code == 403 and refusal_code(refused) == "elicense_identity_required"
    assert licence_state(b_app, clock) == before


def test_deleting_takes_back_a_verification_made_with_the_licence(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    assert post(client, verify_path, password="246810").status_code == 303
    token = csrf(client.get("/elicense/"))
    answered = client.post(delete_path(verify_path), data={"csrf": token}, headers=JSON)
    assert answered.status_code == 200 and answered.get_json() == {"location": "/elicense/"}
    assert client.get("/elicense/success").headers["Location"].endswith("/elicense/")
    returned = post(client, "/elicense/return")
    assert returned.status_code == 403 and refusal_code(returned) == "licence_not_verified"


def test_the_licence_page_offers_delete_behind_a_confirmation(b_app, rings, clock, enterprise):
    client, verify_path = owner_with_licence(b_app, rings, clock, enterprise)
    page = client.get(verify_path).get_data(as_text=True)
    link = re.escape(delete_path(verify_path))
    assert re.search(rf'<a [^>]*href="{link}"[^>]*data-dialog="lic-delete"[^>]*>删除执照</a>', page)
    assert 'id="lic-delete"' in page and "确定删除" in page and f'action="{delete_path(verify_path)}"' in page

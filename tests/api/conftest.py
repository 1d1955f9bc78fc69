"""API helpers: log a client in through the real endpoints."""
import pytest

from tests.factories import id_number


def sms_code(client, phone):
    return client.get(f"/api/dev/sms-outbox?phone={phone}").get_json()["items"][0]["code"]


def login(client, phone):
    assert client.post("/api/auth/sms-codes", json={"phone": phone}).status_code == 201
    response = client.post("/api/auth/login", json={"phone": phone, "code": sms_code(client, phone)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def verify(client, name, number):
    check = client.post("/api/realname", json={"name": name, "id_number": number})
    assert check.status_code == 201, check.get_json()
    response = client.post(f"/api/realname/{check.get_json()['check_id']}/face", json={})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


OPERATOR = {"Authorization": "Bearer test-operator-token"}


@pytest.fixture
def make_principal(app):
    """A logged-in, verified user whose enterprise was started up and completed; returns (client, enterprise json)."""
    def make(phone="13900000001", name="张三", serial=1, type_="llc", seals=("official", "finance"), filed=False):
        client = app.test_client()
        login(client, phone)
        verify(client, name, id_number(serial))
        body = {"company_name": f"广州市{name}测试有限公司", "enterprise_type": type_, "address": "广州市天河区测试路1号",
                "principal_name": name, "principal_id_number": id_number(serial), "principal_phone": phone,
                "seals": list(seals), "free_eseal": True}
        created = client.post("/api/startups", json=body)
        assert created.status_code == 201, created.get_json()
        done = client.post(f"/api/operator/startups/{created.get_json()['id']}/complete", json={}, headers=OPERATOR)
        assert done.status_code == 200, done.get_json()
        if filed:
            for seal in done.get_json()["seals"]:
                client.post(f"/api/operator/seals/{seal['id']}/carve", json={}, headers=OPERATOR)
                client.post(f"/api/operator/seals/{seal['id']}/file", json={}, headers=OPERATOR)
        return client, done.get_json()["enterprise"]
    return make


# --- 下载印章 (the jump to the licence app and back): helpers for tests/api/test_download_*.py ---
import re as _re  # noqa: E402
from urllib.parse import urlsplit as _urlsplit  # noqa: E402

DOWNLOAD_APP_CONFIG = {"ESEAL_PUBLIC_URL": "http://localhost"}  # callback_url == the registered redirect URI
DEMO_PASSWORD = "135790"  # demo case 13800000002: licence downloaded, synced; shown once identified in a browser


def seed_demo(app, clock):
    from backend.api.common import id_key
    from backend.extensions import db as _db
    from backend import demo
    with app.app_context():
        return demo.seed(_db.session, clock.now, id_key())


def snapshot(app):
    """What a refused jump must leave unchanged: receipts, spent tokens, 下载 events, download statuses."""
    from sqlalchemy import func, select

    from backend.extensions import db as _db
    from backend.models import DownloadSession, Receipt, SealEvent, SpentToken
    with app.app_context():
        s = _db.session
        count = lambda model, *where: s.scalar(select(func.count()).select_from(model).where(*where))  # noqa: E731
        return {"receipts": count(Receipt), "spent_tokens": count(SpentToken),
                "download_events": count(SealEvent, SealEvent.kind == "download"),
                "downloads": sorted(s.execute(select(DownloadSession.id, DownloadSession.status)).all())}


def enterprise_by_phone(app, phone):
    """(id, credit_code) of the demo enterprise whose principal has this phone."""
    from sqlalchemy import select

    from backend.extensions import db as _db
    from backend.models import Enterprise
    with app.app_context():
        ent = _db.session.scalar(select(Enterprise).where(Enterprise.principal_phone == phone))
        return ent.id, ent.credit_code


def user_id_by_phone(app, phone):
    from sqlalchemy import select

    from backend.extensions import db as _db
    from backend.models import User
    with app.app_context():
        return _db.session.scalar(select(User.id).where(User.phone == phone))


def filed_seal_count(app, enterprise_id):
    from sqlalchemy import func, select

    from backend.extensions import db as _db
    from backend.models import Seal
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(Seal)
                                  .where(Seal.enterprise_id == enterprise_id, Seal.status == "filed"))


def download_row(app, download_id):
    """The download session as stored: state, nonce, user, enterprise (id and credit code)."""
    from backend.extensions import db as _db
    from backend.models import DownloadSession, Enterprise
    with app.app_context():
        d = _db.session.get(DownloadSession, download_id)
        ent = _db.session.get(Enterprise, d.enterprise_id)
        return {"id": d.id, "state": d.state, "nonce": d.nonce, "user_id": d.user_id, "status": d.status,
                "enterprise_id": d.enterprise_id, "credit_code": ent.credit_code}


def pseudonym_of(app, user_id):
    return app.extensions["eseal_jump"].subject(user_id)


def start_download(client, enterprise_id):
    version = client.get("/api/downloads/declaration").get_json()["version"]
    response = client.post(f"/api/enterprises/{enterprise_id}/downloads",
                           json={"declaration_version": version, "agreed": True})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def result_token(app, clock, download_id, **changes):
    """A result as the licence app would sign it for this download; ``changes`` override any argument."""
    from backend.services import jump_tokens
    row = download_row(app, download_id)
    args = dict(issuer="elicense", audience="eseal-h5", subject=pseudonym_of(app, row["user_id"]),
                credit_code=row["credit_code"], outcome="verified", nonce=row["nonce"], state=row["state"],
                now=clock.now, ttl_seconds=300)
    args.update(changes)
    ring = args.pop("ring", None) or app.extensions["elicense"].key_ring
    return jump_tokens.issue_result(ring, **args)


def callback(client, token):
    return client.get("/api/elicense/callback", query_string={"result": token})


def elicense_csrf(response):
    return _re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def demo_person(phone="13800000002"):
    """(name, ID number) of a demo principal, as they would type them into the licence app."""
    from backend.demo import CASES
    return next((name, number) for _case, case_phone, name, number, _verified, _spec in CASES if case_phone == phone)


def identify_in_licence_app(client, person=None):
    """实名信息 and 实人认证 in the licence app, in this browser (the licence app's own login)."""
    name, number = person or demo_person()
    token = elicense_csrf(client.get("/elicense/download/realname"))
    entered = client.post("/elicense/download/realname", data={"name": name, "id_number": number, "csrf": token})
    assert entered.status_code == 303, entered.get_data(as_text=True)
    face = client.post("/elicense/download/face", data={"csrf": token})
    assert face.status_code == 303, face.get_data(as_text=True)
    return face


def verify_licence(client, jump_url, password=DEMO_PASSWORD, person=None):
    """Drive the licence app: arrive by the jump, identify unless this browser did before, verify the listed
    licence, return; gives the callback URL."""
    arrived = client.get(jump_url)
    assert arrived.status_code == 303, arrived.get_data(as_text=True)
    listing = client.get("/elicense/")
    found = _re.search(r'href="(/elicense/licences/\d+/verify)"', listing.get_data(as_text=True))
    if found is None:
        identify_in_licence_app(client, person)
        listing = client.get("/elicense/")
        found = _re.search(r'href="(/elicense/licences/\d+/verify)"', listing.get_data(as_text=True))
    link = found.group(1)
    token = elicense_csrf(listing)
    verified = client.post(link, data={"password": password, "csrf": token})
    assert verified.status_code == 303, verified.get_data(as_text=True)
    back = client.post("/elicense/return", data={"csrf": token})
    assert back.status_code == 303
    parts = _urlsplit(back.headers["Location"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://localhost/api/elicense/callback"
    return f"{parts.path}?{parts.query}"


def page_text(response):
    return response.get_data(as_text=True)


# --- 查看与管理印章: helpers for tests/api/test_wallet_*.py ---
def download_by_token(app, clock, client, enterprise_id):
    """A whole download with a result signed here (no licence pages); gives (started, token, receipts json)."""
    started = start_download(client, enterprise_id)
    token = result_token(app, clock, started["id"])
    assert callback(client, token).status_code == 303
    done = client.post(f"/api/downloads/{started['id']}/complete", json={})
    assert done.status_code == 200, done.get_json()
    return started, token, done.get_json()["receipts"]


def wallet_items(client, enterprise_id):
    response = client.get(f"/api/enterprises/{enterprise_id}/wallet")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def wallet_state(app):
    """Everything a refused wallet request must leave unchanged: receipts (held or deleted), events, downloads."""
    from sqlalchemy import select

    from backend.extensions import db as _db
    from backend.models import DownloadSession, Receipt, SealEvent, SpentToken
    with app.app_context():
        s = _db.session
        return {"receipts": sorted(s.execute(select(Receipt.id, Receipt.user_id, Receipt.seal_id,
                                                    Receipt.deleted_at)).all()),
                "events": sorted(s.execute(select(SealEvent.id, SealEvent.kind)).all()),
                "spent_tokens": len(s.scalars(select(SpentToken.jti)).all()),
                "downloads": sorted(s.execute(select(DownloadSession.id, DownloadSession.status)).all())}


def seal_row(app, seal_id):
    from backend.extensions import db as _db
    from backend.models import Seal
    with app.app_context():
        seal = _db.session.get(Seal, seal_id)
        return {"code": seal.code, "filed_at": seal.filed_at, "type": seal.type, "status": seal.status}

"""Fixtures of the API tests. Their helpers are the QA kit's (backend/testing: client, state, tokens, pki)."""
import pytest

from backend.testing.app import seed_demo
from backend.testing.client import download_by_token, driver, login, start_download
from backend.testing.people import Person
from backend.testing.state import enterprise_by_phone
from tests.factories import id_number

DEMO_PRINCIPAL = "13800000002"  # 林晓红, principal of 广州市粤海贸易有限公司: licence downloaded, password 135790


@pytest.fixture
def make_principal(app):
    """A logged-in, verified user whose enterprise was started up and completed; gives (client, enterprise json)."""
    def make(phone="13900000001", name="张三", serial=1, type_="llc", seals=("official", "finance"), filed=False):
        client = app.test_client()
        eseal = driver(client)
        eseal.sign_up(Person(phone=phone, name=name, id_number=id_number(serial)))
        done = eseal.open_enterprise(filed=filed, enterprise_type=type_, seals=seals)
        return client, done["enterprise"]
    return make


@pytest.fixture
def demo(app, clock):
    """The demo data (as seed-demo loads it, without the seals' PKI objects); gives the accounts."""
    return seed_demo(app, clock.now, with_pki=False)


@pytest.fixture
def principal(app, clock, demo):
    """林晓红 logged in, with every seal downloaded by a signed result; gives (client, enterprise id)."""
    client = app.test_client()
    login(client, DEMO_PRINCIPAL)
    ent = enterprise_by_phone(app, DEMO_PRINCIPAL)[0]
    clock.advance(60)
    download_by_token(app, clock, client, ent)
    return client, ent


@pytest.fixture
def started(app, demo):
    """林晓红 logged in, with a download started; gives (client, its JSON: id and jump_url)."""
    client = app.test_client()
    login(client, DEMO_PRINCIPAL)
    return client, start_download(client, enterprise_by_phone(app, DEMO_PRINCIPAL)[0])


@pytest.fixture
def holder(app, clock, make_principal):
    """(client, enterprise json, receipts json) of a principal who downloaded the 公章 and 财务专用章."""
    client, enterprise = make_principal(filed=True, seals=("official", "finance"))
    clock.advance(60)
    _started, _token, receipts = download_by_token(app, clock, client, enterprise["id"])
    return client, enterprise, receipts


# --- the licence app's own page tests (tests/api/test_elicense_*.py) ---

@pytest.fixture
def rings(app):
    """A's ring (which the mounted licence app trusts) and B's, as the factory composed them."""
    return {"a": app.extensions["eseal_key_ring"], "b": app.extensions["elicense"].key_ring}


@pytest.fixture
def b_app(app):
    """The licence app: mounted at /elicense of the app by create_app."""
    assert "elicense" in app.blueprints
    return app


@pytest.fixture
def enterprise(b_app, make_principal):
    """An enterprise whose principal is 张三 (id_number(1)); its JSON."""
    return make_principal()[1]

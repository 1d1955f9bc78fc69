"""The driver's steps on a Flask test client a test already holds, answering what the API answers.

For API tests that look at responses themselves (status, headers, body): `login(client, phone)` logs that client
in through the real endpoints, as the driver does. In process only.
"""
from urllib.parse import urlsplit

from ..config import TestConfig
from .driver import Eseal
from .operator import Operator
from .pages import csrf
from .people import Person, person_of
from .transport import InProcessBrowser, path_of

OPERATOR = {"Authorization": f"Bearer {TestConfig.ESEAL_OPERATOR_TOKEN}"}  # eseal_app's operator token
DEMO_PASSWORD = "135790"  # demo case 13800000002: licence downloaded, synced; shown once identified in a browser


def driver(client):
    """The driver in this client's browser (its cookies), on the clock of the client's app, with its operator."""
    app = client.application
    token = app.config.get("ESEAL_OPERATOR_TOKEN")
    return Eseal(InProcessBrowser.of(client), app.config.get("ESEAL_CLOCK"),
                 operator=Operator(InProcessBrowser(app), token) if token else None)


def sms_code(client, phone):
    """The newest code the demo SMS outbox holds for this phone."""
    return driver(client).sms_code(phone)


def login(client, phone):
    """登录 by SMS code; answers /api/me's JSON."""
    return driver(client).login(phone)


def verify(client, name, number):
    """实名认证 (姓名 + 身份证号, face step); answers /api/me's JSON."""
    eseal = driver(client)
    eseal.person = Person(phone=None)
    return eseal.verify_identity(name, number)


def start_download(client, enterprise_id):
    """开始下载 with the declaration agreed: {"id", "jump_url"}."""
    return driver(client).start_download(enterprise_id)


def demo_person(phone="13800000002"):
    """The demo principal with this phone, as they would type their name and 身份证号 into the licence app."""
    from ..demo import CASES
    return next(Person(phone=phone, name=name, id_number=number)
                for _case, case_phone, name, number, _verified, _spec in CASES if case_phone == phone)


def verify_licence(client, jump_url, password=DEMO_PASSWORD, person=None, credit_code=None):
    """The licence app: arrive by the jump, identify unless this browser did before, verify the listed licence
    (of ``credit_code``, else the first), 【返回】. Answers the callback's path and query."""
    eseal = driver(client)
    eseal.person = person_of(person) if person else demo_person()
    back = eseal.verify_in_licence_app(jump_url, credit_code, password)
    parts = urlsplit(back)
    callback = client.application.extensions["eseal_jump"].callback_url
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == callback, back
    return path_of(back)


def callback(client, token):
    """The licence app's way back, with this result token."""
    return client.get("/api/elicense/callback", query_string={"result": token})


def download_by_token(app, clock, client, enterprise_id):
    """A whole download with a result signed here (no licence pages); answers (started, token, receipts)."""
    from .tokens import result_token
    started = start_download(client, enterprise_id)
    token = result_token(app, clock, started["id"])
    assert callback(client, token).status_code == 303
    return started, token, driver(client).complete_download(started["id"])


def wallet_items(client, enterprise_id):
    """查看已下载印章: the held seals' JSON."""
    return driver(client).held_seals(enterprise_id)


def elicense_csrf(response):
    """The licence app's form token on a page it answered."""
    return csrf(response.get_data(as_text=True))


def page_text(response):
    return response.get_data(as_text=True)


def assert_error(response, status, code, message=None):
    """The API answered this status and error code (and message, when given) in its error body."""
    body = response.get_json(silent=True) or {}
    assert (response.status_code, body.get("error")) == (status, code), (response.status_code,
                                                                          body or page_text(response)[:300])
    if message is not None:
        assert body.get("message") == message, body
    return body

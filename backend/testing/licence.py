"""The licence app's own pages through a test client, in process: a jump signed here, each form posted as the
page posts it, the result read back. For tests of the licence app itself (tests/api/test_elicense_*.py); the
driver's licence steps (DownloadSteps) go through the same pages from a real jump."""
import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from .app import IN_PROCESS_ORIGIN
from .people import serial_id_number

CLIENT_ID = "eseal-h5"
CALLBACK = IN_PROCESS_ORIGIN + "/api/elicense/callback"  # ESEAL_PUBLIC_URL + the callback path


def ring():
    """A key ring of a new Ed25519 key, trusted by nobody."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..services.signing_keys import KeyRing
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    return KeyRing.from_private_pems([pem])


SAMPLE_STAMP = {"binding": "ab" * 32, "enterprise_name": "广州示例科技有限公司",
                "document": {"name": "采购合同.pdf", "sha256": "cd" * 32}, "seals": ["合同专用章"]}


def jump_token(rings, clock, credit_code, redirect_uri=CALLBACK, purpose="download", stamp=None):
    """A jump request as the e-seal app signs it (rings["a"]); a 用印 one names SAMPLE_STAMP unless told."""
    from ..services import jump_tokens
    if purpose == "stamp" and stamp is None:
        stamp = SAMPLE_STAMP
    return jump_tokens.issue_jump_request(
        rings["a"], issuer=CLIENT_ID, audience="elicense", subject="user-1", credit_code=credit_code,
        purpose=purpose, redirect_uri=redirect_uri, state="state-1", nonce="nonce-1", now=clock.now,
        ttl_seconds=300, stamp=stamp)


def csrf(response):
    """The form token on a page the licence app answered."""
    return re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def post(client, path, **form):
    """A form of this browser's flow, with its token."""
    token = csrf(client.get("/elicense/"))
    return client.post(path, data={"csrf": token, **form})


def arrive(client, rings, clock, enterprise):
    """【允许】: the jump for this enterprise taken; answers the licence list."""
    response = client.get(f"/elicense/jump?request={jump_token(rings, clock, enterprise['credit_code'])}")
    assert response.status_code == 303 and response.headers["Location"].endswith("/elicense/")
    return client.get("/elicense/")


def identify(client, name="张三", serial=1):
    """实名信息 (serial_id_number(serial)) and 实人认证; answers the face step's response."""
    assert post(client, "/elicense/download/realname", name=name, id_number=serial_id_number(serial)).status_code == 303
    return post(client, "/elicense/download/face")


def download(client, enterprise, password="246810", password2="246810"):
    """下载执照: 选择登记地, tick the enterprise and the declaration, 设置执照密码; answers the last response."""
    assert post(client, "/elicense/download/place", place="广东省").status_code == 303
    chosen = post(client, "/elicense/download/choose", credit_code=enterprise["credit_code"], agree="yes")
    assert chosen.status_code == 303
    return post(client, "/elicense/download/password", password=password, password2=password2)


def holding_link(client):
    """The 执照验证 path of the first licence the list offers."""
    return re.search(r'href="(/elicense/licences/\d+/verify)"', client.get("/elicense/").get_data(as_text=True)).group(1)


def result_of(response, rings, clock):
    """The claims of the result a 303 back to the e-seal app carries, verified with the licence app's key."""
    from ..services import jump_tokens
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    token = parse_qs(location.query)["result"][0]
    return jump_tokens.verify(token, rings["b"].public_keys(), expected_typ=jump_tokens.RESULT_TYP,
                              issuer="elicense", audience=CLIENT_ID, now=clock.now)


def licence_state(app, clock):
    """What a stranger must not change: each holding's wrong tries, lock and attempts being checked; flows."""
    from ..elicense import service
    from ..elicense.models import ElicenseFlow, ElicenseLogin, LicenceHolding
    from ..extensions import db
    from ..models import Throttle
    with app.app_context():
        s, throttles = db.session, app.extensions["elicense"].throttles
        holdings = [(h.id, service.failed_attempts(s, throttles, h, clock.now),
                     service.locked_until(s, throttles, h, clock.now),
                     throttles.reservations(s, f"licence:{h.id}", clock.now), h.password_hash)
                    for h in s.scalars(select(LicenceHolding).order_by(LicenceHolding.id))]
        flows = sorted(s.execute(select(ElicenseFlow.jti, ElicenseFlow.holder_id, ElicenseFlow.verified,
                                        ElicenseFlow.ended_at)).all())
        return {"holdings": holdings, "throttle_rows": s.scalar(select(func.count()).select_from(Throttle)),
                "flows": flows, "logins": s.scalar(select(func.count()).select_from(ElicenseLogin))}


def owner_with_licence(b_app, rings, clock, enterprise):
    """A browser whose person (张三) downloaded the enterprise's licence, past its data sync; gives (client, the
    licence's 执照验证 path)."""
    owner = b_app.test_client()
    arrive(owner, rings, clock, enterprise)
    identify(owner)
    download(owner, enterprise)
    clock.advance(61)  # past data sync
    return owner, holding_link(owner)


def refusal_code(response):
    """The data-code of a refusal page."""
    return response.get_data(as_text=True).split('data-code="', 1)[1].split('"', 1)[0]

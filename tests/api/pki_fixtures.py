"""Fixtures and helpers of the seal-PKI API tests: a principal holding two filed seals, the operator's calls,
what a refused change must leave as it was."""
import pytest
from cryptography import x509
from sqlalchemy import func, select

from tests.api.conftest import DOWNLOAD_APP_CONFIG, OPERATOR, download_by_token

ESL = "application/octet-stream"


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, **DOWNLOAD_APP_CONFIG}


@pytest.fixture
def holder(app, clock, make_principal):
    """(client, enterprise json, receipts json) of a principal who downloaded the 公章 and 财务专用章."""
    client, enterprise = make_principal(filed=True, seals=("official", "finance"))
    clock.advance(60)
    _started, _token, receipts = download_by_token(app, clock, client, enterprise["id"])
    return client, enterprise, receipts


def operator(client, path, **body):
    return client.post(f"/api/operator{path}", json=body, headers=OPERATOR)


def seal_file(client, receipt_id):
    return client.get(f"/api/receipts/{receipt_id}/seal-file")


def crl_of(client, name="issuing-1"):
    response = client.get(f"/pki/crl/{name}.crl")
    assert response.status_code == 200 and response.mimetype == "application/pkix-crl"
    return x509.load_der_x509_crl(response.data)


def crl_reason(crl, serial_hex):
    entry = crl.get_revoked_certificate_by_serial_number(int(serial_hex, 16))
    return None if entry is None else entry.extensions.get_extension_for_class(x509.CRLReason).value.reason


def certificate_row(app, seal_id):
    from backend.extensions import db
    from backend.models import SealCertificate
    with app.app_context():
        row = db.session.scalar(select(SealCertificate).where(SealCertificate.seal_id == seal_id))
        return None if row is None else {"serial": row.serial, "status": row.status, "reason": row.reason,
                                         "key_ref": row.key_ref, "key_destroyed_at": row.key_destroyed_at}


def pki_state(app):
    """What a refused or failed change must leave as it was: seals, certificates, events, CRLs, objects."""
    from backend.extensions import db
    from backend.models import Crl, Enterprise, Seal, SealCertificate, SealEvent, SealObject
    with app.app_context():
        s = db.session
        return {"seals": sorted(s.execute(select(Seal.id, Seal.status, Seal.code, Seal.engraved_name)).all()),
                "certificates": sorted(s.execute(select(SealCertificate.serial, SealCertificate.status,
                                                        SealCertificate.reason)).all()),
                "events": s.scalar(select(func.count()).select_from(SealEvent)),
                "crls": sorted(s.execute(select(Crl.authority, Crl.number)).all()),
                "objects": s.scalar(select(func.count()).select_from(SealObject)),
                "enterprises": sorted(s.execute(select(Enterprise.id, Enterprise.name)).all())}


def assert_refused(app, call, status, message):
    """call() is refused with status and the Chinese message, and nothing changed (pki_state)."""
    before = pki_state(app)
    response = call()
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["message"] == message, response.get_json()
    assert pki_state(app) == before
    return response

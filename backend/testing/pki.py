"""The seal PKI as a test reads it, in process: the operator's calls, seal files, CRLs, certificate rows and
what a refused or failed change must leave as it was."""
from sqlalchemy import func, select

from .client import OPERATOR

ESL = "application/octet-stream"  # a seal file's (.esl) media type


def operator(client, path, **body):
    """POST /api/operator<path> with the operator's token."""
    return client.post(f"/api/operator{path}", json=body, headers=OPERATOR)


def seal_file(client, receipt_id):
    """查看详情 → 【下载印章文件】: the raw response."""
    return client.get(f"/api/receipts/{receipt_id}/seal-file")


def crl_of(client, name="issuing-1"):
    """The CRL /pki/crl/<name>.crl serves, parsed."""
    from cryptography import x509
    response = client.get(f"/pki/crl/{name}.crl")
    assert response.status_code == 200 and response.mimetype == "application/pkix-crl"
    return x509.load_der_x509_crl(response.data)


def crl_reason(crl, serial_hex):
    """The reason a CRL gives for revoking this serial; None when it is not listed."""
    from cryptography import x509
    entry = crl.get_revoked_certificate_by_serial_number(int(serial_hex, 16))
    return None if entry is None else entry.extensions.get_extension_for_class(x509.CRLReason).value.reason


def certificate_row(app, seal_id):
    from ..extensions import db
    from ..models import SealCertificate
    with app.app_context():
        row = db.session.scalar(select(SealCertificate).where(SealCertificate.seal_id == seal_id))
        return None if row is None else {"serial": row.serial, "status": row.status, "reason": row.reason,
                                         "key_ref": row.key_ref, "key_destroyed_at": row.key_destroyed_at}


def pki_state(app):
    """What a refused or failed change must leave as it was: seals, certificates, events, CRLs, objects."""
    from ..extensions import db
    from ..models import Crl, Enterprise, Seal, SealCertificate, SealEvent, SealObject
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

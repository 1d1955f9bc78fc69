"""验章 of a seal object (.esl), in GB/T 38540's order; each step reported by name, one verdict.

structure → the maker's signature → the maker certificate (chain to our root, validity) → the seal's
validity window → revocation (the maker's and the seal's certificates, by their CA's current CRL).
The first step that fails makes the seal invalid and the later ones are not checked; a status that
cannot be learnt now (the CRL cannot be refreshed) leaves it indeterminate. Never raises on bad input.
"""
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from . import crls, seal_objects, sm2
from .keystore import EC_P256, SM2, KeyStoreUnavailable
from .pki import ChainError

STEPS = {"structure": "印章数据结构", "signature": "制章者签名", "maker_certificate": "制章者证书",
         "validity": "印章有效期", "revocation": "证书吊销状态"}
ALGORITHM_LABELS = {EC_P256: "ECDSA P-256 / SHA-256", SM2: "SM2 / SM3"}
REVOKED = {"certificate_hold": "印章已停用（印章证书暂停使用）", "cessation_of_operation": "印章已注销",
           "key_compromise": "印章已挂失，证书已吊销", "affiliation_changed": "企业已更名，该印章已注销",
           "unspecified": "印章证书已被吊销"}
PARSED_LATER = ("subject", "issuer", "extensions", "serial_number", "not_valid_before_utc", "not_valid_after_utc")
SKIPPED = "前一项未通过，不再检查"
VALID = "印章有效：数据完整，制章者签名有效，证书链可信，在有效期内且未被吊销"


class Refused(Exception):
    """One step's failure; outcome "failed" (invalid) or "unknown" (cannot be told now)."""

    def __init__(self, detail, outcome="failed"):
        super().__init__(detail)
        self.detail, self.outcome = detail, outcome


def _attribute(name, oid):
    found = name.get_attributes_for_oid(oid)
    return found[0].value if found else None


def _structure(data):
    try:
        decoded = seal_objects.decode(data)
    except seal_objects.SealFormatError as exc:
        raise Refused(str(exc)) from exc
    try:
        maker = x509.load_der_x509_certificate(decoded.maker_certificate)
        certificates = [x509.load_der_x509_certificate(der) for der in decoded.contents.certificates]
        for certificate in (maker, *certificates):  # cryptography parses these parts on first use: now, here
            for part in PARSED_LATER:
                getattr(certificate, part)
    except Exception as exc:  # any parse error of untrusted certificates (ValueError, DuplicateExtension, …)
        raise Refused("印章数据中的证书无法解析") from exc
    if _attribute(certificates[0].subject, NameOID.SERIAL_NUMBER) != decoded.contents.es_id:
        raise Refused("印章编码与印章证书不符")
    return decoded, maker, certificates


def _signature(decoded, maker):
    if decoded.sign_algorithm == SM2:
        good = sm2.verify(_spki(decoded.maker_certificate), decoded.signed_bytes, decoded.signature)
    else:
        good = _ecdsa_good(maker, decoded.signed_bytes, decoded.signature)
    if not good:
        raise Refused("制章者签名无效：印章数据在签名后被改动，或不是由该证书签名")


def _spki(certificate_der):
    """The certificate's SubjectPublicKeyInfo, read by asn1crypto (cryptography cannot load an SM2 key)."""
    try:
        return asn1_x509.Certificate.load(certificate_der)["tbs_certificate"]["subject_public_key_info"].dump()
    except (ValueError, TypeError, KeyError):
        return b""


def _ecdsa_good(certificate, data, signature):
    try:
        key = certificate.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True


def _maker_chain(pki, maker, now):
    try:
        pki.platform(now).chain(maker, now)
    except ChainError as exc:
        raise Refused(f"制章者证书不可信：{exc}") from exc


def _validity(contents, now):
    if now < contents.valid_start:
        raise Refused(f"印章尚未生效（{contents.valid_start:%Y-%m-%d} 起有效）")
    if now > contents.valid_end:
        raise Refused(f"印章已过有效期（有效期至 {contents.valid_end:%Y-%m-%d}）")


def _revocation(session, pki, maker, certificates, now):
    try:
        for certificate in [maker, *certificates]:
            reason, crl = crls.status_of(session, pki, certificate, now)
            if crl is None:
                raise Refused("印章证书不是本平台签发的，无法确认其吊销状态", "unknown")
            if reason is not None:
                raise Refused(REVOKED.get(reason, REVOKED["unspecified"]))
    except KeyStoreUnavailable as exc:
        raise Refused("暂时无法获取最新的证书吊销列表，请稍后再试", "unknown") from exc


def _summary(decoded, certificates):
    subject = certificates[0].subject
    contents = decoded.contents
    return {"seal_code": contents.es_id, "seal_name": contents.name,
            "enterprise_name": _attribute(subject, NameOID.ORGANIZATION_NAME),
            "credit_code": _attribute(subject, NameOID.ORGANIZATION_IDENTIFIER),
            "valid_start": contents.valid_start, "valid_end": contents.valid_end,
            "algorithm": ALGORITHM_LABELS[decoded.sign_algorithm],
            "certificate_serial": format(certificates[0].serial_number, "X"),
            "width_mm": contents.width_mm, "height_mm": contents.height_mm}


def verify_seal(session, pki, data, now):
    """{"verdict": valid|invalid|indeterminate, "reason", "steps": [{step, name, outcome, detail}], "seal"}."""
    steps, seal, state = [], None, {}

    def run(step, check, passed):
        if any(s["outcome"] == "failed" for s in steps):
            steps.append({"step": step, "name": STEPS[step], "outcome": "skipped", "detail": SKIPPED})
            return
        try:
            check()
        except Refused as refusal:
            steps.append({"step": step, "name": STEPS[step], "outcome": refusal.outcome, "detail": refusal.detail})
            return
        steps.append({"step": step, "name": STEPS[step], "outcome": "passed", "detail": passed()})

    def structure():
        state["decoded"], state["maker"], state["certificates"] = _structure(data)

    run("structure", structure, lambda: f"符合 GB/T 38540 印章数据格式，印章编码 {state['decoded'].contents.es_id}")
    if "decoded" in state:
        decoded, maker, certificates = state["decoded"], state["maker"], state["certificates"]
        seal = _summary(decoded, certificates)
        run("signature", lambda: _signature(decoded, maker), lambda: f"签名有效（{seal['algorithm']}）")
        run("maker_certificate", lambda: _maker_chain(pki, maker, now), lambda: "由本平台根证书签发，在有效期内")
        run("validity", lambda: _validity(decoded.contents, now),
            lambda: f"{decoded.contents.valid_start:%Y-%m-%d} 至 {decoded.contents.valid_end:%Y-%m-%d}")
        run("revocation", lambda: _revocation(session, pki, maker, certificates, now),
            lambda: "制章者证书与印章证书均未被吊销")
    else:
        for step in list(STEPS)[1:]:
            steps.append({"step": step, "name": STEPS[step], "outcome": "skipped", "detail": SKIPPED})
    return {**_verdict(steps), "steps": steps, "seal": seal}


def _verdict(steps):
    failed = next((s for s in steps if s["outcome"] == "failed"), None)
    if failed:
        return {"verdict": "invalid", "reason": f"{failed['name']}：{failed['detail']}"}
    unknown = next((s for s in steps if s["outcome"] == "unknown"), None)
    if unknown:
        return {"verdict": "indeterminate", "reason": f"{unknown['name']}：{unknown['detail']}"}
    return {"verdict": "valid", "reason": VALID}

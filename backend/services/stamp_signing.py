"""用印 done: a confirmed request signed exactly once, its 用印记录 written with it, the signed file kept a while.

One completion claims the request (a conditional UPDATE verified → signing); it signs outside any
transaction, writes the signed file whole (stamp_files: temporary name, then rename), then commits the
status and the log rows together. A second completion meanwhile waits for that one and answers the same
file; one that finds a claim older than STALE_SIGNING (its process died) takes it over. So the file
delivered is always the one the 用印记录 describes: nothing is delivered before that commit.
"""
import dataclasses
import hashlib
import logging
import time
from datetime import timedelta

from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.sign.general import SigningError
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ..models import StampRequest
from . import crls, pdf_signing, sealing, stamp_codes, stamp_log
from .errors import Conflict
from .seal_pictures import SealPictures
from .seals import seal_name
from .stamping import (
    STALE_SIGNING,
    access_to,
    refuse,
    request_of,
    seal_to_check,
)

log = logging.getLogger(__name__)
WAIT_SECONDS = 60  # how long a second completion waits for the first one's signing
LOG_RETRIES = 5


def _claim(session, request, now):
    condition = or_(StampRequest.status == "verified",
                    (StampRequest.status == "signing") & (StampRequest.signing_started_at < now - STALE_SIGNING))
    claimed = session.execute(update(StampRequest).where(StampRequest.id == request.id, condition)
                              .values(status="signing", signing_started_at=now)).rowcount
    session.commit()
    return bool(claimed)


def _wait_for_other(session, request):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        session.refresh(request)
        if request.status != "signing":
            return request
        session.commit()  # end the read transaction so the next refresh sees the other's commit
        time.sleep(0.1)
    raise Conflict("stamp_in_progress", "正在用印，请稍后刷新查看结果")


def complete(session, pki, files, user, request_id, now, *, code=None, code_key=None, keep_days=7):
    """用印: sign the confirmed request once; a signed one answers as it is (however often this is called)."""
    request = request_of(session, user, request_id, now)
    if request.status == "signed":
        return request
    if request.mode == "sms" and request.status == "confirming":
        stamp_codes.check(session, request, code, now, code_key)
        session.execute(update(StampRequest).where(StampRequest.id == request.id, StampRequest.status == "confirming")
                        .values(status="verified", code_digest=None))
        session.commit()
        session.refresh(request)
    if request.status not in ("verified", "signing"):
        refuse("stamp_not_confirmed")
    if not _claim(session, request, now):
        return _finished(_wait_for_other(session, request))
    try:
        return _sign(session, pki, files, user, request, now, keep_days)
    except BaseException:
        session.rollback()
        session.execute(update(StampRequest).where(StampRequest.id == request.id, StampRequest.status == "signing")
                        .values(status="verified", signing_started_at=None))
        session.commit()
        raise


def _finished(request):
    if request.status == "signed":
        return request
    refuse("stamp_not_confirmed")


def _stamp_seal(session, pki, seal, now):
    certificate = seal.certificate
    width, height = SealPictures.size_mm(seal)
    return pdf_signing.StampSeal(
        field_name="", certificate_der=certificate.der, key_ref=certificate.key_ref,
        picture_png=pki.pictures.png(seal), width_mm=width, height_mm=height,
        seal_object_der=sealing.object_for_download(session, pki, seal, now).der)


def _named(stamp_seal, name):
    return dataclasses.replace(stamp_seal, field_name=name)


def _der(certificate):
    return certificate.public_bytes(Encoding.DER)


def authority_for(session, pki, certificate_row, now):
    """The chain above a seal certificate, the CAs' current CRLs and the time-stamping unit."""
    platform = pki.platform(now)
    issuing = pki.authority(certificate_row.issuer, now)
    tsa = platform.tsa
    return pdf_signing.Authority(
        certificates_der=(_der(issuing.certificate), _der(platform.root.certificate)),
        crls_der=(crls.current(session, pki, issuing.name, now).der, crls.current(session, pki, "root", now).der),
        tsa_certificate_der=_der(tsa.certificate), tsa_key_ref=tsa.key,
        tsa_chain_der=(_der(pki.authority(tsa.issuer, now).certificate), _der(platform.root.certificate)),
        root_der=_der(platform.root.certificate))


@dataclasses.dataclass(frozen=True)
class _Facts:
    """What the 用印记录 rows say of the request, the operator and the seals, read before signing: the commit that
    ends the transaction then expires the rows, which the log would otherwise load again one by one."""

    request_id: str
    document_name: str
    sha256: str
    operator_id: int
    operator_name: str
    seals: dict  # seal id → (seal name, access)


def _sign(session, pki, files, user, request, now, keep_days):
    stored, sizes = request.placements, request.page_sizes
    seals, stamp_seals = {}, {}
    for seal_id in [p["seal_id"] for p in stored["placements"]] + (
            [stored["riding"]["seal_id"]] if stored["riding"] else []):
        if seal_id in seals:
            continue
        seal = seal_to_check(session, seal_id, with_object=True)
        access = access_to(session, user, seal, now) if seal is not None else None
        if access is None:  # 停用, 注销 or the grant ended since the confirmation: nothing is signed
            raise Conflict("seal_not_usable", "印章已停用、注销或授权已结束，不能完成用印，请重新选择印章")
        seals[seal_id] = (seal, access[0])
        stamp_seals[seal_id] = _stamp_seal(session, pki, seal, now)
    first = next(iter(seals.values()))[0]
    authority = authority_for(session, pki, first.certificate, now)
    facts = _Facts(request.id, request.name, request.sha256, user.id, user.real_name,
                   {seal_id: (seal_name(seal), access) for seal_id, (seal, access) in seals.items()})
    session.commit()  # nothing held open while signing
    original = files.read(files.original(facts.request_id))
    if original is None or hashlib.sha256(original).hexdigest() != facts.sha256:
        raise Conflict("stamp_file_missing", "用印文件已不存在，请重新上传")
    # read once for naming and signing; one field per item (the placements, then the riding seal), named past
    # any the document already has
    document = pdf_signing.open_document(original)
    names = pdf_signing.unused_field_names(document, len(stored["placements"]) + bool(stored["riding"]))
    placements = [pdf_signing.Placement(_named(stamp_seals[p["seal_id"]], name), p["page"], p["x_mm"], p["y_mm"])
                  for name, p in zip(names, stored["placements"], strict=False)]
    riding = stored["riding"] and pdf_signing.Riding(_named(stamp_seals[stored["riding"]["seal_id"]], names[-1]),
                                                     stored["riding"]["y_mm"])
    try:
        signed = pdf_signing.sign_document(document, placements, riding, keys=pki.keys, authority=authority, now=now,
                                           sizes=sizes)
    except SigningError as exc:  # a certificate on hold, revoked or without a current CRL in the meantime
        log.warning("stamp request %s not signed: %s", facts.request_id, exc)
        raise Conflict("stamp_signing_refused", "印章证书当前不可用于签章，请稍后再试") from None
    path = files.write(files.signed(facts.request_id, hashlib.sha256(signed.data).hexdigest()), signed.data)
    try:
        return _record(session, files, facts, request, stored, signed, names, now, keep_days)
    except BaseException:
        session.rollback()
        session.refresh(request)
        if request.signed_sha256 is None or not path.name.startswith(f"{request.id}.{request.signed_sha256}."):
            path.unlink(missing_ok=True)  # not recorded: never delivered, not kept
        raise


def _record(session, files, facts, request, stored, signed, names, now, keep_days):
    after = hashlib.sha256(signed.data).hexdigest()
    items = [("seal", p["seal_id"], p["page"], p["x_mm"], p["y_mm"]) for p in stored["placements"]]
    if stored["riding"]:
        items.append(("riding", stored["riding"]["seal_id"], None, None, stored["riding"]["y_mm"]))
    # pdf_signing signs the riding seal first: each item finds its signature by its field's name
    by_field = {done.field_name: done for done in signed.signatures}
    dones = [by_field[name] for name in names]
    summary = [{"seal_id": seal_id, "seal_name": facts.seals[seal_id][0], "kind": kind, "page": page,
                "signed_at": done.signed_at.isoformat(), "field_name": done.field_name}
               for (kind, seal_id, page, _, _), done in zip(items, dones, strict=True)]
    for attempt in range(LOG_RETRIES):
        try:
            log_ids = []
            for (kind, seal_id, page, x, y), done in zip(items, dones, strict=True):
                row = stamp_log.append(
                    session, seal_id, request_id=facts.request_id, operator_id=facts.operator_id,
                    operator_name=facts.operator_name, access=facts.seals[seal_id][1],
                    document_name=facts.document_name, sha256_before=facts.sha256, sha256_after=after, kind=kind,
                    page=page, x_mm=x, y_mm=y, signed_at=done.signed_at, time_source="tsa")
                session.flush()
                log_ids.append(row.id)
            for item, log_id in zip(summary, log_ids, strict=True):
                item["log_id"] = log_id
            moved = session.execute(update(StampRequest).where(StampRequest.id == facts.request_id,
                                                               StampRequest.status == "signing")
                                    .values(status="signed", signed_sha256=after, signed_at=now, signatures=summary,
                                            keep_until=now + timedelta(days=keep_days))).rowcount
            if not moved:  # taken over as stale meanwhile: that completion's file and log stand, not ours
                session.rollback()
                files.signed(facts.request_id, after).unlink(missing_ok=True)
                return _finished(_wait_for_other(session, request))
            session.commit()
            session.refresh(request)
            return request
        except IntegrityError:  # another document's rows took these places in a seal's chain: link again
            session.rollback()
            if attempt == LOG_RETRIES - 1:
                raise
    raise AssertionError("unreachable")



def purge_files(session, files, now):
    """Signed files past their keeping time go (their 用印记录 stays); uploads never signed go once expired.
    Answers (signed files removed, uploads removed)."""
    kept_out = session.scalars(select(StampRequest).where(StampRequest.status == "signed",
                                                          StampRequest.file_deleted_at.is_(None),
                                                          StampRequest.keep_until < now)).all()
    for request in kept_out:
        files.remove(request.id)
        request.file_deleted_at = now
    stale = session.scalars(select(StampRequest).where(StampRequest.status != "signed",
                                                       StampRequest.expires_at < now)).all()
    for request in stale:
        files.remove(request.id)
        session.delete(request)
    session.commit()
    return len(kept_out), len(stale)

"""验章 of seal objects, as a service: any bytes get a verdict, never an exception; a changed object is not valid."""
import random
from datetime import UTC, datetime

from backend.services import seal_objects, seal_verify, seals
from tests.factories import enterprise
from tests.pki_kit import with_algorithm
from tests.pki_kit.fixtures import wrapped_pki  # noqa: F401  (fixture)

NOW = datetime.now(UTC).replace(microsecond=0)


def filed_object(session, applicant, pki, serial):
    company = enterprise(session, applicant, name=f"广州市验章测试{serial}有限公司", serial=serial, seals_=("official",))
    seal = seals.seals_of(session, company)[0]
    seals.mark_carved(session, seal.id, NOW)
    seals.mark_filed(session, seal.id, NOW, pki=pki)
    return seal.seal_object.der


def test_every_changed_byte_and_every_cut_gets_a_verdict_and_none_is_valid(session, applicant, wrapped_pki):
    for serial, pki in enumerate((wrapped_pki, with_algorithm(wrapped_pki, "sm2")), 1):
        der = filed_object(session, applicant, pki, serial)
        assert seal_verify.verify_seal(session, pki, der, NOW)["verdict"] == "valid"
        chance = random.Random(13)
        start = der.index(b"\x89PNG")
        end = start + len(seal_objects.decode(der).contents.picture)
        for _ in range(60):  # two in three outside the picture: header, names, dates, certificates, signature
            at = chance.choice([chance.randrange(start), chance.randrange(end, len(der)), chance.randrange(len(der))])
            flipped = der[:at] + bytes([der[at] ^ (1 << chance.randrange(8))]) + der[at + 1:]
            cut = der[:chance.randrange(len(der))]
            for data in (flipped, cut):
                report = seal_verify.verify_seal(session, pki, data, NOW)
                assert report["verdict"] in ("invalid", "indeterminate"), at
                assert len(report["steps"]) == 5 and report["reason"]

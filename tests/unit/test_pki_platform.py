"""The platform PKI: root → issuing → maker (ECDSA and SM2) and time-stamping unit, on both key stores."""
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.services import pki as platform_pki
from backend.services import sm2
from backend.services.keystore import EC_P256, SM2
from backend.services.pki import ChainError
from tests.pki_kit import PUBLIC_URL, keystores, make_pki
from tests.pki_kit.fixtures import EPOCH, any_pki, pkcs11_pki, softhsm, wrapped_pki  # noqa: F401  (fixtures)

NOW = EPOCH + timedelta(days=30)


def pem(certificate):
    return certificate.public_bytes(Encoding.PEM)


def openssl_verify(tmp_path, root, chain, leaf):
    (tmp_path / "root.pem").write_bytes(pem(root))
    (tmp_path / "chain.pem").write_bytes(b"".join(pem(c) for c in chain))
    (tmp_path / "leaf.pem").write_bytes(pem(leaf))
    return subprocess.run(["openssl", "verify", "-attime", str(int(NOW.timestamp())), "-CAfile", tmp_path / "root.pem",
                           "-untrusted", tmp_path / "chain.pem", tmp_path / "leaf.pem"], capture_output=True, text=True, check=False)


def test_the_platform_chain_is_root_issuing_and_its_end_entities(any_pki, tmp_path):
    platform = any_pki.platform(NOW)
    root, issuing = platform.root.certificate, platform.issuing.certificate
    for leaf in (platform.maker(EC_P256), platform.maker(SM2), platform.tsa):
        assert platform.chain(leaf.certificate, NOW) == [leaf.certificate, issuing, root]
        result = openssl_verify(tmp_path, root, [issuing], leaf.certificate)
        assert result.returncode == 0, result.stderr + result.stdout


def test_each_authority_has_a_stable_subject_naming_the_platform(any_pki):
    platform = any_pki.platform(NOW)
    names = {a.name: a.certificate.subject for a in platform.authorities}
    assert names["root"] == platform_pki.subject("root")
    assert names["issuing-1"] == platform_pki.subject("issuing")
    for subject in names.values():
        assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "广州市企业开办一网通平台"


def test_cas_may_sign_certificates_and_crls_and_end_entities_may_not(wrapped_pki):
    platform = wrapped_pki.platform(NOW)
    for ca, path_length in ((platform.root, 1), (platform.issuing, 0)):
        constraints = ca.certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        usage = ca.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        assert constraints.critical and constraints.value.ca and constraints.value.path_length == path_length
        assert usage.key_cert_sign and usage.crl_sign
    for leaf in (platform.maker(EC_P256), platform.maker(SM2), platform.tsa):
        usage = leaf.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        assert not leaf.certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign


def test_the_time_stamping_unit_is_rsa_3072_with_the_time_stamping_purpose_only(wrapped_pki):
    tsa = wrapped_pki.platform(NOW).tsa.certificate
    assert tsa.public_key().key_size == 3072
    purposes = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert purposes.critical and list(purposes.value) == [ExtendedKeyUsageOID.TIME_STAMPING]


def test_certificates_below_the_root_name_where_their_issuer_and_its_crl_are(wrapped_pki):
    platform = wrapped_pki.platform(NOW)
    for authority in platform.authorities:
        if authority.issuer is None:
            continue
        certificate = authority.certificate
        aia = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        cdp = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        assert [d.access_location.value for d in aia] == [f"{PUBLIC_URL}/pki/ca/{authority.issuer}.cer"]
        assert [p.full_name[0].value for p in cdp] == [f"{PUBLIC_URL}/pki/crl/{authority.issuer}.crl"]


def test_the_sm2_maker_holds_an_sm2_key(wrapped_pki):
    maker = wrapped_pki.platform(NOW).maker(SM2)
    spki = wrapped_pki.keys.public_key(maker.key)
    assert maker.key.startswith("wrapped:") and len(sm2.point_of(spki)) == 64


def test_the_platform_is_read_back_as_made(wrapped_pki):
    again = make_pki(wrapped_pki.settings.key_dir, wrapped_pki.keys).platform(NOW)
    assert [(a.name, a.certificate) for a in again.authorities] == [
        (a.name, a.certificate) for a in wrapped_pki.platform(NOW).authorities]


def test_a_foreign_or_expired_certificate_does_not_chain(wrapped_pki, tmp_path):
    platform = wrapped_pki.platform(NOW)
    with pytest.raises(ChainError, match="有效期"):
        platform.chain(platform.maker(EC_P256).certificate, NOW + timedelta(days=365 * 11))
    stranger = make_pki(tmp_path, keystores(tmp_path))
    stranger._platform = platform_pki.Platform([platform_pki._make(stranger.keys, "root", EC_P256, None, 1, NOW,
                                                                  PUBLIC_URL)])
    with pytest.raises(ChainError, match="不是本平台签发"):
        platform.chain(stranger._platform.root.certificate, NOW)


def test_rotating_the_issuing_ca_keeps_what_the_old_one_issued_trusted(tmp_path):
    pki = make_pki(tmp_path, keystores(tmp_path))
    old = pki.platform(NOW)
    old_maker = old.maker(EC_P256).certificate
    rotated = pki.rotate_issuing(NOW + timedelta(days=1))
    assert rotated.issuing.name == "issuing-2" and rotated.maker(EC_P256).name == "maker-2"
    assert rotated.issuing.certificate.subject == old.by_name("issuing-1").certificate.subject
    assert rotated.by_name("issuing-1").retired_at is not None and rotated.root.retired_at is None
    assert len(rotated.chain(old_maker, NOW + timedelta(days=2))) == 3
    assert rotated.chain(rotated.tsa.certificate, NOW + timedelta(days=2))[1] == rotated.issuing.certificate
    assert [a.name for a in make_pki(tmp_path, pki.keys).platform(NOW).authorities][-1] == "tsa-2"


def test_a_failed_first_run_leaves_no_platform_and_no_keys(tmp_path):
    keys = keystores(tmp_path)
    calls = {"n": 0}
    real = keys.sign

    def failing(ref, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the token went away")
        return real(ref, data)
    keys.sign = failing
    with pytest.raises(RuntimeError, match="went away"):
        make_pki(tmp_path, keys).platform(datetime.now(UTC))
    assert not (tmp_path / "pki" / "authorities.json").exists()
    assert list((tmp_path / "keystore").glob("*.key")) == []

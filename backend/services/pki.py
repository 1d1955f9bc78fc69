"""The platform's PKI: root CA → issuing CA → the 制章者 (seal maker) and the time-stamping unit.

Made on first use into the key store; the certificates and key references (public) are kept in
``<key dir>/pki/authorities.json``. Each generation g of the issuing CA (``issuing-g``) has its makers
(``maker-g`` ECDSA P-256, ``maker-sm2-g`` SM2) and its time-stamping unit (``tsa-g``, RSA-3072, EKU
timeStamping). ``rotate_issuing`` starts generation g+1; older CAs stay trusted and keep their CRLs, since
certificates they issued are still in use. Subjects are stable: one name per role.
"""
import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import pki_certs
from .keystore import EC_P256, RSA_3072, SM2
from .signing_keys import _lock  # the key ring's lock and atomic writer
from .signing_keys import _write_private as write_file

PLATFORM = "广州市企业开办一网通平台"
TITLES = {"root": "电子印章根CA", "issuing": "电子印章签发CA", "maker": "电子印章制章者", "tsa": "电子印章时间戳服务"}
YEARS = {"root": 25, "issuing": 15, "maker": 10, "tsa": 10}
STATE = "authorities.json"


class ChainError(Exception):
    """A certificate that does not chain to our root, or is out of its validity: the message is Chinese."""


def subject(role, algorithm=None):
    title = PLATFORM + TITLES[role] + ("SM2" if algorithm == SM2 else "")
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, PLATFORM),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "电子印章"),
                      pki_certs.common_name(title)])


def years_after(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@dataclass
class Authority:
    name: str
    role: str
    algorithm: str
    key: str
    certificate: x509.Certificate
    issuer: str | None
    generation: int
    created_at: datetime
    retired_at: datetime | None = None

    def as_issuer(self):
        return pki_certs.Issuer(self.name, self.key, self.certificate)

    def to_json(self):
        return {"name": self.name, "role": self.role, "algorithm": self.algorithm, "key": self.key,
                "issuer": self.issuer, "generation": self.generation, "created_at": self.created_at.isoformat(),
                "retired_at": self.retired_at and self.retired_at.isoformat(),
                "certificate": base64.b64encode(self.certificate.public_bytes(Encoding.DER)).decode()}

    @classmethod
    def from_json(cls, data):
        return cls(name=data["name"], role=data["role"], algorithm=data["algorithm"], key=data["key"],
                   issuer=data["issuer"], generation=data["generation"],
                   created_at=datetime.fromisoformat(data["created_at"]),
                   retired_at=datetime.fromisoformat(data["retired_at"]) if data["retired_at"] else None,
                   certificate=x509.load_der_x509_certificate(base64.b64decode(data["certificate"])))


@dataclass
class Platform:
    authorities: list = field(default_factory=list)

    def by_name(self, name):
        return next((a for a in self.authorities if a.name == name), None)

    def _current(self, role, algorithm=None):
        found = [a for a in self.authorities if a.role == role and a.retired_at is None
                 and (algorithm is None or a.algorithm == algorithm)]
        return max(found, key=lambda a: a.generation)

    @property
    def root(self):
        return self._current("root")

    @property
    def issuing(self):
        return self._current("issuing")

    def maker(self, algorithm):
        return self._current("maker", algorithm)

    @property
    def tsa(self):
        return self._current("tsa")

    def cas(self):
        return [a for a in self.authorities if a.role in ("root", "issuing")]

    def issuer_of(self, certificate):
        """Our CA whose key identifier (and name) the certificate names as its issuer."""
        try:
            aki = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
        except x509.ExtensionNotFound:
            return None
        for ca in self.cas():
            ski = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            if ski == aki and ca.certificate.subject == certificate.issuer:
                return ca
        return None

    def chain(self, certificate, now):
        """[certificate, …, our root] or ChainError: signatures up to our root, each valid at `now`."""
        path = [certificate]
        while path[-1] != self.root.certificate:
            if len(path) > 3:
                raise ChainError("证书链过长，不是本平台签发的证书")
            ca = self.issuer_of(path[-1])
            if ca is None:
                raise ChainError("证书不是本平台签发的")
            try:
                path[-1].verify_directly_issued_by(ca.certificate)
            except (InvalidSignature, ValueError, TypeError) as exc:
                raise ChainError("证书上的签发机构签名无效") from exc
            path.append(ca.certificate)
        for item in path:
            if not item.not_valid_before_utc <= now <= item.not_valid_after_utc:
                raise ChainError(f"证书“{item.subject.rfc4514_string()}”不在有效期内")
        return path


def _make(keys, role, algorithm, issuer, generation, now, public_url):
    name = {"root": "root", "issuing": f"issuing-{generation}", "tsa": f"tsa-{generation}",
            "maker": f"maker-{generation}" if algorithm == EC_P256 else f"maker-sm2-{generation}"}[role]
    key, spki = keys.generate(algorithm)
    if role in ("root", "issuing"):
        extensions = pki_certs.ca_extensions(path_length=1 if role == "root" else 0)
    else:
        extensions = pki_certs.signer_extensions([ExtendedKeyUsageOID.TIME_STAMPING] if role == "tsa" else ())
    not_after = years_after(now, YEARS[role])
    if issuer is not None:
        not_after = min(not_after, issuer.certificate.not_valid_after_utc)
    try:
        certificate = pki_certs.issue(keys, issuer and issuer.as_issuer(), subject(role, algorithm), spki, now,
                                      not_after, extensions, public_url, self_key=key)
    except Exception:
        keys.destroy(key)
        raise
    return Authority(name=name, role=role, algorithm=algorithm, key=key, certificate=certificate,
                     issuer=issuer and issuer.name, generation=generation, created_at=now)


def _generation(keys, issuing, now, public_url):
    """The end entities below one issuing CA: the two makers and the time-stamping unit."""
    g = issuing.generation
    return [_make(keys, "maker", EC_P256, issuing, g, now, public_url),
            _make(keys, "maker", SM2, issuing, g, now, public_url),
            _make(keys, "tsa", RSA_3072, issuing, g, now, public_url)]


def _read(directory):
    path = directory / STATE
    if not path.exists():
        return None
    return Platform([Authority.from_json(item) for item in json.loads(path.read_text())["authorities"]])


def _write(directory, platform):
    body = json.dumps({"version": 1, "authorities": [a.to_json() for a in platform.authorities]}, indent=1)
    write_file(directory / STATE, body.encode())


def _guarded(keys, make):
    """Run make(track) and destroy the keys it generated if it fails: no orphan key stays behind."""
    made = []

    def track(authorities):
        made.extend(authorities)
        return authorities
    try:
        return make(track)
    except Exception:
        for authority in made:
            keys.destroy(authority.key)
        raise


def load_or_create(directory, keys, now, public_url):
    """The platform from disk, created (root, issuing, makers, TSA) on first use; safe across processes."""
    directory = Path(directory)
    platform = _read(directory)
    if platform is not None:
        return platform
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _lock(directory, "authorities"):
        platform = _read(directory)
        if platform is None:
            platform = _guarded(keys, lambda track: _create(keys, now, public_url, track))
            _write(directory, platform)
    return platform


def _create(keys, now, public_url, track):
    root = track([_make(keys, "root", EC_P256, None, 1, now, public_url)])[0]
    issuing = track([_make(keys, "issuing", EC_P256, root, 1, now, public_url)])[0]
    return Platform([root, issuing, *track(_generation(keys, issuing, now, public_url))])


def rotate_issuing(directory, keys, now, public_url):
    """A new issuing CA with new makers and TSA; the previous generation is retired (still trusted)."""
    directory = Path(directory)
    with _lock(directory, "authorities"):
        platform = _read(directory)
        old = platform.issuing

        def make(track):
            issuing = track([_make(keys, "issuing", EC_P256, platform.root, old.generation + 1, now, public_url)])[0]
            return [issuing, *track(_generation(keys, issuing, now, public_url))]
        fresh = _guarded(keys, make)
        for authority in platform.authorities:
            if authority.role != "root" and authority.retired_at is None:
                authority.retired_at = now
        platform.authorities.extend(fresh)
        _write(directory, platform)
    return platform

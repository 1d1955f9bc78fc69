"""What the seal services need of the PKI, composed once in the factory: key stores, platform, settings.

Nothing is touched before first use: the key store is opened and the platform loaded (or made, on first
run) when a seal is filed, a CRL or CA certificate is asked for, or `flask pki init` runs.
"""
import threading
from collections.abc import Callable
from dataclasses import dataclass

from . import pki
from .keystore import EC_P256, SM2

SEAL_ALGORITHMS = {"ecdsa": EC_P256, "sm2": SM2}  # ESEAL_SEAL_ALGORITHM → the maker's key


@dataclass
class PkiSettings:
    key_dir: str
    public_url: Callable[[], str]  # read when used: a server may learn its address after start-up
    seal_algorithm: str = "ecdsa"
    validity_years: int = 5
    crl_hours: int = 168

    def __post_init__(self):
        if self.seal_algorithm not in SEAL_ALGORITHMS:
            raise ValueError(f"ESEAL_SEAL_ALGORITHM must be one of {sorted(SEAL_ALGORITHMS)}, not {self.seal_algorithm!r}")


class PkiService:
    def __init__(self, settings, keys_factory, pictures):
        self.settings = settings
        self.pictures = pictures  # services/seal_pictures.py: the seal PNG, its digest and size in mm
        self._keys_factory = keys_factory
        self._keys = None
        self._platform = None
        self._lock = threading.Lock()

    @property
    def directory(self):
        return f"{self.settings.key_dir}/pki"

    @property
    def public_url(self):
        return self.settings.public_url()

    @property
    def maker_algorithm(self):
        return SEAL_ALGORITHMS[self.settings.seal_algorithm]

    @property
    def keys(self):
        if self._keys is None:
            with self._lock:
                if self._keys is None:
                    self._keys = self._keys_factory()
        return self._keys

    def platform(self, now):
        if self._platform is None:
            platform = pki.load_or_create(self.directory, self.keys, now, self.public_url)
            with self._lock:
                self._platform = platform
        return self._platform

    def authority(self, name, now):
        """One of the platform's authorities by name (read again from disk once if it is new to us), or None."""
        found = self.platform(now).by_name(name)
        if found is None:
            self._platform = None  # e.g. rotated by `flask pki rotate-issuing` in another process
            found = self.platform(now).by_name(name)
        return found

    def rotate_issuing(self, now):
        self.platform(now)  # made first if this is the first run
        with self._lock:
            self._platform = pki.rotate_issuing(self.directory, self.keys, now, self.public_url)
        return self._platform

"""PKI test kit: a SoftHSM2 token per test session, the platform PKI on either key store, seals to file."""
import os
from datetime import UTC, datetime
import shutil
import subprocess
from pathlib import Path

from backend.cache import MemoryCache
from backend.imaging import default_font_path
from backend.pki_wiring import keystores_for
from backend.services.keystore import KeyStores, WrappedKeyStore
from backend.services.pki_service import PkiService, PkiSettings
from backend.services.seal_pictures import SealPictures

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL, PIN, SO_PIN = "eseal-test", "123456", "87654321"
PUBLIC_URL = "http://eseal.example"
# Platforms of the test session are made as of this date, so that tests may run their clocks from any later
# day (the factories' NOW is 2026-11-20; some tests advance theirs by days or years).
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def softhsm_missing():
    """Why the PKCS#11 tests cannot run here, or None."""
    if not Path(SOFTHSM_MODULE).exists():
        return f"SoftHSM2 is not installed ({SOFTHSM_MODULE} missing: apt-get install softhsm2)"
    if shutil.which("softhsm2-util") is None:
        return "softhsm2-util is not on PATH (apt-get install softhsm2)"
    return None


def init_token(directory):
    """A fresh token in its own token directory; SOFTHSM2_CONF points there for the rest of the process
    (the module reads it once, when first loaded)."""
    tokens = Path(directory) / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = Path(directory) / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN,
                    "--so-pin", SO_PIN], check=True, capture_output=True)
    return {"ESEAL_PKCS11_MODULE": SOFTHSM_MODULE, "ESEAL_PKCS11_TOKEN_LABEL": TOKEN_LABEL, "ESEAL_PKCS11_PIN": PIN}


def make_app_platform():
    """The platform of every test app (TestConfig's key directory), made once as of EPOCH."""
    from backend.config import TestConfig
    key_dir = TestConfig.ESEAL_KEY_DIR
    make_pki(key_dir, keystores(key_dir)).platform(EPOCH)


def keystores(key_dir, pkcs11=None):
    return keystores_for({"ESEAL_KEY_DIR": str(key_dir), **(pkcs11 or {})})


def make_pki(key_dir, keys, algorithm="ecdsa", validity_years=5, crl_hours=168):
    settings = PkiSettings(key_dir=str(key_dir), public_url=lambda: PUBLIC_URL, seal_algorithm=algorithm,
                           validity_years=validity_years, crl_hours=crl_hours)
    return PkiService(settings, lambda: keys, SealPictures(default_font_path(), MemoryCache()))


def with_algorithm(pki, algorithm):
    """The same platform and keys, its maker signing with another algorithm."""
    other = make_pki(pki.settings.key_dir, pki.keys, algorithm, pki.settings.validity_years, pki.settings.crl_hours)
    other._platform = pki._platform
    return other


__all__ = ["KeyStores", "WrappedKeyStore", "init_token", "keystores", "make_pki", "softhsm_missing"]

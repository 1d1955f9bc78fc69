"""The PKI of the e-seal app, composed once in the factory (services/pki_service.py); nothing opens before use."""
from pathlib import Path

from flask import current_app

from .services.keystore import KeyStores, WrappedKeyStore, load_kek
from .services.pki_service import PkiService, PkiSettings
from .services.seal_pictures import SealPictures


def register_pki(app):
    config = app.config
    settings = PkiSettings(key_dir=config["ESEAL_KEY_DIR"], public_url=lambda: config["ESEAL_PUBLIC_URL"],
                           seal_algorithm=config["ESEAL_SEAL_ALGORITHM"],
                           validity_years=config["ESEAL_SEAL_VALIDITY_YEARS"], crl_hours=config["ESEAL_CRL_HOURS"])
    pictures = SealPictures(config["ESEAL_SEAL_FONT"], app.extensions["eseal_cache"])
    app.extensions["eseal_pki"] = PkiService(settings, lambda: keystores_for(config), pictures)


def current_pki():
    return current_app.extensions["eseal_pki"]


def keystores_for(config):
    """PKCS#11 when ESEAL_PKCS11_MODULE is set, else the wrapped files; the wrapped store is always there
    for the keys the token cannot hold."""
    key_dir = Path(config["ESEAL_KEY_DIR"])
    wrapped = WrappedKeyStore(key_dir / "keystore", load_kek(config.get("ESEAL_SEAL_KEK"), key_dir))
    module = config.get("ESEAL_PKCS11_MODULE")
    if not module:
        return KeyStores(wrapped, wrapped)
    from .services.keystore_pkcs11 import Pkcs11KeyStore
    primary = Pkcs11KeyStore(module, token_label=config.get("ESEAL_PKCS11_TOKEN_LABEL"),
                             pin=config.get("ESEAL_PKCS11_PIN"), slot=config.get("ESEAL_PKCS11_SLOT"))
    return KeyStores(primary, wrapped)

"""The PKI of the e-seal app, composed once in the factory (services/pki_service.py); nothing opens before use."""
from flask import current_app

from .services.keystore import keystores_for
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

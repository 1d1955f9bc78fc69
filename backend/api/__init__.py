"""The JSON API: thin blueprints per domain (parse → call a service → serialise)."""
from . import (auth, dev, downloads, enterprises, grants, operator, operator_seals, seal_files, seal_images, stamping,
               startups, verify, wallet)


def register_api(api, config):
    for module in (auth, downloads, enterprises, grants, seal_files, seal_images, stamping, startups, verify, wallet):
        api.register_blueprint(module.blp)
    if config.get("ESEAL_DEMO"):
        api.register_blueprint(dev.blp)
    if config.get("ESEAL_OPERATOR_TOKEN"):
        api.register_blueprint(operator.blp)
        api.register_blueprint(operator_seals.blp)

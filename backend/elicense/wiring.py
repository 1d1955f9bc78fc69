"""The licence app's parts, composed once: the mounted app (backend/jump.py) and its own process
(backend/elicense/app.py) both call init_licence_app."""
from dataclasses import dataclass

DEFAULT_ISSUER = "elicense"


@dataclass(frozen=True)
class LicenceApp:
    key_ring: object  # our signing keys (a KeyRing): results are signed with it, /.well-known/jwks.json shows it
    peer_keys: object  # the clients' public keys: a mapping kid → key (JwksKeys, RemoteJwks) or a callable giving one
    throttles: object  # wrong-password counts and locks (services/throttles.py)
    issuer: str = DEFAULT_ISSUER

    def trusted_keys(self):
        keys = self.peer_keys
        return keys() if callable(keys) else keys


def init_licence_app(app, *, key_ring, peer_keys, clients, throttles):
    """Keep the parts on app.extensions["elicense"] and register the pages under /elicense.

    ``clients`` ({client id: [registered redirect URIs]}) is a setting, plain data: it goes to
    app.config["ELICENSE_CLIENTS"], where the e-seal app updates it when its public address changes.
    """
    from .views import blp
    app.config["ELICENSE_CLIENTS"] = {client: list(uris) for client, uris in clients.items()}
    licence = LicenceApp(key_ring=key_ring, peer_keys=peer_keys, throttles=throttles,
                         issuer=app.config.get("ELICENSE_ISSUER") or DEFAULT_ISSUER)
    app.extensions["elicense"] = licence
    app.register_blueprint(blp)
    return licence

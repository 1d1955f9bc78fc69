"""Results as the licence app would sign them, made in process: for tests of the callback's checks."""
from .state import download_row


def pseudonym_of(app, user_id):
    """The pseudonymous user id (sub) the licence app is told for this user."""
    return app.extensions["eseal_jump"].subject(user_id)


def result_token(app, clock, download_id, **changes):
    """A result as the licence app would sign it for this download; ``changes`` override any argument
    (``ring``: sign with another key ring)."""
    from ..services import jump_tokens
    row = download_row(app, download_id)
    args = dict(issuer="elicense", audience=app.config["ESEAL_CLIENT_ID"], subject=pseudonym_of(app, row["user_id"]),
                credit_code=row["credit_code"], outcome="verified", nonce=row["nonce"], state=row["state"],
                now=clock.now, ttl_seconds=300)
    args.update(changes)
    if args.get("purpose") == "stamp":
        args.setdefault("binding", "0" * 64)  # a 用印 result always echoes a binding (this one binds nothing)
    ring = args.pop("ring", None) or app.extensions["elicense"].key_ring
    return jump_tokens.issue_result(ring, **args)

"""What a step accepts for "an enterprise", "a seal" or "a receipt": an id, the API's JSON, a demo case."""


def _get(thing, key):
    if isinstance(thing, dict):
        return thing.get(key)
    return getattr(thing, key, None)


def enterprise_ref(thing):
    """(id, credit_code): either may be None. Takes an id, enterprise JSON, a 证照卡包 entry, the operator's
    办结 answer, a demo case or its enterprise."""
    if isinstance(thing, int):
        return thing, None
    inner = _get(thing, "enterprise")
    if inner is not None and not isinstance(inner, (str, int)):
        return enterprise_ref(inner)
    return _get(thing, "id"), _get(thing, "credit_code")


def seal_id(thing):
    """A seal's id from an id, seal JSON, a held seal (查看已下载印章) or a receipt."""
    if isinstance(thing, int):
        return thing
    if _get(thing, "seal_id") is not None:
        return _get(thing, "seal_id")
    inner = _get(thing, "seal")
    return seal_id(inner) if inner is not None else _get(thing, "id")


def receipt_id(thing):
    """A receipt's id (a seal in this user's wallet) from an id, a held seal or a receipt."""
    return thing if isinstance(thing, int) else _get(thing, "receipt_id")

"""URL converters shared by the app factory and the OpenAPI document."""
from werkzeug.routing import IntegerConverter


class DatabaseInt(IntegerConverter):
    """<int:…> in a URL, bounded to the database's integer column (a larger id is simply not found)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)

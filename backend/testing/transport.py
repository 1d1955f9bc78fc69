"""How the driver reaches the system: one "browser" per person, in process or over HTTP.

A browser keeps the cookies of each app it visits, follows no redirect by itself (the driver follows the
ones the guide's steps take) and answers every request with a Reply.
"""
import json as _json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LICENCE_PREFIX = "/elicense"  # the licence app's pages, mounted or on their own origin


@dataclass
class Reply:
    """One answer: status, headers and body, with the request it answers (for failure messages)."""

    method: str
    url: str
    status: int
    headers: dict = field(repr=False)
    content: bytes = field(repr=False)

    @property
    def text(self):
        return self.content.decode("utf-8", "replace")

    @property
    def is_json(self):
        return self.headers.get("content-type", "").split(";")[0].strip() == "application/json"

    def json(self):
        """The JSON body, or None when the body is not JSON."""
        if not self.is_json:
            return None
        try:
            return _json.loads(self.content)
        except ValueError:
            return None

    @property
    def location(self):
        return self.headers.get("location")

    @property
    def where(self):
        parts = urlsplit(self.url)
        return f"{self.method} {parts.path or '/'}"


def path_of(url):
    """The path and query of a URL (absolute or not)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else None


class InProcessBrowser:
    """A Flask test client on the app, whose licence app is mounted in the same process: no network.

    Every address, absolute or not, is answered by the one app (the test client's cookies are per host, so
    absolute URLs are reduced to their path).
    """

    live = False

    def __init__(self, app, client=None):
        self.app = app
        self.client = client if client is not None else app.test_client()

    @classmethod
    def of(cls, client):
        """A browser around a test client a test already holds."""
        return cls(client.application, client)

    def request(self, method, url, *, json=None, data=None, files=None, headers=None, params=None):
        kwargs = {"headers": headers or {}, "query_string": params}
        if json is not None:
            kwargs["json"] = json
        elif files:
            import io
            kwargs["data"] = {name: (io.BytesIO(content), filename) for name, (filename, content) in files.items()}
            kwargs["content_type"] = "multipart/form-data"
        elif data is not None:
            kwargs["data"] = data
        response = self.client.open(path_of(url), method=method, **kwargs)
        headers_ = {name.lower(): value for name, value in response.headers.items()}
        return Reply(method, url, response.status_code, headers_, response.get_data())

    def new(self):
        """Another browser on the same app: no cookies."""
        return InProcessBrowser(self.app)

    def knows(self, url):
        return True


class HttpBrowser:
    """requests against a running deployment: a session (cookie jar) per origin, as a browser keeps them.

    ``eseal_url`` is the 一网通 app's origin; ``elicense_url`` the licence app's (the e-seal origin itself when
    the licence app is mounted there, as by default).
    """

    live = True

    def __init__(self, eseal_url, elicense_url=None, timeout=30):
        import requests
        self._requests = requests
        self.eseal_url = origin_of(eseal_url) or eseal_url.rstrip("/")
        self.elicense_url = origin_of(elicense_url or eseal_url) or self.eseal_url
        self.timeout = timeout
        self.sessions = {}

    def session(self, origin):
        if origin not in self.sessions:
            self.sessions[origin] = self._requests.Session()
        return self.sessions[origin]

    def absolute(self, url):
        if origin_of(url):
            return url
        base = self.elicense_url if url.startswith(LICENCE_PREFIX) else self.eseal_url
        return base + url

    def request(self, method, url, *, json=None, data=None, files=None, headers=None, params=None):
        target = self.absolute(url)
        if urlsplit(target).path.startswith(LICENCE_PREFIX):
            self.elicense_url = origin_of(target)  # the jump names the licence app's origin: its pages are there
        response = self.session(origin_of(target)).request(
            method, target, json=json, data=data, files=files, headers=headers, params=params,
            allow_redirects=False, timeout=self.timeout)
        headers_ = {name.lower(): value for name, value in response.headers.items()}
        return Reply(method, target, response.status_code, headers_, response.content)

    def knows(self, url):
        """Whether the URL is on one of the two origins this run was pointed at."""
        return origin_of(self.absolute(url)) in {origin_of(self.eseal_url), origin_of(self.elicense_url)}

    def new(self):
        return HttpBrowser(self.eseal_url, self.elicense_url, self.timeout)

"""One request and its check: the answer expected, or an EsealStepFailed saying what came back instead."""
from . import pages
from .errors import EsealStepFailed

JSON_FIRST = {"Accept": "application/json, text/html;q=0.9"}  # as the licence pages' own script asks


def failure(reply, reason=None):
    """EsealStepFailed from an answer: the error body's code and message, or what the page says."""
    body = reply.json()
    if isinstance(body, dict) and ("error" in body or "message" in body):
        code, message = body.get("error"), body.get("message")
        fields = body.get("fields") or {}
        if fields and message not in fields.values():
            message = f"{message}（{'；'.join(f'{k}: {v}' for k, v in fields.items())}）"
    elif reply.status >= 400 or reason is None:
        code, message = pages.refusal(reply.text)
    else:
        code, message = None, None
    text = "；".join(part for part in (message, reason) if part)
    return EsealStepFailed(None, text, status=reply.status, code=code, where=reply.where, reply=reply)


class Calls:
    """Requests of one browser, each checked against the status the step expects."""

    def __init__(self, browser):
        self.browser = browser
        self.watch = None  # when set, called before each request: Eseal.refused keeps what it saw last
        self.seen = None

    def request(self, method, url, **kwargs):
        if self.watch is not None:
            self.seen = self.watch()
        return self.browser.request(method, url, **kwargs)

    def call(self, method, url, expect=200, **kwargs):
        reply = self.request(method, url, **kwargs)
        expected = (expect,) if isinstance(expect, int) else tuple(expect)
        if reply.status not in expected:
            raise failure(reply)
        return reply

    def api(self, method, path, expect=200, **kwargs):
        """A JSON API call: its JSON body, once the status is the one expected."""
        reply = self.call(method, path, expect, **kwargs)
        return reply.json() if reply.content else None

    def get(self, path, expect=200, **kwargs):
        return self.api("GET", path, expect, **kwargs)

    def post(self, path, body=None, expect=200, **kwargs):
        return self.api("POST", path, expect, json={} if body is None else body, **kwargs)

    def page(self, url, expect=200):
        """A page of the licence app (HTML), as a browser opens it."""
        return self.call("GET", url, expect)

    def submit(self, url, form):
        """A licence-app form: (where it leads, reply). The app answers 303 to the next page, or to its own
        script (JSON) the next page's address; any other answer is the refusal, raised."""
        reply = self.request("POST", url, data=form, headers=JSON_FIRST)
        if reply.status in (301, 302, 303) and reply.location:
            return reply.location, reply
        body = reply.json()
        if reply.status == 200 and isinstance(body, dict) and body.get("location"):
            return body["location"], reply
        raise failure(reply)

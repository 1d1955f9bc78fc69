"""Reading the server-rendered pages (the licence app, the e-seal app's error pages) as a person reads them."""
import html
import re

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
VERIFY_LINK = re.compile(r'<a\b[^>]*href="(/elicense/licences/(\d+)/verify)"[^>]*>(.*?)</a>', re.DOTALL)
CODE = re.compile(r'data-code="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
# Where a page says why it refused: the message card, a dialog (数据同步中), the errors beside fields, a heading.
MESSAGES = (re.compile(r'data-code="[^"]*"[^>]*>.*?<p>(.*?)</p>', re.DOTALL),
            re.compile(r'<p class="lic-dialog__text"[^>]*>(.*?)</p>', re.DOTALL),
            re.compile(r'<p id="sync-msg">(.*?)</p>', re.DOTALL),
            re.compile(r'<p class="lic-error[^"]*"[^>]*>(.*?)</p>', re.DOTALL),
            re.compile(r"<h1>(.*?)</h1>", re.DOTALL),
            re.compile(r"<title>(.*?)</title>", re.DOTALL))


def plain(fragment):
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def csrf(text):
    """The licence app's form token on this page (one per jump)."""
    found = CSRF.search(text)
    return found.group(1) if found else None


def licence_links(text):
    """(holding id, path of its 执照验证 page, the card's text) of each licence the list offers to verify."""
    return [(int(number), path, plain(body)) for path, number, body in VERIFY_LINK.findall(text)]


def licence_link(text, credit_code):
    """The 执照验证 path of the listed licence of this enterprise, or None."""
    for _id, path, card in licence_links(text):
        if credit_code is None or credit_code in card:
            return path
    return None


def refusal(text):
    """(code, message) a refusal page shows: its data-code when it has one, and the first message found."""
    found = CODE.search(text)
    code = found.group(1) if found and found.group(1) else None
    for pattern in MESSAGES:
        for match in pattern.finditer(text):
            message = plain(match.group(1))
            if message:
                return code, message
    return code, plain(text)[:200]

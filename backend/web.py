"""The H5 single-page app, served as static files."""
import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, send_from_directory

from .config import ROOT

H5_DIR = ROOT / "h5"
blp = Blueprint("h5", __name__)


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _canonical_origin():
    """localhost and 127.0.0.1 are two sites to a browser: the licence app returns to the public one only."""
    public = urlsplit(current_app.config["ESEAL_PUBLIC_URL"])
    here = urlsplit(request.host_url)
    if here.hostname in LOOPBACK and public.hostname in LOOPBACK and here.netloc != public.netloc \
            and here.port == public.port:
        return f"{public.scheme}://{public.netloc}"
    return None


@blp.get("/")
def root():
    return redirect(f"{_canonical_origin() or ''}/h5/")


@blp.get("/h5/")
def index():
    origin = _canonical_origin()
    if origin:
        return redirect(f"{origin}/h5/")
    return _in_memory(send_from_directory(H5_DIR, "index.html", max_age=0))


@blp.get("/h5/css/bundle.css")
def stylesheet():
    """The H5's stylesheets as one response (h5/css/bundle.txt gives the order): one request, not eleven."""
    bundle = current_app.extensions.get("h5_css")
    if bundle is None:
        names = (H5_DIR / "css" / "bundle.txt").read_text().split()
        css = "\n".join(f"/* {name} */\n" + (H5_DIR / "css" / name).read_text() for name in names)
        bundle = current_app.extensions["h5_css"] = (css, hashlib.sha256(css.encode()).hexdigest()[:20])
    response = current_app.response_class(bundle[0], mimetype="text/css")
    response.set_etag(bundle[1])
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@blp.get("/h5/<path:filename>")
def asset(filename):
    return _in_memory(send_from_directory(H5_DIR, filename, max_age=0))


def _in_memory(response):
    """Small files read whole, so that compression sees a body rather than a file stream."""
    if response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
    return response

"""The H5 single-page app, served as static files."""
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
    return send_from_directory(H5_DIR, "index.html", max_age=0)


@blp.get("/h5/<path:filename>")
def asset(filename):
    return send_from_directory(H5_DIR, filename, max_age=0)

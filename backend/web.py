"""The H5 single-page app, served as static files."""
from flask import Blueprint, redirect, send_from_directory

from .config import ROOT

H5_DIR = ROOT / "h5"
blp = Blueprint("h5", __name__)


@blp.get("/")
def root():
    return redirect("/h5/")


@blp.get("/h5/")
def index():
    return send_from_directory(H5_DIR, "index.html", max_age=0)


@blp.get("/h5/<path:filename>")
def asset(filename):
    return send_from_directory(H5_DIR, filename, max_age=0)

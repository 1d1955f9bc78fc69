"""The WSGI entry point: app = create_app() is the only module-level app."""
from backend import create_app

app = create_app()

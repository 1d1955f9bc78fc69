"""These examples use the QA kit only. `pip install -e .` enables it by its pytest11 entry point; naming the
plugin here makes `python -m pytest examples/qa` work without installing."""
pytest_plugins = ["backend.testing"]

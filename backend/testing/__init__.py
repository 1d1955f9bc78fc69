"""The QA kit: a pytest plugin that drives the whole e-seal system, in process or against a live server.

Enabled by `pip install -e .` (the pytest11 entry point in pyproject.toml), by `pytest -p backend.testing`, or
by `pytest_plugins = ["backend.testing"]` in a conftest. docs/qa.md documents every fixture and step.
"""
import os

# Licence passwords: the cheapest scrypt cost the code accepts (2**14), for test runs and the servers they
# start; production hashes cost 2**17. Set before backend.elicense.passwords is imported.
os.environ.setdefault("ELICENSE_SCRYPT_LOG2_N", "14")

from .clock import Clock, LiveClock
from .demo import DemoCase, DemoCases, DemoEnterprise
from .download import Download
from .driver import Eseal
from .errors import EsealStepFailed, step
from .operator import Operator
from .people import Person
from .plugin import (
    eseal,
    eseal_app,
    eseal_clock,
    eseal_demo,
    eseal_operator,
    eseal_settings,
    pytest_addoption,
    pytest_configure,
)

__all__ = ["Clock", "DemoCase", "DemoCases", "DemoEnterprise", "Download", "Eseal", "EsealStepFailed", "LiveClock",
           "Operator", "Person", "eseal", "eseal_app", "eseal_clock", "eseal_demo", "eseal_operator",
           "eseal_settings", "pytest_addoption", "pytest_configure", "step"]

"""Test-wide settings: a hypothesis profile without deadlines (CI machines are small and
noisy), Qt offscreen unless a test sets up a real X server itself, and the shared
fixtures of tests/support."""

import logging
import os
import sys

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test stores a channel's secret in the developer's own keyring: keyring's choice is
# "none" (the 0600 file under the test's FLOWDECK_HOME) unless a test installs one
# (tests/support/memory_keyring.py; the e2e test's child runs a keyring of its own).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

# pytest keeps its rewritten test modules (assertions) as .pyc files, unless bytecode is
# not written: PYTHONDONTWRITEBYTECODE is set on these machines, and rewriting the ~190
# test modules anew took ~8 s of every run's collection.
sys.dont_write_bytecode = False

# The shared fixtures (a qasync loop, a temp FLOWDECK_HOME, the window): tests/support.
pytest_plugins = ["tests.support.fixtures"]

settings.register_profile(
    "ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=10)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _windows_hidden(qt_windows_hidden) -> None:
    """See qt_windows_hidden: what one test leaves on screen slows and disturbs later
    ones."""


@pytest.fixture(autouse=True)
def _logging_restored():
    """Code under test may configure logging for its process (the gateway's
    setup_logging sets the root handlers and the `flowdeck` level); put it back so one
    test's configuration does not change what a later test's caplog sees."""
    root, ours = logging.getLogger(), logging.getLogger("flowdeck")
    saved = (list(root.handlers), root.level, ours.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    ours.setLevel(saved[2])

"""`from flowdeck.api import *` is what the spec's example needs, and nothing more."""

import subprocess
import sys

import pytest

from tests.gateway_proc import GUI


def test_star_import_gives_exactly_the_spec_names():
    namespace: dict = {}
    exec("from flowdeck.api import *", namespace)
    names = sorted(k for k in namespace if k != "__builtins__")
    assert names == ["AsyncQuoteContext", "OpenQuoteContext", "RET_ERROR", "RET_OK"]
    assert (namespace["RET_OK"], namespace["RET_ERROR"]) == (0, -1)


@pytest.mark.e2e  # starts a Python process
def test_import_has_no_side_effects():
    """Importing the API starts no thread and opens no file or socket."""
    code = ("import os, threading; before = set(os.listdir('/proc/self/fd')); "
            "import flowdeck.api; "
            "assert threading.active_count() == 1; "
            "assert set(os.listdir('/proc/self/fd')) <= before; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": GUI},
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr

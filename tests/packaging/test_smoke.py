"""The bundle smoke tests fail on what a broken bundle shows (packaging/smoke.py). The
real bundle is smoke-tested by packaging/build.py in CI; here, stand-in executables."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))

from smoke import SmokeFailure, check_fetch, check_stderr, run_smoke_tests

GOOD_FETCH = ('{"ret_code": 0, "ret_msg": "SUCCESS", "data": {"capital_flow_list": ['
              '{"code": "HK.00700", "main_net_inflow": 1.5}, '
              '{"code": "US.AAPL", "main_net_inflow": -2.0}]}}')


@pytest.mark.parametrize("line", [
    'qt.qpa.plugin: Could not find the Qt platform plugin "xcb" in ""',
    "This application failed to start because no Qt platform plugin could be initialized.",
    "Cannot load library /x/libqxcb.so: (libxcb-cursor.so.0: cannot open shared object file)",
    "Traceback (most recent call last):",
    "ModuleNotFoundError: No module named 'PySide6.QtOpenGL'",
    "[PYI-19153:ERROR] Failed to execute script 'flowdeck_entry' due to unhandled exception!",
])
def test_stderr_of_a_broken_bundle_fails(line):
    with pytest.raises(SmokeFailure, match="stderr shows"):
        check_stderr("x", f"harmless\n{line}\n")


def test_ordinary_warnings_pass():
    check_stderr("x", "Qt depends on a UTF-8 locale, and has switched to \"C.UTF-8\" instead.\n"
                      "This plugin does not support propagateSizeHints()\n")


def test_fetch_answers():
    check_fetch("x", GOOD_FETCH)
    with pytest.raises(SmokeFailure, match="codes"):
        check_fetch("x", GOOD_FETCH.replace("US.AAPL", "US.MSFT"))
    with pytest.raises(SmokeFailure, match="envelope"):
        check_fetch("x", "INFO starting\n" + GOOD_FETCH)  # stdout must be pure JSON
    with pytest.raises(SmokeFailure, match="main net inflow"):
        check_fetch("x", GOOD_FETCH.replace("1.5", "null"))


@pytest.mark.e2e  # runs a stand-in bundle
@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in")
@pytest.mark.parametrize(("script", "match"), [
    ('echo "FAIL: the table has no rows"; exit 1', "exit 1"),
    ('echo OK; echo \'qt.qpa.plugin: Could not load the Qt platform plugin "xcb"\' >&2',
     "stderr shows"),
    ('echo "nothing"', "--self-test"),
])
def test_a_bundle_whose_self_test_fails_fails(tmp_path, script, match):
    exe = tmp_path / "flowdeck"
    exe.write_text(f"#!/bin/sh\n{script}\n")
    exe.chmod(0o755)
    with pytest.raises(SmokeFailure, match=match):
        run_smoke_tests(tmp_path)


def test_no_executable_no_bundle(tmp_path):
    with pytest.raises(SmokeFailure, match="no executable"):
        run_smoke_tests(tmp_path)

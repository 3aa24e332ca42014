"""One frozen program, several names: the entry script picks the gateway by the name it
was started as, and `flowdeck gateway ...` reaches it from any name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flowdeck.launcher import main

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _run(script: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "gui"))
    return subprocess.run([sys.executable, str(script), *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_started_as_flowdeck_gateway_it_is_the_gateway(tmp_path):
    script = tmp_path / "flowdeck-gateway.py"
    shutil.copy(ROOT / "packaging" / "flowdeck_entry.py", script)
    done = _run(script, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: flowdeck-gateway" in done.stdout and "--port" in done.stdout


def test_started_by_another_name_it_is_the_command_line(tmp_path):
    script = tmp_path / "flowdeck-cli.py"  # (a script named flowdeck.py would shadow the package)
    shutil.copy(ROOT / "packaging" / "flowdeck_entry.py", script)
    done = _run(script, "fetch", "--json", "HK.00700")
    assert done.returncode == 0, done.stderr
    assert '"ret_code": 0' in done.stdout and "HK.00700" in done.stdout


def test_the_gateway_subcommand(capsys):
    try:
        main(["gateway", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "usage: flowdeck-gateway" in capsys.readouterr().out


def test_the_gateway_subcommand_refuses_unknown_options(capsys):
    try:
        main(["gateway", "--no-such-option"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "--no-such-option" in capsys.readouterr().err

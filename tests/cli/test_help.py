"""`flowdeck --help`: the window's options and every command with its one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flowdeck.cli.main import COMMANDS


@pytest.mark.e2e
def test_help_lists_every_command(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "flowdeck", "--help"], text=True,
                          capture_output=True, timeout=60,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.lstrip().startswith("--source") for line in lines)
    for name, text in COMMANDS.items():
        assert any(line.split() == [name, *text.split()] for line in lines), name
    assert set(COMMANDS) == {"fetch", "watch", "record", "gateway", "history", "backfill",
                             "rank", "tape"}


@pytest.mark.e2e
def test_a_command_help_is_still_its_own(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "flowdeck", "watch", "--help"], text=True,
                          capture_output=True, timeout=60,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and "--alert" in done.stdout
    assert "commands (flowdeck COMMAND" not in done.stdout

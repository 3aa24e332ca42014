"""README's first alert example, run as written: it must print the ALERT lines README
shows (the old live example printed none, its condition being true from the start)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"
MARK = "<!-- readme-watch-alert -->"


def example() -> tuple[list[str], list[str]]:
    """The commands of the marked block, and the ALERT lines of the block after it."""
    text = README.read_text(encoding="utf-8")
    after = text[text.index(MARK):]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", after, re.DOTALL)
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    alerts = [line for line in blocks[1].splitlines() if line.startswith("ALERT ")]
    return commands, alerts


def test_readme_alert_example_prints_its_alerts(tmp_path) -> None:
    commands, expected = example()
    assert len(commands) == 2 and commands[1].startswith("flowdeck watch ")
    assert expected, "README shows no ALERT line"
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(tmp_path), "FLOWDECK_HOME": str(tmp_path / "home")}
    outputs = []
    for command in commands:
        assert shlex.split(command)[0] == "flowdeck"  # as a trader types it
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, text=True,
                              capture_output=True, timeout=90)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    printed = [line for line in outputs[1].splitlines() if line.startswith("ALERT ")]
    assert printed == expected

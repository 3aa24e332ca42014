"""A 30-second run of the soak benchmark (tests/bench/soak_bench.py): the real window on
the simulator at 20x with 300 codes and 100 alert rules. No timing or memory asserts
(the machine is shared): it runs to the end, prints its JSON line, nothing crashed,
and every alert that fired is in the alert log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "tests" / "bench" / "soak_bench.py"
KEYS = ("rss_1min_mb", "rss_end_mb", "rss_growth_pct", "lag_p50_ms", "lag_p99_ms",
        "lag_max_ms", "alerts_fired", "alerts_logged", "batches_applied", "cpu_pct")


@pytest.mark.timeout(420)
def test_window_soaks_for_30_seconds() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "gui"),
                                                        os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, str(BENCH), "--minutes", "0.5", "--codes", "300",
                           "--rules", "100", "--display", "offscreen"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=400)
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr[-3000:]
    result = json.loads(lines[-1])
    assert proc.returncode == 0, (result, proc.stderr[-3000:])
    assert not set(KEYS) - set(result)
    assert result["errors"] == 0, result["first_error"]
    assert result["rows"] == 300 and result["rules"] == 100
    assert result["batches_applied"] >= 1
    assert result["alerts_logged"] == result["alerts_fired"]

"""A large replay file streams: its trades go through the engine chunk by chunk, and the
process's peak memory grows by far less than the file would take loaded whole.

The replay runs in a child process whose peak RSS (VmHWM, which starts afresh at exec;
ru_maxrss would carry the forking test run's) is read before and after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from flowdeck.feeds.replay.trades_csv import HEADER

# Starts a replay in a child process.
pytestmark = pytest.mark.e2e

ROWS = int(os.environ.get("FLOWDECK_REPLAY_ROWS", 2_000_000))
CODES = [f"HK.{i:05d}" for i in range(1, 21)] + [f"SZ.{i:06d}" for i in range(1, 21)] \
    + [f"US.{a}{b}" for a in "ABCDE" for b in "XY"]
# What the rows would take loaded whole, as the reader's arrays: int32 symbol, int64
# time, four float64 columns.
ROW_BYTES = 4 + 8 + 4 * 8

CHILD = """
import json, sys, time
from flowdeck.feeds.replay.market import ReplayMarket
def peak_kb():
    with open("/proc/self/status") as f:
        return int(f.read().split("VmHWM:")[1].split()[0])
before = peak_kb()
t0 = time.perf_counter()
market = ReplayMarket(sys.argv[1])
scanned = time.perf_counter()
steps = 0
while not market.finished:
    market.step()
    steps += 1
done = time.perf_counter()
batch = market.snapshot_batch(market.codes)
after = peak_kb()
print(json.dumps({"rows": market.revealed, "bad": market.index.bad.total, "steps": steps,
                  "scan_s": scanned - t0, "total_s": done - t0, "rss_growth_kb": after - before,
                  "trades": sum(d.trades for d in batch.details.values())}))
"""


def write_file(path: Path, rows: int) -> None:
    """`rows` trades over a trading day (HK/SZ/US codes interleaved, sorted by time),
    written a block at a time; a sprinkling of quote gaps and bad lines."""
    rng = np.random.default_rng(11)
    start = 9 * 3600 + 30 * 60
    span = 6 * 3600 + 30 * 60
    seconds = start + np.sort(rng.integers(0, span, rows))
    stamps = {s: f"2025-03-14 {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
              for s in np.unique(seconds).tolist()}
    codes = np.asarray(CODES)[rng.integers(0, len(CODES), rows)].tolist()
    price = np.round(50 + rng.standard_normal(rows).cumsum() * 0.01 % 40, 2).tolist()
    quantity = (rng.integers(1, 50, rows) * 100).tolist()
    with path.open("w", encoding="ascii") as f:
        f.write(HEADER + "\n")
        block = 200_000
        for lo in range(0, rows, block):
            hi = min(rows, lo + block)
            f.write("".join(
                f"{codes[i]},{stamps[seconds[i]]},{price[i]},{quantity[i]},"
                + (",\n" if i % 37 == 0 else f"{price[i] - 0.01:.2f},{price[i] + 0.01:.2f}\n")
                for i in range(lo, hi)))
            f.write(f"HK.00001,{stamps[start]},bad,1,,\n")  # out of order anyway


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
@pytest.mark.timeout(120)
def test_a_large_file_streams_with_bounded_memory(tmp_path) -> None:
    path = tmp_path / "large.csv"
    write_file(path, ROWS)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, timeout=110, env=env)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    print(json.dumps({**got, "file_mb": path.stat().st_size / 2**20,
                      "rows_per_s": got["rows"] / got["total_s"]}))
    assert got["rows"] == got["trades"] == ROWS
    assert got["bad"] == -(-ROWS // 200_000)
    assert 300 < got["steps"] <= 391  # a batch a minute
    in_memory_kb = ROWS * ROW_BYTES / 1024
    assert got["rss_growth_kb"] < in_memory_kb / 4, (got, in_memory_kb)
    assert got["rss_growth_kb"] < 32 * 1024

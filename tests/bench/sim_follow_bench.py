"""The simulator following N codes: CPU per simulated second. Prints one JSON line.

    PYTHONPATH=gui python tests/bench/sim_follow_bench.py [--n 5000] [--seconds 120]

The real SimMarket (seed 1, speed 1; a quarter of the codes per market, the table
bench's codes) with every market's clock 20 minutes before its close, driven by an
injected clock one simulated second a step, as SimFeed's worker thread drives it once
a second. Untimed: the snapshot and --warm steps. Timed (CPU time of this thread), per
step: `advance` (the trades of that second revealed and counted by the flow engine)
and `batch` (advance, then an UpdateCursor's batch of what changed: records, minute
points and quotes, as SimFeed sends). `cpu_pct`: the batch's mean, in % of one core at
one step a second. Figures vary with the machine's load: run it 2-3 times (compare.py
interleaves two revisions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui")]

from table_bench_child import codes_for  # noqa: E402  (the table bench's codes)

from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.feeds.sim import clock as sim_clock  # noqa: E402
from flowdeck.feeds.sim.market import SimMarket  # noqa: E402

SATURDAY = dt.datetime(2025, 3, 15, 12, 0, tzinfo=dt.UTC)  # every market closed: clocks
BEFORE_CLOSE = {Market.HK: dt.time(15, 40), Market.US: dt.time(15, 40),  # start at
                Market.SH: dt.time(14, 40), Market.SZ: dt.time(14, 40)}  # these times

def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def run(n: int, seconds: int, warm: int) -> dict:
    sim_clock.START_TIMES.update(BEFORE_CLOSE)
    wall = [0.0]
    sim = SimMarket(seed=1, speed=1.0, now=SATURDAY, monotonic=lambda: wall[0])
    codes = sorted(codes_for(n))
    started = time.perf_counter()
    sim.snapshot_batch(codes)
    snapshot_s = time.perf_counter() - started
    cursor = sim.cursor(codes)
    cursor.next_batch()
    advance_ms: list[float] = []
    batch_ms: list[float] = []
    changed: list[int] = []
    for step in range(warm + seconds):
        wall[0] += 1.0
        t0 = time.thread_time()
        sim.advance()
        t1 = time.thread_time()
        batch = cursor.next_batch()
        t2 = time.thread_time()
        if step >= warm:
            advance_ms.append((t1 - t0) * 1e3)
            batch_ms.append((t2 - t0) * 1e3)
            changed.append(len(batch.records))
    return {
        "n": n, "sim_seconds": seconds, "snapshot_s": round(snapshot_s, 2),
        "codes_changed_per_s": round(statistics.mean(changed)),
        "advance_cpu_ms_p50": round(percentile(advance_ms, 50), 2),
        "advance_cpu_ms_p99": round(percentile(advance_ms, 99), 2),
        "batch_cpu_ms_p50": round(percentile(batch_ms, 50), 2),
        "batch_cpu_ms_p99": round(percentile(batch_ms, 99), 2),
        "cpu_pct": round(statistics.mean(batch_ms) / 10, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--warm", type=int, default=10)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.n, args.seconds, args.warm)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

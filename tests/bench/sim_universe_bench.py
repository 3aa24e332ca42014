"""The simulator's universe: what building it costs. Prints one JSON line.

    PYTHONPATH=gui python tests/bench/sim_universe_bench.py [--runs 5] [--seed 0]

- build_ms: median wall time of SimUniverse(seed).stocks() (all four markets, ~11,700
  stocks), a new universe each run; build_max_ms the slowest run. Goal: < 100 ms (the
  window on the simulator must not start slower; it builds a market only when read).
- per_market_ms: the median of each market built alone.
- traced_mb: Python memory the built universe holds (tracemalloc, one separate run, so
  the tracing does not slow the timed ones).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "gui"))

from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.feeds.sim.universe import SimUniverse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    SimUniverse(args.seed + 1).stocks()  # imports and numpy's first calls out of the way
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        stocks = SimUniverse(args.seed).stocks()
        times.append((time.perf_counter() - start) * 1e3)
    per_market = {}
    for market in Market:
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            SimUniverse(args.seed).market_stocks(market)
            runs.append((time.perf_counter() - start) * 1e3)
        per_market[market.value] = round(statistics.median(runs), 2)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = SimUniverse(args.seed)
    kept.stocks()
    traced = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    print(json.dumps({
        "bench": "sim_universe", "stocks": len(stocks),
        "build_ms": round(statistics.median(times), 2), "build_max_ms": round(max(times), 2),
        "per_market_ms": per_market, "traced_mb": round(traced / 2**20, 2)}))


if __name__ == "__main__":
    main()

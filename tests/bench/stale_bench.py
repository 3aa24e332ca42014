"""Data-stale alerts benchmark: prints one JSON line.

    PYTHONPATH=gui python tests/bench/stale_bench.py [--codes 5000] [--checks 300]

What the window's once-a-second check costs (live/stale.StaleWatch.check over a real
LiveStore: the calendar, the judge's arrays, the payloads when due), on the GUI thread:
- quiet_ms p50/p99: every code updated before each check (nothing stale);
- outage_ms p50/p99: no record any more, so every code is stale and, once told, stays
  alerted (the judge looks at each alerted code for a record each check);
- told: alerts given over the outage run (one expected: all codes at once).
The clock is a counter (a check per virtual second): no sleeping.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui")]

from flowdeck.core.batch import Batch  # noqa: E402
from flowdeck.core.markets import MarketState  # noqa: E402
from flowdeck.core.records import CapitalFlowRecord  # noqa: E402
from flowdeck.core.stale_alerts import StaleSettings  # noqa: E402
from flowdeck.live.stale import StaleWatch  # noqa: E402
from flowdeck.live.store import LiveStore  # noqa: E402

MORNING = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")).timestamp()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (round(statistics.median(ordered) * 1e3, 3),
            round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3, 3))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=5000)
    parser.add_argument("--checks", type=int, default=300)
    args = parser.parse_args()
    now = [MORNING]
    codes = [f"HK.{i:05d}" for i in range(args.codes)]
    store = LiveStore()
    store.set_codes(codes, now[0])
    store.set_market_states({"HK": MarketState.OPEN}, now[0])
    batch = Batch(records={c: CapitalFlowRecord(c, "2025-03-14 10:00:00") for c in codes})
    watch = StaleWatch(store, StaleSettings(stale_s=60.0), clock=lambda: now[0],
                       epoch=lambda: now[0])
    quiet = []
    for _ in range(args.checks):
        now[0] += 1
        store.apply(batch, now[0])
        start = time.perf_counter()
        watch.check()
        quiet.append(time.perf_counter() - start)
    outage, told = [], 0
    for _ in range(args.checks):
        now[0] += 1
        start = time.perf_counter()
        told += len(watch.check())
        outage.append(time.perf_counter() - start)
    q50, q99 = percentiles(quiet)
    o50, o99 = percentiles(outage)
    print(json.dumps({"bench": "stale", "codes": args.codes, "checks": args.checks,
                      "quiet_ms_p50": q50, "quiet_ms_p99": q99, "outage_ms_p50": o50,
                      "outage_ms_p99": o99, "told": told}))


if __name__ == "__main__":
    main()

"""Backfill benchmark (issue 19): prints one JSON line.

    PYTHONPATH=gui python tests/bench/backfill_bench.py [--days 10] [--workers 2]

Runs the backfill driver (live/backfill.py) with the simulator's past days
(feeds/sim/past_days.py) into an archive in memory, and times the whole run:
- backfill_sim_code_days_per_s: the default watchlist's 20 codes (the hand-set,
  busiest stocks: ~1.5 M trades a day together) over `--days` weekdays. Goal >= 200.
- backfill_sim_typical_code_days_per_s: 20 hash-derived codes (5 per market, a few
  thousand trades a day each), what most of a large watchlist is.
- *_trades_per_s: the trades the code-days stand for (the stocks' expected trades a
  day), per second: the past days are generated per minute (feeds/sim/past_tape.py),
  not trade by trade; workers: parts computed at once (threads).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui")]

from flowdeck.core.day_flow import DayFlow  # noqa: E402
from flowdeck.feeds.sim.past_days import SimPastDays  # noqa: E402
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST, sim_stock  # noqa: E402
from flowdeck.live.backfill import Backfill  # noqa: E402

NOW = dt.datetime(2025, 3, 17, 0, 0, tzinfo=dt.UTC)  # Monday morning in Asia
TYPICAL = [f"HK.0{n}" for n in (2001, 2002, 2003, 2004, 2005)] + [
    f"US.Q{c}" for c in "ABCDE"] + [f"SH.60{n}" for n in (1001, 1002, 1003, 1004, 1005)] + [
    f"SZ.00{n}" for n in (2101, 2102, 2103, 2104, 2105)]


class CountingSink:
    """Holds nothing: counts what it is given (the archive's own cost is its bench's)."""

    def __init__(self) -> None:
        self.code_days = 0

    def save(self, days: Sequence[DayFlow]) -> None:
        self.code_days += len(days)

    def days(self, code: str, start: dt.date, end: dt.date) -> list[DayFlow]:
        return []


def timed_run(codes: list[str], days: int, workers: int, seed: int) -> tuple[float, int]:
    sink = CountingSink()
    source = SimPastDays(seed=seed, now=lambda: NOW, workers=workers)
    t0 = time.perf_counter()
    done = asyncio.run(Backfill(source, sink, codes, days).run())
    elapsed = time.perf_counter() - t0
    assert done.finished and sink.code_days == len(codes) * days, done
    return elapsed, sink.code_days


def expected_trades(codes: list[str], days: int, seed: int) -> float:
    return days * sum(sim_stock(c, seed).trades_per_day for c in codes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out: dict[str, float | int] = {"days": args.days, "workers": args.workers}
    for name, codes in (("sim", list(DEFAULT_WATCHLIST)), ("sim_typical", TYPICAL)):
        timed_run(codes[:2], 1, args.workers, args.seed + 1)  # imports, caches
        elapsed, code_days = timed_run(codes, args.days, args.workers, args.seed)
        out[f"backfill_{name}_code_days_per_s"] = round(code_days / elapsed, 1)
        out[f"backfill_{name}_trades_per_s"] = round(
            expected_trades(codes, args.days, args.seed) / elapsed)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

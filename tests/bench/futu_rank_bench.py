"""futu:// Market view table benchmark: prints one JSON line.

    .venv/bin/python tests/bench/futu_rank_bench.py [--codes 2000] [--repeats 200]

The table FutuFeed.market_table hands the Market view (which asks 4 times a second, on
the window's thread): a scope of N codes with a day of 200 minute points each, one
code's data new before each table (the refresh pace), built by futu/rank_table.py's
TableMaker.

- first_ms: the first table of a code list (every row read; again when the scope changes).
- next_p50_ms, next_p99_ms, next_max_ms: each later table (one row read, the ages, a copy).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from flowdeck.core.batch import MinutePoints  # noqa: E402
from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord  # noqa: E402
from flowdeck.core.stock_info import Quote  # noqa: E402
from flowdeck.feeds.base import ScopeFacts  # noqa: E402
from flowdeck.feeds.futu.batches import Kept  # noqa: E402
from flowdeck.feeds.futu.rank_table import TableMaker  # noqa: E402


def kept(code: str, seq: int, rng: np.random.Generator) -> Kept:
    minutes = np.arange(200, dtype=np.int32)
    record = CapitalFlowRecord(code, "2026-12-04 10:00:00", *rng.normal(size=12).tolist())
    detail = CapitalFlowDetail(code, record.update_time, 1e7, 0, (0.0,) * 4, (0.0,) * 4)
    return Kept(seq, record, detail, MinutePoints([code] * 200, minutes,
                                                  rng.normal(size=(200, 6))), "2026-12-04")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    half = args.codes // 2
    codes = [f"HK.{i:05d}" for i in range(half)] + \
            [f"SH.{600000 + i}" for i in range(args.codes - half)]
    data = {c: kept(c, 1, rng) for c in codes}
    quotes = {c: Quote(c, 10.0, 9.9) for c in codes}
    quote_seq = dict.fromkeys(codes, 1)
    ages = dict.fromkeys(codes, 5.0)
    maker = TableMaker()
    markets = tuple(Market)
    scope = ScopeFacts(len(codes), watchlists=True)
    start = time.perf_counter()
    maker.make(maker.order(codes, markets), data, quotes, quote_seq, ages, scope)
    first = time.perf_counter() - start
    times = []
    for step in range(args.repeats):
        code = codes[step % len(codes)]
        data[code] = kept(code, step + 2, rng)
        start = time.perf_counter()
        maker.make(maker.order(codes, markets), data, quotes, quote_seq, ages, scope)
        times.append(time.perf_counter() - start)
    times.sort()
    ms = [t * 1000 for t in times]
    print(json.dumps({"bench": "futu_rank", "codes": args.codes,
                      "first_ms": round(first * 1000, 2),
                      "next_p50_ms": round(ms[len(ms) // 2], 3),
                      "next_p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 3),
                      "next_max_ms": round(ms[-1], 3)}))


if __name__ == "__main__":
    main()

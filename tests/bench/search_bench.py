"""Stock search benchmark: prints one JSON line.

    .venv/bin/python tests/bench/search_bench.py [--per-market 3000]

- index_ms: core.stock_search.SearchIndex over 12,000 named stocks (3,000 in each of
  HK, US, SH, SZ; tests/support/universes.py's made-up names), codes and names only.
- libraries_ms: the first name's aliases (loading OpenCC's and pypinyin's tables).
- aliases_ms: the Simplified forms and pinyin initials of all 12,000 names (what the
  window does in slices after it starts); alias_slice_ms: the longest slice of 200.
- index_with_aliases_ms: the index again, with those aliases.
- query_p50_ms, query_p99_ms, query_max_ms: one search (limit 20) over codes, names,
  pinyin initials, single letters and digits, misses. Goal: p99 < 5 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.universes import KNOWN_STOCKS, made_up_stocks  # noqa: E402

from flowdeck.core.name_aliases import AliasBuilder  # noqa: E402
from flowdeck.core.stock_search import SearchIndex  # noqa: E402

QUERIES = ("700", "00700", "0700.HK", "600519", "sh600519", "600519.SS", "000001.SZ",
           "aapl", "BRK.B", "gzmt", "tx", "jsyh", "ch", "茅台", "腾讯", "建设", "bank",
           "holdings", "a", "7", "6", "h", "华", "科技", "zzzzz", "nothing here", "长江",
           "kj", "3", "US.A", "hk.00", "energy 12")
SLICE = 200


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-market", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    stocks = [*KNOWN_STOCKS, *made_up_stocks(args.per_market)]

    t = time.perf_counter()
    SearchIndex(stocks)
    index_s = time.perf_counter() - t

    builder = AliasBuilder(stocks)
    t = time.perf_counter()
    builder.advance(1)
    libraries_s = time.perf_counter() - t
    slices = []
    t = time.perf_counter()
    while not builder.done:
        s = time.perf_counter()
        builder.advance(SLICE)
        slices.append(time.perf_counter() - s)
    aliases_s = time.perf_counter() - t

    t = time.perf_counter()
    index = SearchIndex(stocks, builder.aliases())
    index_aliases_s = time.perf_counter() - t

    times = []
    for _ in range(args.repeat):
        for q in QUERIES:
            s = time.perf_counter()
            index.search(q)
            times.append(time.perf_counter() - s)
    times.sort()
    print(json.dumps({
        "bench": "search", "stocks": len(stocks), "index_ms": ms(index_s),
        "libraries_ms": ms(libraries_s), "aliases_ms": ms(aliases_s),
        "alias_slice_ms": ms(max(slices)), "index_with_aliases_ms": ms(index_aliases_s),
        "query_p50_ms": ms(statistics.median(times)),
        "query_p99_ms": ms(times[int(len(times) * 0.99)]), "query_max_ms": ms(times[-1]),
        "queries": len(times),
    }))


if __name__ == "__main__":
    main()

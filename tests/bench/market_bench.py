"""Whole-market ranking and sectors benchmark, the core's part: prints one JSON line.

    PYTHONPATH=gui python tests/bench/market_bench.py [--codes 12000] [--repeats 200]

Each repeat writes a batch updating every code of a one-market table (FlowTable.apply)
and ranks it again, as the Market view will after each batch it takes:
- apply_ms: the batch written into the table (12,000 codes).
- rank_ms: Ranker.rank, top 50 by main net (argpartition + a sort of the 50); also
  rank_top_bottom_ms, the top and the bottom 50 (what the view shows).
- fullsort_ms: the same 50 from a lexsort of every known code (numpy, no partition),
  sorted_ms: from Python's sorted() over (value, code) pairs; their ratios to rank_ms.
- sectors_ms: sector_flows over the 12,000 codes in 100 sectors (sums, turnovers,
  ratios, counts) and sector_rank_ms ranking them; sector_index_ms: the index, built
  once per code list; sector_curves_ms: every sector's curve from a float32 (12,000 x
  390) main-net series.
Timings are p50 and p99 over the repeats. Goal (with the view, later):
rank_to_screen_ms p99 <= 16; the core's share ~1 ms.

`--sim [--sim-seconds 30]`: the simulator's whole market instead (market_bench_sim.py:
sim_universe_cpu_pct, update_ms, build_s, rss_mb, traced_mb), one JSON line.

`--figures`: issue 20's three figures in one JSON line, each part in a child process
(offscreen Qt; a temp FLOWDECK_HOME):
- rank_to_screen_ms: a batch updating 12,000 codes re-ranked and the Market view
  repainted (market_view_bench.py --codes 12000); rank_to_screen_whole_ms the same
  for the simulator's whole-market tables (--whole, 11,700 codes). Goal p99 <= 16.
- sim_universe_cpu_pct: --sim's. Goal <= 60.
- rss_over_empty_mb: the window with the Market view open on all four markets over
  the same window before it opened (market_rss.py). Goal <= 150.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.market_tables import batch_of, market_codes, random_values  # noqa: E402

from flowdeck.core.flow_table import FlowTable  # noqa: E402
from flowdeck.core.ranking import Ranker, RankRequest, code_ranks  # noqa: E402
from flowdeck.core.sectors import SectorIndex, sector_curves, sector_flows  # noqa: E402
from flowdeck.core.stock_info import StockInfo  # noqa: E402

TOP = 50


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.asarray(samples) * 1e3
    return {"p50": round(float(np.percentile(ms, 50)), 4),
            "p99": round(float(np.percentile(ms, 99)), 4)}


def timed(samples: list[float], fn, *args):
    """fn(*args), its duration appended to `samples`."""
    start = time.perf_counter()
    result = fn(*args)
    samples.append(time.perf_counter() - start)
    return result


def full_sort(table: FlowTable, ranks: np.ndarray) -> list[str]:
    values = table.values[:, 0]
    known = np.flatnonzero(np.isfinite(values))
    order = np.lexsort((ranks[known], -values[known]))[:TOP]
    return [table.codes[r] for r in known[order].tolist()]


def python_sorted(table: FlowTable) -> list[str]:
    pairs = [(-v, c) for v, c in zip(table.values[:, 0].tolist(), table.codes, strict=True)
             if v == v]
    return [c for _, c in sorted(pairs)[:TOP]]


def child(script: str, *args: str, env: dict | None = None) -> dict:
    """The JSON line a bench script prints, run in a child process."""
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "bench" / script), *args],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              **(env or {})})
    return json.loads(out.stdout.strip().splitlines()[-1])


def figures(repeats: int, sim_seconds: float) -> dict:
    store = child("market_view_bench.py", "--codes", "12000", "--repeats", str(repeats))
    whole = child("market_view_bench.py", "--whole", "--repeats", str(repeats))
    sim = child("market_bench.py", "--sim", "--sim-seconds", str(sim_seconds))
    with tempfile.TemporaryDirectory() as home:
        rss = child("market_rss.py", env={"FLOWDECK_HOME": home})
    return {"bench": "market_figures", "codes": store["codes"],
            "rank_to_screen_ms": store["rank_to_screen_ms"],
            "sectors_to_screen_ms": store["sectors_to_screen_ms"],
            "whole_codes": whole["codes"],
            "rank_to_screen_whole_ms": whole["rank_to_screen_ms"],
            "sectors_to_screen_whole_ms": whole["sectors_to_screen_ms"],
            "sim_universe_cpu_pct": sim["sim_universe_cpu_pct"],
            "rss_over_empty_mb": rss["rss_over_empty_mb"], "rss_mb": rss["rss_mb"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=12_000)
    parser.add_argument("--sectors", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--sim", action="store_true", help="the simulator's part")
    parser.add_argument("--sim-seconds", type=float, default=30.0)
    parser.add_argument("--figures", action="store_true", help="issue 20's figures")
    args = parser.parse_args()
    if args.figures:
        print(json.dumps(figures(args.repeats, args.sim_seconds)))
        return
    if args.sim:
        from tests.bench.market_bench_sim import sim_part
        print(json.dumps(sim_part(args.sim_seconds)))
        return
    rng = np.random.default_rng(20)
    codes = market_codes("HK", args.codes)
    table = FlowTable()
    table.set_codes(codes)
    batches = [batch_of(codes, random_values(rng, args.codes, nan_share=0.02))
               for _ in range(8)]
    stocks = {c: StockInfo(c, sector=f"s{rng.integers(args.sectors):03d}") for c in codes}
    turnover = rng.uniform(1e6, 1e9, args.codes)
    series = rng.normal(0, 1e6, (args.codes, 390)).astype(np.float32)
    ranker, request = Ranker(), RankRequest("HK", top=TOP)
    bottom = RankRequest("HK", order="asc", top=TOP)
    ranks = code_ranks(codes)
    index = SectorIndex.build(table.codes, stocks)
    t: dict[str, list[float]] = {k: [] for k in (
        "apply", "rank", "rank_top_bottom", "fullsort", "sorted", "sectors",
        "sector_rank", "sector_index", "sector_curves")}
    ranker.rank(table, request)  # the codes' tie-break order, once per code list
    for i in range(args.repeats):
        timed(t["apply"], table.apply, batches[i % len(batches)], float(i))
        ranked = timed(t["rank"], ranker.rank, table, request)
        timed(t["rank_top_bottom"], lambda: (ranker.rank(table, request),
                                             ranker.rank(table, bottom)))
        plain = timed(t["fullsort"], full_sort, table, ranks)
        if i < 30:  # Python's sort: slow and steady, a few repeats say enough
            plain_py = timed(t["sorted"], python_sorted, table)
            if plain_py != plain:
                raise SystemExit("sorted() and the lexsort disagree")
        if ranked.codes != plain:
            raise SystemExit("the ranking and the lexsort disagree")
        flows = timed(t["sectors"], sector_flows, table, index, "HK", turnover)
        timed(t["sector_rank"], flows.rank, "main_net_inflow")
        if i < 30:
            timed(t["sector_index"], SectorIndex.build, table.codes, stocks)
            timed(t["sector_curves"], sector_curves, series, flows)
    out = {"codes": args.codes, "sectors": args.sectors, "top": TOP,
           "repeats": args.repeats}
    for key, samples in t.items():
        out[f"{key}_ms"] = percentiles(samples)
    rank_p50 = out["rank_ms"]["p50"]
    out["fullsort_ratio"] = round(out["fullsort_ms"]["p50"] / rank_p50, 2)
    out["sorted_ratio"] = round(out["sorted_ms"]["p50"] / rank_p50, 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

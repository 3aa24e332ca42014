"""The Market view's re-rank and repaint: prints one JSON line.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=gui python tests/bench/market_view_bench.py \
        [--codes 5000] [--repeats 200] [--top 50]

A LiveStore of `--codes` codes over the four markets (names and 40 sectors a market,
60 minutes of history each) behind the Market dock, shown at 640 x 560 (about 25
rows on screen). Each repeat writes a batch updating every code (records and one
more minute of points: every visible sparkline is stale), then times what the dock
does with it, as ui/market/ranked_model.py does it at most 4 times a second:
- rank_to_screen_ms: the stocks' re-rank (HK, top `--top` by main net: Ranker, one
  layout change) and a synchronous repaint of the view (texts, sparklines rebuilt);
- sectors_to_screen_ms: the same for the Sectors tab (sector_flows over the market);
- rerank_ms: the stocks' re-rank alone (rank_to_screen_ms less the repaint);
- apply_ms: the batch written into the store (not the dock's: the store's listeners
  only mark the ranking due).
p50 and p99 over the repeats; the issue's goal is rank_to_screen_ms p99 <= 16 at
12,000 codes.

`--whole`: the simulator's whole market instead of a store (the dock as the window
shows it on a RanksMarkets source): each repeat a new MarketTable of all four
markets (~11,700 codes; made by WholeMarket at a later wall time, as the worker thread
does, not timed) handed to the dock (take_table), then the same re-rank and repaint
timed; the sparklines are the table's main-net series. `--market ALL` ranks every
market together, amounts in HKD at USD and CNY rates (HK by default).
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

from PySide6.QtWidgets import QApplication  # noqa: E402
from tests.support.market_tables import batch_of, market_codes, random_values  # noqa: E402
from tests.support.universes import StaticUniverse  # noqa: E402

from flowdeck.core.batch import Batch, MinutePoints  # noqa: E402
from flowdeck.core.stock_info import Quote, StockInfo  # noqa: E402
from flowdeck.live.store import LiveStore  # noqa: E402
from flowdeck.ui.market.market_controls import SECTORS_TAB, STOCKS_TAB  # noqa: E402
from flowdeck.ui.market.market_dock import MarketDock  # noqa: E402

MINUTES = 60


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.asarray(samples) * 1e3
    return {"p50": round(float(np.percentile(ms, 50)), 3),
            "p99": round(float(np.percentile(ms, 99)), 3)}


def points(codes: list[str], minutes: range, rng: np.random.Generator) -> MinutePoints:
    k = len(minutes)
    return MinutePoints([c for c in codes for _ in range(k)],
                        np.tile(np.asarray(minutes, np.int32), len(codes)),
                        np.repeat(rng.normal(0, 1e7, (len(codes) * k, 1)), 6, axis=1))


def build(n: int, rng: np.random.Generator) -> tuple[LiveStore, list[str]]:
    share = {"HK": 0.22, "US": 0.34, "SH": 0.2, "SZ": 0.24}
    codes = sorted(c for m, s in share.items() for c in market_codes(m, int(n * s)))
    store = LiveStore()
    store.set_codes(codes)
    store.set_universe(StaticUniverse(
        StockInfo(c, f"Name {i}", f"名称{i}", f"{c[:2]}.s{i % 40}")
        for i, c in enumerate(codes)))
    first = batch_of(codes, random_values(rng, len(codes), nan_share=0.02))
    first.points = points(codes, range(MINUTES), rng)
    first.quotes = {c: Quote(c, 10.0, 9.9) for c in codes}
    store.apply(first, 0.0)
    return store, codes


def shown_dock(store: LiveStore, top: int) -> MarketDock:
    # A clock that never moves: the store's changes only mark the dock due.
    dock = MarketDock(store, clock=lambda: 0.0)
    dock.resize(640, 560)
    dock.show()
    dock.controls.top.setValue(top)
    QApplication.processEvents()
    return dock


def measure_whole(repeats: int, top: int, market: str = "HK") -> dict:
    """--whole: the simulator's tables of all four markets behind the dock."""
    from flowdeck.core.codes import Market
    from flowdeck.feeds.sim.feed import SimFeed

    app = QApplication.instance() or QApplication([])
    feed = SimFeed(seed=20)
    whole = feed.whole_market()
    store = LiveStore()
    store.set_universe(feed.universe())
    dock = shown_dock(store, top)
    if market != "HK":
        from flowdeck.core.currency import Rate, Rates
        dock.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),
                                     Rate("CNY", 1.1, "2026-12-01"))))
        dock.controls.market.setCurrentIndex(dock.controls.market.findData(market))
    wall = time.monotonic()
    samples: dict[str, list[float]] = {"rank_to_screen_ms": [], "sectors_to_screen_ms": [],
                                       "rerank_ms": [], "table_ms": []}
    for i in range(repeats):
        wall += 15.0  # a quarter of a minute of the market each time
        t = time.perf_counter()
        table = whole.table(list(Market), wall)
        samples["table_ms"].append(time.perf_counter() - t)
        dock.take_table(market, table)
        tab = STOCKS_TAB if i % 2 == 0 else SECTORS_TAB
        if dock.controls.tabs.currentIndex() != tab:
            dock.controls.tabs.setCurrentIndex(tab)  # (ranks at once: not timed)
            app.processEvents()
        model = dock.stocks if tab == STOCKS_TAB else dock.sectors
        view = dock.stock_view if tab == STOCKS_TAB else dock.sector_view
        t2 = time.perf_counter()
        model.rerank()
        t_rank = time.perf_counter()
        view.viewport().repaint()
        t3 = time.perf_counter()
        key = "rank_to_screen_ms" if tab == STOCKS_TAB else "sectors_to_screen_ms"
        samples[key].append(t3 - t2)
        if tab == STOCKS_TAB:
            samples["rerank_ms"].append(t_rank - t2)
        app.processEvents()
    return {"bench": "market_view_whole", "market": market, "codes": len(table.codes),
            "top": top,
            "repeats": repeats, **{k: percentiles(v) for k, v in samples.items()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--whole", action="store_true", help="the simulator's tables")
    parser.add_argument("--market", default="HK", help="--whole: HK (default) or ALL")
    args = parser.parse_args()
    print(json.dumps(measure_whole(args.repeats, args.top, args.market) if args.whole
                     else measure(args.codes, args.repeats, args.top)))


def measure(n: int, repeats: int, top: int) -> dict:
    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(20)
    store, codes = build(n, rng)
    dock = shown_dock(store, top)
    samples: dict[str, list[float]] = {"rank_to_screen_ms": [], "sectors_to_screen_ms": [],
                                       "rerank_ms": [], "apply_ms": []}
    for i in range(repeats):
        batch: Batch = batch_of(codes, random_values(rng, len(codes), nan_share=0.02))
        batch.points = points(codes, range(MINUTES + i, MINUTES + i + 1), rng)
        t0 = time.perf_counter()
        store.apply(batch, 0.0)
        t1 = time.perf_counter()
        tab = STOCKS_TAB if i % 2 == 0 else SECTORS_TAB
        if dock.controls.tabs.currentIndex() != tab:
            dock.controls.tabs.setCurrentIndex(tab)  # (ranks at once: not timed)
            app.processEvents()
            store.apply(batch, 0.0)
            t1 = time.perf_counter()
        model = dock.stocks if tab == STOCKS_TAB else dock.sectors
        view = dock.stock_view if tab == STOCKS_TAB else dock.sector_view
        t2 = time.perf_counter()
        model.rerank()
        t_rank = time.perf_counter()
        view.viewport().repaint()
        t3 = time.perf_counter()
        samples["apply_ms"].append(t1 - t0)
        key = "rank_to_screen_ms" if tab == STOCKS_TAB else "sectors_to_screen_ms"
        samples[key].append(t3 - t2)
        if tab == STOCKS_TAB:
            samples["rerank_ms"].append(t_rank - t2)
        app.processEvents()  # the sparklines' pictures, as the event loop would
    return {"bench": "market_view", "codes": len(codes), "top": top, "repeats": repeats,
            **{k: percentiles(v) for k, v in samples.items()}}


if __name__ == "__main__":
    main()

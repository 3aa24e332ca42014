"""The Market view over a period (issue 20): prints one JSON line.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=gui python tests/bench/market_periods_view_bench.py \
        [--market ALL] [--period 5d] [--days 20] [--repeats 30]

The simulator's whole table of `--market` (ALL: ~11,700 codes) behind the Market dock,
the window's archive holding `--days` trading days of every code (written first, not
timed), the view over `--period`:
- build_s: the period picked until the first rows show (the days read and every
  series' windows built in the worker thread, market.archive_periods);
- rss_growth_mb: the process's RSS after that over before (the kept periods, the
  worker's heap included);
- stocks_to_screen_ms, sectors_to_screen_ms: a re-rank of the tab over the period and
  a synchronous grab of the dock (p50, p99 over the repeats); the goal of a re-rank
  and repaint is p99 <= 16 ms, as market_bench's today figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from tests.support.day_flows import day_flows, trading_days  # noqa: E402

from flowdeck.core.currency import Rate, Rates  # noqa: E402
from flowdeck.core.market_periods import table_live_days  # noqa: E402
from flowdeck.core.markets import MARKET_ORDER  # noqa: E402
from flowdeck.feeds.sim.feed import SimFeed  # noqa: E402
from flowdeck.live.day_history import DayHistory  # noqa: E402
from flowdeck.live.store import LiveStore  # noqa: E402
from flowdeck.storage.archive import Archive  # noqa: E402
from flowdeck.ui.market.market_controls import SECTORS_TAB, STOCKS_TAB  # noqa: E402
from flowdeck.ui.market.market_dock import MarketDock  # noqa: E402

IDENTITY = "sim:seed=1"


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def archive(path: Path, table, days: int) -> None:
    """`days` trading days before each market's live day for every code."""
    live = table_live_days(table)
    with Archive.open(path, IDENTITY) as store:
        for position in np.unique(table.market).tolist():
            codes = [c for c, m in zip(table.codes, table.market.tolist(), strict=True)
                     if m == position]
            last = live[MARKET_ORDER[position]] - dt.timedelta(days=1)
            for day in trading_days(days, last):
                store.save(day_flows(codes, day, 1, minutes=False))


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.asarray(samples) * 1e3
    return {"p50": round(float(np.percentile(ms, 50)), 3),
            "p99": round(float(np.percentile(ms, 99)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--market", default="ALL")
    parser.add_argument("--period", default="5d")
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    feed = SimFeed("sim?seed=1", seed=1, monotonic=lambda: 1000.0)
    table = loop.run_until_complete(feed.market_table(args.market))
    path = Path(tempfile.mkdtemp()) / "window.sqlite"
    archive(path, table, args.days)
    store = LiveStore()
    store.set_universe(feed.universe())
    history = DayHistory.open(store, path, IDENTITY)
    dock = MarketDock(store)
    dock.resize(640, 560)
    dock.show()
    dock.set_rates(Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),
                                 Rate("CNY", 1.1, "2026-12-01"))))
    controls = dock.controls
    controls.market.setCurrentIndex(controls.market.findData(args.market))
    dock.set_history(history)
    dock.take_table(args.market, table)
    before = rss_mb()
    start = time.perf_counter()
    controls.period.setCurrentIndex(controls.period.findData(args.period))

    async def shown() -> None:
        while not dock.stocks.keys:
            await asyncio.sleep(0.002)

    loop.run_until_complete(shown())
    out = {"bench": "market_periods_view", "market": args.market, "period": args.period,
           "codes": len(table.codes), "archived_days": args.days,
           "build_s": round(time.perf_counter() - start, 3),
           "rss_growth_mb": round(rss_mb() - before, 1)}
    for tab, model, name in ((STOCKS_TAB, dock.stocks, "stocks"),
                             (SECTORS_TAB, dock.sectors, "sectors")):
        controls.tabs.setCurrentIndex(tab)
        app.processEvents()
        times = []
        for _ in range(args.repeats):
            began = time.perf_counter()
            model.rerank()
            dock.grab()
            times.append(time.perf_counter() - began)
        out[f"{name}_to_screen_ms"] = percentiles(times)
    history.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

"""market_bench's memory part (`market_bench.py --figures` runs it in a child process with
FLOWDECK_HOME in a temp folder): prints one JSON line.

The window as `flowdeck` runs it on the simulator (the default watchlist), its first
rows in; then View > Market and the market combo through HK, US, SH, SZ and A, each
shown until its whole table is ranked (all four universes built, ~11,700 codes), and a
few seconds of live tables on each.
- rss_over_empty_mb: the process's RSS then, less its RSS before View > Market (the
  same window with the view never opened). Goal: <= 150.
- rss_mb: both readings; tables: whole-market tables the dock took.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

import qasync  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from tests.support.rss import current_mb  # noqa: E402

from flowdeck.ui.shell.app import make_app  # noqa: E402
from flowdeck.ui.shell.open_window import open_window  # noqa: E402

MARKETS = ("HK", "US", "SH", "SZ", "A")
SECONDS_EACH = 3.0


async def until(predicate, cap: float) -> None:
    end = time.monotonic() + cap
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("market_rss: timed out")
        await asyncio.sleep(0.05)


async def measure() -> dict:
    window = open_window(None, "sim")
    window.show()
    window.start()
    await until(lambda: window.model.rowCount() > 0 and len(window.store.quotes) > 0, 60)
    await asyncio.sleep(SECONDS_EACH)
    empty = current_mb()
    dock = window.market.dock
    window.findChild(QAction, "marketAction").trigger()
    for market in MARKETS:
        combo = dock.controls.market
        combo.setCurrentIndex(combo.findData(market))
        await until(lambda m=market: dock.source.rows.whole and dock.source.rows.key == m
                    and dock.stocks.rowCount() > 0, 60)
        await asyncio.sleep(SECONDS_EACH)
    shown = current_mb()
    tables = window.market.tables.tables
    await window.shutdown()
    return {"rss_over_empty_mb": round(shown - empty, 1),
            "rss_mb": {"empty": round(empty, 1), "market_view": round(shown, 1)},
            "tables": tables}


def main() -> None:
    if not os.environ.get("FLOWDECK_HOME"):
        raise SystemExit("set FLOWDECK_HOME (market_bench.py --figures does)")
    make_app([])
    print(json.dumps({"bench": "market_rss", **qasync.run(measure())}))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown


if __name__ == "__main__":
    main()

"""East Money's market lists and past days (issue 23, E2): prints one JSON line.

    PYTHONPATH=gui:. python tests/bench/eastmoney_market_bench.py [--codes 5400]

On a virtual clock (tests/support/clock.py) through the source's one RequestBudget at
its default rate (1 request a second), against the fake's pure answers
(tests/support/fake_eastmoney/): nothing waits real time, the figures are what the
budget allows.
- top_requests / top_s: the first table's top and bottom 100 of a field (2 requests).
- full_requests / full_s: the whole A-share pass after it, `--codes` codes (East Money
  lists ~5,400), pages of 100.
- backfill_requests / backfill_s: 20 codes x 100 days (the calendar + 1 a code).
- backfill_http_s: the same over loopback HTTP against the fake server at rate=20 (the
  client's own cost: parse, archive in memory), wall seconds.
- table_sort_ms: the first table of a market choice (every code sorted), once;
  table_page_ms: a table after a top pass came (200 rows written into copies), median
  of 20; table_age_ms: a table a second later with no row new (new ages only). The
  view asks 4 times a second, on the GUI thread.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]  # run as README says, from any folder

from tests.support.clock import VirtualClock  # noqa: E402
from tests.support.day_sink import RecordingDays  # noqa: E402
from tests.support.fake_eastmoney.board_list import FakeBoards  # noqa: E402
from tests.support.fake_eastmoney.day_klines import FakeDays, weekdays  # noqa: E402
from tests.support.fake_eastmoney.server import FakeEastMoney  # noqa: E402

from flowdeck.feeds.eastmoney.budget import IDLE, RequestBudget  # noqa: E402
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH, EastMoneyPastDays  # noqa: E402
from flowdeck.feeds.eastmoney.market import EastMoneyMarket  # noqa: E402
from flowdeck.feeds.registry import open_feed  # noqa: E402
from flowdeck.live.backfill import Backfill  # noqa: E402

TODAY = dt.date(2026, 12, 4)
DAYS = weekdays(TODAY - dt.timedelta(days=1), 100)
CODES = [f"SH.6000{i:02d}" for i in range(10)] + [f"SZ.0000{i:02d}" for i in range(10)]


def budgeted(clock: VirtualClock, answer):
    budget = RequestBudget(1.0, clock, clock.sleep)

    async def get(path, params):
        await budget.take(IDLE)
        return answer(params)
    return get


async def until(clock: VirtualClock, done) -> float:
    start = clock.now
    while not done():
        await clock.advance(0.25)
    return round(clock.now - start, 2)


async def market_figures(codes: int) -> dict:
    clock = VirtualClock()
    boards = FakeBoards(codes)
    fids: list[str] = []

    def answer(params):
        fids.append(params["fid"])
        return boards.answer(params)

    market = EastMoneyMarket(budgeted(clock, answer), clock=clock)
    asking = asyncio.ensure_future(market.market_table("A"))
    top_s = await until(clock, asking.done)
    full_s = await until(clock, lambda: not market.passing)
    start = time.perf_counter()
    await market.market_table("SH")
    sort_ms = (time.perf_counter() - start) * 1e3
    page, age = [], []
    for _ in range(20):
        clock.now += market.top_every
        await market.market_table("A")
        await until(clock, lambda: not market.passing)
        start = time.perf_counter()
        table = await market.market_table("A")
        page.append((time.perf_counter() - start) * 1e3)
        clock.now += 1.0
        start = time.perf_counter()
        await market.market_table("A")
        age.append((time.perf_counter() - start) * 1e3)
    await market.aclose()
    return {"codes": len(table.codes), "top_requests": fids[:3].count("f62"),
            "top_s": top_s, "full_requests": fids.count("f12"), "full_s": full_s,
            "table_sort_ms": round(sort_ms, 2),
            "table_page_ms": round(statistics.median(page), 3),
            "table_age_ms": round(statistics.median(age), 3)}


async def backfill_figures() -> dict:
    clock = VirtualClock()
    days = FakeDays([*DAYS, TODAY])
    past = EastMoneyPastDays(budgeted(clock, days.answer), today=lambda: TODAY)
    run = asyncio.ensure_future(Backfill(past, RecordingDays(), CODES, 100).run())
    backfill_s = await until(clock, run.done)
    saved = run.result().saved
    async with FakeEastMoney() as fake:
        fake.route(DAYKLINE_PATH, days.answer)
        feed = open_feed(fake.source + "&rate=20")
        try:
            start = time.perf_counter()
            done = await Backfill(feed.past_days(), RecordingDays(), CODES, 100).run()
            http_s = time.perf_counter() - start
        finally:
            await feed.aclose()
    return {"backfill_saved": saved, "backfill_requests": past.requests,
            "backfill_s": backfill_s, "backfill_http_saved": done.saved,
            "backfill_http_s": round(http_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=5400)
    args = parser.parse_args()
    out = {"bench": "eastmoney_market", "rate": 1.0}
    out.update(asyncio.run(market_figures(args.codes)))
    out.update(asyncio.run(backfill_figures()))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

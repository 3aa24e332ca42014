"""The simulator's past trading days, for the backfill (core/past_days.py).

A past day is the live simulator's day: the same synthetic stock (`sim_stock(code,
seed)`) and tape (`DayTape(stock, day, seed)`), so the same day twice gives the same
numbers and another seed other numbers. Its trades go through a scratch FlowEngine in
one call per code: bit for bit what the live SimMarket shows at that day's close for a
code it added after the close (its day so far in one call, SimMarket.ensure). A code it
followed during the day went in cells of `step` seconds, and the engine sums a call's
trades before adding them to its totals: the same at a step of 60 s (speed >= 120, a
minute's trades are summed alike), else equal up to the last bits of the sums.

The work runs in worker threads, a part (a market's day for up to GROUP codes) each,
WORKERS parts at a time: numpy releases the GIL for most of a tape's generation. A
part costs ~15 ms a code for the busiest stocks (the default watchlist: ~75,000 trades
a day each) and well under 1 ms for a typical one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable, Mapping, Sequence

import numpy as np

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.engine import FlowEngine
from ...core.markets import market_of
from ...core.past_days import PastDaysPart, engine_day_flow, minute_series, weekdays_before
from .clock import start_local_time
from .stocks import sim_stock
from .tape import day_tape

GROUP = 8     # codes of one market-day per part: progress and cancellation granularity
WORKERS = 2   # parts computed at once


def sim_day_flows(codes: Sequence[str], day: dt.date, seed: int) -> list[DayFlow]:
    """The complete day of each of `codes` (normalised, all of one market) on `day`,
    one DayFlow each, in the order given. Synchronous: the worker's job."""
    stocks = [sim_stock(c, seed) for c in codes]
    markets = {s.market for s in stocks}
    if len(markets) > 1:
        raise ValueError(f"sim_day_flows: codes of one market only, got {sorted(markets)}")
    engine = FlowEngine(mode="fixed")
    symbols = engine.add_symbols([s.market for s in stocks])
    out: list[DayFlow] = []
    # A code at a time: a busy stock's day is ~3 MB of trades, held only while counted.
    for stock, i in zip(stocks, symbols.tolist(), strict=True):
        trades = day_tape(stock, day, seed)
        points = engine.process(np.full(len(trades), i, np.intp), trades.times, trades.price,
                                trades.quantity, trades.bid, trades.ask)
        close = float(trades.price[-1]) if len(trades) else None
        minutes = minute_series(stock.market, points.minutes, points.cum_net)
        out.append(engine_day_flow(engine, i, stock.code, day, minutes, close))
    return out


class SimPastDays:
    """The simulator with `seed` as a backfill source. `now` (UTC, aware) says which
    day the live simulator runs in each market: the past days are the weekdays before
    it."""

    def __init__(self, seed: int = 0, now: Callable[[], dt.datetime] | None = None,
                 group: int = GROUP, workers: int = WORKERS) -> None:
        self.seed = int(seed)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.group = max(1, int(group))
        self.workers = max(1, int(workers))

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        # Before the live simulator's day, which is the day its clock starts in (on a
        # weekend or before the open, the last weekday): that day is live, not past.
        return weekdays_before(start_local_time(market, self._now()).date(), count)

    async def past_days(self, wanted: Mapping[str, Sequence[dt.date]]
                        ) -> AsyncIterator[PastDaysPart]:
        """Newest day first (the days a trader reads first are there first if the
        backfill is stopped), market by market, GROUP codes a part; parts come in order
        however many are computed at once."""
        jobs = _jobs(wanted, self.group)
        running: list[tuple[list[str], dt.date, asyncio.Future[list[DayFlow]]]] = []
        try:
            while jobs or running:
                while jobs and len(running) < self.workers:
                    codes, day = jobs.pop(0)
                    running.append((codes, day, asyncio.ensure_future(
                        asyncio.to_thread(sim_day_flows, codes, day, self.seed))))
                codes, day, future = running.pop(0)
                days = await future
                yield PastDaysPart([(c, day) for c in codes], days)
        finally:
            for _, _, future in running:  # stopped early: results nobody will read
                future.cancel()


def _jobs(wanted: Mapping[str, Sequence[dt.date]], group: int
          ) -> list[tuple[list[str], dt.date]]:
    by_day: dict[tuple[dt.date, int], list[str]] = {}
    order = list(Market)
    for code, days in wanted.items():
        position = order.index(market_of(code))
        for day in dict.fromkeys(days):
            by_day.setdefault((day, position), []).append(code)
    jobs = []
    for (day, _), codes in sorted(by_day.items(), key=lambda kv: (-kv[0][0].toordinal(),
                                                                   kv[0][1])):
        jobs += [(codes[lo:lo + group], day) for lo in range(0, len(codes), group)]
    return jobs

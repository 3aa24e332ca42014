"""The simulator's past trading days, for the backfill (core/past_days.py).

A past day is generated whole, per minute, by past_tape.py: the live simulator's stock
(`sim_stock(code, seed)`), its day's parameters and its model, but not its trade-by-
trade draws (those cost ~0.3 us a trade: the default watchlist's ~1.5 M trades a day
made 30-48 code-days a second here; per-minute sums take ~2 ms a busy code-day, the
backfill bench's 20 busy codes ~300-400 code-days a second). So the same
day twice gives the same numbers and another seed other numbers, with the live day's
character (tiers' shares, sessions and lunch breaks, price walk), and a day the live
simulator ran keeps its own numbers: the window archives them at its close and the
backfill asks only for the days not archived.

The work runs in worker threads, a part (a market's day for up to GROUP codes) each,
WORKERS parts at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable, Mapping, Sequence

import numpy as np

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.markets import format_local_seconds, market_of
from ...core.past_days import PastDaysPart, weekdays_before
from .clock import start_local_time
from .past_tape import PastMinutes, past_minutes
from .stocks import SimStock, sim_stock

GROUP = 8     # codes of one market-day per part: progress and cancellation granularity
WORKERS = 2   # parts computed at once


def sim_day_flows(codes: Sequence[str], day: dt.date, seed: int) -> list[DayFlow]:
    """The complete day of each of `codes` (normalised, all of one market) on `day`,
    one DayFlow each, in the order given. Synchronous: the worker's job."""
    stocks = [sim_stock(c, seed) for c in codes]
    markets = {s.market for s in stocks}
    if len(markets) > 1:
        raise ValueError(f"sim_day_flows: codes of one market only, got {sorted(markets)}")
    return [_day_flow(stock, day, past_minutes(stock, day, seed)) for stock in stocks]


def _day_flow(stock: SimStock, day: dt.date, past: PastMinutes) -> DayFlow:
    cum_buy, cum_sell = np.cumsum(past.buy, axis=0), np.cumsum(past.sell, axis=0)
    # The last minute is the day's nets exactly: inflow - outflow, as a record says it.
    minutes = cum_buy - cum_sell
    minutes[:past.first if past.first >= 0 else len(minutes)] = np.nan
    inflow, outflow = cum_buy[-1].tolist(), cum_sell[-1].tolist()
    return DayFlow(
        code=stock.code, day=day,
        net=tuple(b - s for b, s in zip(inflow, outflow, strict=True)),  # type: ignore[arg-type]
        turnover=float(past.buy.sum() + past.sell.sum() + past.neutral.sum()),
        inflow=tuple(inflow), outflow=tuple(outflow),  # type: ignore[arg-type]
        close=past.close, complete=True,
        update_time=format_local_seconds(past.last_time) if past.last_time >= 0 else "",
        minutes=minutes)


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

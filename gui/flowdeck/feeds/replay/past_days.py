"""Every day of a replay file, for the backfill (core/past_days.py).

A day of the file is what the live replay (replay/market.py) shows at that day's end
when it runs as fast as it goes (`speed=max`): the file is read in the same chunks and
its trades go through one FlowEngine in the same calls (the trades at the first trade's
instant, then one call per minute of trading within a chunk), so the numbers are the
same bit for bit. A market's day ends at its first trade of a later date, or at the end
of the file, which is the end of the day for the live replay too: every day is
complete. A code is archived for the days it traded; a day of the file without its
trades, or a code not in the file, is settled without a row.

The file is read in one worker thread (one pass for the dates, one for the days),
never on the caller's; memory is a chunk of trades and a market's day of points.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.engine import FlowEngine
from ...core.markets import MARKET_ORDER, market_of
from ...core.past_days import CodeDay, PastDaysPart, engine_day_flow, minute_series
from .time_column import NS
from .trades_csv import CHUNK_BYTES, TradeReader

DAY_S = 86400
MINUTE_NS = 60 * NS
_EPOCH = dt.date(1970, 1, 1).toordinal()
MarketDay = tuple[Market, dt.date]


def _date(day_number: int) -> dt.date:
    return dt.date.fromordinal(_EPOCH + day_number)


def file_dates(path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> dict[Market, list[dt.date]]:
    """The dates each market of the file has trades on, ascending."""
    reader = TradeReader(path, chunk_bytes=chunk_bytes)
    seen: set[tuple[int, int]] = set()
    market_pos = np.zeros(0, np.int64)
    for chunk in reader:
        if len(market_pos) < len(reader.codes):
            market_pos = np.asarray([MARKET_ORDER.index(market_of(c)) for c in reader.codes])
        key = np.unique(market_pos[chunk.symbols] * 1_000_000 + chunk.ns // (DAY_S * NS))
        seen.update(divmod(int(k), 1_000_000) for k in key.tolist())
    out: dict[Market, list[dt.date]] = {}
    for pos, day in sorted(seen):
        out.setdefault(MARKET_ORDER[pos], []).append(_date(day))
    return out


def file_days(path: str | Path, wanted: Mapping[str, Sequence[dt.date]] | None = None,
              chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[MarketDay, list[DayFlow]]]:
    """Each market's day of the file as it ends, with the DayFlows of its codes that
    traded that day (only the `wanted` code-days when given)."""
    return _FileDays(path, wanted, chunk_bytes).run()


class _FileDays:
    def __init__(self, path: str | Path, wanted: Mapping[str, Sequence[dt.date]] | None,
                 chunk_bytes: int) -> None:
        self.reader = TradeReader(path, chunk_bytes=chunk_bytes)
        self.wanted = None if wanted is None else {c: set(d) for c, d in wanted.items()}
        self.engine = FlowEngine(mode="fixed")
        self.markets: list[Market] = []                 # per symbol
        self.close = np.zeros(0)                        # per symbol: its day's last price
        self.day: dict[Market, int] = {}               # the day each market is on
        self.points: dict[Market, list[tuple[np.ndarray, ...]]] = {}

    def run(self) -> Iterator[tuple[MarketDay, list[DayFlow]]]:
        first_ns: int | None = None
        for chunk in self.reader:
            self._grow()
            if first_ns is None:
                first_ns = int(chunk.ns[0])
            # The live replay's calls: its clock starts at the first trade (one call for
            # the trades at that instant), then steps a minute of trading at a time.
            key = np.where(chunk.ns <= first_ns, -1, chunk.ns // MINUTE_NS)
            cuts = (np.flatnonzero(np.diff(key)) + 1).tolist()
            for lo, hi in zip([0, *cuts], [*cuts, len(chunk)], strict=True):
                symbols = chunk.symbols[lo:hi]
                seconds = chunk.ns[lo:hi] // NS
                day = int(seconds[0]) // DAY_S  # a piece is within one minute
                for pos in np.unique(self.engine.market_index[symbols]).tolist():
                    market = MARKET_ORDER[pos]
                    if self.day.setdefault(market, day) < day:
                        yield from self._end_day(market)
                        self.day[market] = day
                self._count(symbols, seconds, chunk.price[lo:hi], chunk.quantity[lo:hi],
                            chunk.bid[lo:hi], chunk.ask[lo:hi])
        for market in [m for m in MARKET_ORDER if m in self.day]:
            yield from self._end_day(market)

    def _grow(self) -> None:
        if len(self.reader.codes) > len(self.markets):  # codes met in the last chunk
            new = list(self.reader.codes)[len(self.markets):]
            markets = [market_of(c) for c in new]
            self.engine.add_symbols(markets)
            self.markets += markets
            self.close = np.concatenate([self.close, np.full(len(new), np.nan)])

    def _count(self, symbols: np.ndarray, seconds: np.ndarray, price: np.ndarray,
               quantity: np.ndarray, bid: np.ndarray, ask: np.ndarray) -> None:
        points = self.engine.process(symbols, seconds, price, quantity, bid, ask)
        # Each symbol's last price of the piece: its first in reversed order.
        rev = symbols[::-1]
        which, first = np.unique(rev, return_index=True)
        self.close[which] = price[::-1][first]
        at = self.engine.market_index[points.symbols]
        for pos in np.unique(at).tolist():
            mine = at == pos
            self.points.setdefault(MARKET_ORDER[pos], []).append(
                (points.symbols[mine], points.minutes[mine], points.cum_net[mine]))

    def _end_day(self, market: Market) -> Iterator[tuple[MarketDay, list[DayFlow]]]:
        day = _date(self.day[market])
        members = np.asarray([i for i, m in enumerate(self.markets) if m is market], np.intp)
        codes = list(self.reader.codes)
        traded = members[self.engine.trades[members] > 0].tolist()
        if self.wanted is not None:
            traded = [i for i in traded if day in self.wanted.get(codes[i], ())]
        parts = self.points.pop(market, [])
        flows: list[DayFlow] = []
        if traded:
            sym, minute, cum = (np.concatenate(c) for c in zip(*parts, strict=True))
            order = np.argsort(sym, kind="stable")  # each symbol's points in call order
            sym, minute, cum = sym[order], minute[order], cum[order]
            bounds = np.searchsorted(sym, [traded, np.add(traded, 1)])
            for i, lo, hi in zip(traded, *bounds.tolist(), strict=True):
                series = minute_series(market, minute[lo:hi], cum[lo:hi])
                flows.append(engine_day_flow(self.engine, i, codes[i], day, series,
                                             float(self.close[i])))
        self.engine.reset(members)
        self.close[members] = np.nan
        yield (market, day), flows


class ReplayPastDays:
    """A replay file as a backfill source: its days are the data's own dates."""

    def __init__(self, path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.path = Path(path)
        self.chunk_bytes = chunk_bytes
        self._dates: dict[Market, list[dt.date]] | None = None

    async def trading_days(self, market: Market, count: int) -> list[dt.date]:
        """The file's last `count` dates of `market` (its days are all in the past)."""
        if self._dates is None:
            self._dates = await asyncio.to_thread(file_dates, self.path, self.chunk_bytes)
        days = self._dates.get(market, [])
        return days[-count:] if count > 0 else []

    async def past_days(self, wanted: Mapping[str, Sequence[dt.date]]
                        ) -> AsyncIterator[PastDaysPart]:
        """A part per market-day of the file as the reading reaches its end, then one
        settling what the file does not have."""
        asked: dict[MarketDay, list[CodeDay]] = {}
        for code, days in wanted.items():
            for day in dict.fromkeys(days):
                asked.setdefault((market_of(code), day), []).append((code, day))
        days_of = file_days(self.path, wanted, self.chunk_bytes)
        # One thread steps the reading and closes it: a generator cannot be closed
        # while another thread runs it.
        worker = concurrent.futures.ThreadPoolExecutor(1, "replay-past-days")
        loop = asyncio.get_running_loop()
        try:
            while (got := await loop.run_in_executor(worker, next, days_of, None)) is not None:
                key, flows = got
                settled = asked.pop(key, [])
                if settled:
                    yield PastDaysPart(settled, flows)
            rest = [pair for pairs in asked.values() for pair in pairs]
            if rest:
                yield PastDaysPart(rest)
        finally:
            worker.submit(days_of.close)
            worker.shutdown(wait=False)

"""The replayed market without asyncio: a file's trades revealed up to a virtual time,
run through one FlowEngine (fixed thresholds, as the simulator), and batches built from
what changed. ReplayFeed (replay/feed.py) paces it; tests drive it directly:

    market = ReplayMarket("day.csv")
    while not market.finished:
        market.step()
    batch = market.snapshot_batch(["HK.00700"])

Two passes over the file: `scan` reads it once at open to learn its codes (a code not in
the file is a per-code error from the first batch on, not a silent row of zeros), its
span and its bad lines; then a second reader streams it again as the clock advances.
Only one chunk of trades is ever held (the part of it the clock has not reached), so
memory does not grow with the file.

The virtual clock is one exchange-local time for every market (the file is sorted by
its local times as written): trades at or before it are counted. A new date in a
market's trades starts that market's day over (engine reset, the next batch of each
consumer a snapshot), as the simulator does at a new trading day. Change tracking is the
simulator's: a generation number per advance, stamped on what it wrote; so are the big
trades (feeds/big_trade_log.py), with the file's times to the millisecond it gives.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...core.batch import Batch, MarketStatus
from ...core.big_trade_thresholds import TapeSettings
from ...core.codes import Market
from ...core.engine import FlowEngine
from ...core.markets import (
    MARKET_ORDER,
    MarketState,
    format_local_seconds,
    from_local_seconds,
    market_of,
    market_state,
)
from ...core.stock_info import Quote
from ..big_trade_log import BigTradeLog
from ..engine_batch import engine_batch
from ..minute_points import DayPoints
from .time_column import NS
from .trades_csv import CHUNK_BYTES, BadLines, TradeChunk, TradeReader, format_ns

log = logging.getLogger("flowdeck.replay")

DAY_NS = 86400 * NS
MINUTE_NS = 60 * NS


@dataclass(frozen=True, slots=True)
class FileIndex:
    """What the first pass learnt about a file."""
    codes: dict[str, int]   # normalised code -> engine symbol, in order of appearance
    trades: dict[str, int]  # valid trades per code (0 for a code seen on bad lines only)
    rows: int               # valid trades
    lines: int
    first_ns: int | None    # the first valid trade's time (None: no valid trade)
    last_ns: int | None
    bad: BadLines


def scan(path: str | Path, chunk_bytes: int = CHUNK_BYTES) -> FileIndex:
    reader = TradeReader(path, chunk_bytes=chunk_bytes)
    first = None
    counts = np.zeros(0, np.int64)
    for chunk in reader:
        if first is None:
            first = int(chunk.ns[0])
        got = np.bincount(chunk.symbols, minlength=len(reader.codes))
        got[: len(counts)] += counts
        counts = got
    counts = np.pad(counts, (0, len(reader.codes) - len(counts)))
    trades = dict(zip(reader.codes, counts.tolist(), strict=True))
    return FileIndex(reader.codes, trades, reader.rows, reader.lines, first, reader.last_ns,
                     reader.bad)


class ReplayMarket:
    """A file replayed up to a virtual time. `start_s`: the clock's start as seconds
    into the first trade's day (None: at the first trade). Not thread-safe: one caller
    at a time (ReplayFeed serialises with a lock)."""

    def __init__(self, path: str | Path, start_s: int | None = None,
                 chunk_bytes: int = CHUNK_BYTES,
                 prev_close: Mapping[str, float] | None = None,
                 tape: TapeSettings | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.index = scan(self.path, chunk_bytes)
        self.codes = list(self.index.codes)
        self.engine = FlowEngine(mode="fixed")
        markets = [market_of(c) for c in self.codes]
        if markets:
            self.engine.add_symbols(markets)
        self._points = DayPoints()
        self._points.add(self.engine.market_index)
        self._members = {m: np.asarray([i for i, x in enumerate(markets) if x is m], np.intp)
                         for m in Market}
        self._stamp = np.zeros(len(self.codes), np.int64)
        # Per code, its last trade's price today and the previous day's close (from the
        # file, or for its first day names.csv's prev_close; NaN: none): the quotes.
        self._last = np.full(len(self.codes), np.nan)
        self._prev_close = np.array([(prev_close or {}).get(c, np.nan) for c in self.codes])
        self._day: dict[Market, int] = {}  # local day number of each market's trades
        self.generation = 1  # 0 means "never"
        self.big = BigTradeLog(tape)  # the big trades: the day's kept, the last generations'
        self._reset_generation = {m: 0 for m in Market}
        self._snapshot_generation: dict[str, int] = {}
        self._second = TradeReader(self.path, dict(self.index.codes), frozen=True,
                                   chunk_bytes=chunk_bytes)
        self._reader = iter(self._second)  # a generator: opens the file at the first chunk
        self._pending: TradeChunk | None = None
        self._eof = False
        self.finished = False
        self.finish_generation = 0
        self.revealed = 0  # trades counted so far
        first = self.index.first_ns
        self.start_ns: int | None = None
        if first is not None:
            self.start_ns = first if start_s is None else first // DAY_NS * DAY_NS + start_s * NS
        self.now_ns = self.start_ns
        self._log_index()
        if self.start_ns is None:
            self._finish()
        else:
            self.advance_to(self.start_ns)

    def _log_index(self) -> None:
        index = self.index
        if index.first_ns is None:
            log.warning("replay %s: no valid trades (%d lines)", self.path, index.lines)
        else:
            traded = sum(1 for n in index.trades.values() if n)
            log.info("replay %s: %d trades of %d codes from %s to %s", self.path, index.rows,
                     traded, format_ns(index.first_ns), format_ns(index.last_ns or 0))
        if index.bad.total:
            log.warning("replay: %s", index.bad.summary(str(self.path)))

    # --- time --------------------------------------------------------------------------

    def advance_to(self, until_ns: int) -> None:
        """Move the clock to `until_ns` (never back) and count every trade up to it."""
        if self.finished:
            return
        self.generation += 1
        until_ns = max(int(until_ns), self.now_ns or until_ns)
        self.now_ns = until_ns
        while True:
            chunk = self._pending if self._pending is not None else self._read()
            if chunk is None:
                break
            stop = int(np.searchsorted(chunk.ns, until_ns, side="right"))
            if stop:
                self._count(chunk.slice(0, stop))
            if stop < len(chunk):
                self._pending = chunk.slice(stop, len(chunk))
                break
            self._pending = None
        if self._eof and self._pending is None:
            self._finish()

    def step(self) -> None:
        """As fast as possible: on to the end of the minute of the next trade (a batch
        a minute of trading; gaps without trades take no time)."""
        chunk = self._pending if self._pending is not None else self._read()
        self._pending = chunk
        if chunk is None:
            self.advance_to(self.now_ns or 0)  # the end: says so
            return
        next_ns = int(chunk.ns[0])
        self.advance_to(next_ns // MINUTE_NS * MINUTE_NS + MINUTE_NS - 1)

    def close(self) -> None:
        """Close the file the second pass reads (it stays open while the clock runs); the
        replay stops where it is."""
        self._reader.close()
        self._eof = self.finished = True

    def _read(self) -> TradeChunk | None:
        if self._eof:
            return None
        chunk = next(self._reader, None)
        self._eof = chunk is None
        return chunk

    def _finish(self) -> None:
        self.finished = True
        self.finish_generation = self.generation
        if self.index.last_ns is not None:
            self.now_ns = max(self.now_ns or 0, self.index.last_ns)
            log.info("replay %s: the file ends at %s after %d trades; the day is over",
                     self.path, format_ns(self.now_ns), self.revealed)
        if self._eof and self.revealed != self.index.rows:
            # The second pass saw another file than the first (its own bad lines are
            # not reported again: they are the first pass's when the file is unchanged).
            log.warning("replay %s: the file changed while it was replayed (%d trades when "
                        "opened, %d replayed; %s)", self.path, self.index.rows, self.revealed,
                        self._second.bad.summary(self.name) or "no bad lines")

    def _count(self, chunk: TradeChunk) -> None:
        """Trades in time order through the engine, a market's day starting over at its
        first trade of a new date."""
        seconds = chunk.ns // NS
        days = seconds // 86400
        cuts = (np.flatnonzero(np.diff(days)) + 1).tolist()
        for lo, hi in zip([0, *cuts], [*cuts, len(chunk)], strict=True):
            day = int(days[lo])
            symbols = chunk.symbols[lo:hi]
            for pos in np.unique(self.engine.market_index[symbols]).tolist():
                market = MARKET_ORDER[pos]
                if self._day.setdefault(market, day) < day:
                    self._start_day(market, day)
            points = self.engine.process(symbols, seconds[lo:hi], chunk.price[lo:hi],
                                         chunk.quantity[lo:hi], chunk.bid[lo:hi],
                                         chunk.ask[lo:hi],
                                         self.big.limits(self.engine, self.index.codes))
            self.big.add(self.generation, self.codes, symbols, chunk.ns[lo:hi] / NS,
                         chunk.price[lo:hi], chunk.quantity[lo:hi], points.big)
            self._points.store(points.symbols, points.minutes, points.with_prices(),
                               self.generation)
            self._stamp[symbols] = self.generation
            # Each symbol's latest price in the slice (trades are in time order).
            latest, at = np.unique(symbols[::-1], return_index=True)
            self._last[latest] = chunk.price[lo:hi][::-1][at]
        self.revealed += len(chunk)

    def _start_day(self, market: Market, day: int) -> None:
        self._day[market] = day
        self._reset_generation[market] = self.generation
        members = self._members[market]
        self.engine.reset(members)
        self.big.clear([self.codes[i] for i in members.tolist()])
        # A code that did not trade keeps the close it had (names.csv's, or older).
        last = self._last[members]
        self._prev_close[members] = np.where(np.isnan(last), self._prev_close[members], last)
        self._last[members] = np.nan
        self._points.clear(members)
        self._stamp[members] = self.generation

    # --- batches -----------------------------------------------------------------------

    def members(self, market: Market) -> np.ndarray:
        """The engine symbols (file positions) of the file's codes of `market`."""
        return self._members[market]

    def prices(self, symbols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Copies of `symbols`' last trade prices today and previous closes (NaN none)."""
        return self._last[symbols].copy(), self._prev_close[symbols].copy()

    def market_status(self, market: Market) -> MarketStatus:
        if self.now_ns is None:
            return MarketStatus(MarketState.CLOSED, "")
        seconds = self.now_ns // NS
        # After the file's last trade the day is over, whatever the clock says.
        state = (MarketState.CLOSED if self.finished
                 else market_state(market, from_local_seconds(seconds)))
        return MarketStatus(state, format_local_seconds(seconds))

    def snapshot_batch(self, codes: list[str]) -> Batch:
        """The day so far of `codes` (normalised) at the current virtual time."""
        for code in codes:
            self._snapshot_generation[code] = self.generation
        return self.batch(codes, since=0)

    def batch(self, codes: list[str], since: int = 0) -> Batch:
        """Records, details and minute points of `codes` stamped after generation `since`
        (0: everything, a snapshot, which also names the codes the file lacks), with
        the status of their markets. The same shape as SimMarket's batches."""
        codes = sorted(dict.fromkeys(codes))
        known = [c for c in codes if self.index.trades.get(c)]
        idx = np.asarray([self.index.codes[c] for c in known], np.intp)
        snapshot = since == 0
        changed = idx if snapshot else idx[self._stamp[idx] > since]
        chosen = [self.codes[i] for i in changed.tolist()]
        batch = engine_batch(self.engine, chosen, changed, self._points.since(changed, since),
                             snapshot)
        last, prev = self._last[changed].tolist(), self._prev_close[changed].tolist()
        batch.quotes = {c: Quote(c, p, None if math.isnan(y) else y,
                                 batch.records[c].update_time)
                        for c, p, y in zip(chosen, last, prev, strict=True)}
        batch.trades = self.big.since(known, idx, since)
        if snapshot:
            for code in codes:
                if not self.index.trades.get(code):  # also a code on bad lines only
                    batch.errors[code] = (1016, f"no trades for {code} in {self.name}")
        markets = {market_of(c) for c in codes}
        for market in MARKET_ORDER:
            if market in markets:
                batch.markets[market.value] = self.market_status(market)
        return batch

    def cursor(self, codes: list[str]) -> ReplayCursor:
        return ReplayCursor(self, codes)


class ReplayCursor:
    """One consumer's view: each `next_batch()` holds what changed for its codes since
    the previous one; a full snapshot first (without an earlier snapshot of its codes)
    and after a new day in one of its markets. `at_end`: the file is done and this
    consumer has had the last batch."""

    def __init__(self, market: ReplayMarket, codes: list[str]) -> None:
        self.codes = list(dict.fromkeys(codes))
        self._market = market
        self._markets = {market_of(c) for c in self.codes}
        self._since = min((market._snapshot_generation.get(c, 0) for c in self.codes),
                          default=0)

    @property
    def at_end(self) -> bool:
        market = self._market
        return market.finished and self._since >= market.finish_generation

    def next_batch(self) -> Batch:
        market = self._market
        since = self._since
        if since and any(market._reset_generation[m] > since for m in self._markets):
            since = 0
        self._since = market.generation
        return market.batch(self.codes, since)

"""The simulated market without asyncio: tapes revealed by the virtual clocks, run
through one FlowEngine, and batches built from what changed.

SimFeed (sim/feed.py) wraps it for asyncio; the CLI can drive it directly:

    sim = SimMarket(seed=7)
    batch = sim.snapshot_batch(["HK.00700", "US.AAPL"])

Trades reach the engine in fixed cells of `step` virtual seconds (a divisor of a
minute): a cell is processed once it has fully elapsed, in one engine call of its own.
The engine sums a call's trades before adding them to its totals, so how trades are
grouped into calls changes the last bits of the sums; with fixed cells the records at a
virtual time are bit-identical however the wall clock sliced the batches. The price is a
lag of at most one cell behind the clock (the step grows with the speed, so it stays
about a batch interval of wall time).

What changed is tracked with a generation number: each `advance()` starts a new
generation and stamps every record and minute point it writes with it, so any number of
consumers (UpdateCursor) can each ask for "what is newer than what I was given".

Minute points: only the last few minutes of each code are kept (minute_points.RecentPoints:
16, more above speed 480, see points_window). A snapshot needs the whole day: a new
code's first snapshot takes the points its reveal produced (held until then, unless the
ring let go of newer ones meanwhile); any other whole day is rebuilt by running the
code's tape again (sim/rebuild.py, bit for bit the same points): a code added near the
close ~3 ms, 200 such codes ~0.6 s; a code followed since the open at speed 1 ~40 ms.

Memory for 5,000 codes near the close: ~3 MB of recent points (a whole day: 54 MB),
~12 MB of trades generated ahead (sim/held.py: one pool, revealed for all codes in a
few numpy steps) and ~7 MB of Python objects. Batches carry their records in
columns too (`Batch.columns`), and each changed code's quote (sim/quotes.py).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence

import numpy as np

from ...core.codes import Market
from ...core.engine import FlowEngine, PointsOut
from ...core.markets import from_local_seconds
from ..base import Batch, MarketStatus
from ..big_trade_log import BigTradeLog
from ..engine_batch import engine_batch
from ..memory import return_freed_memory
from ..minute_points import RecentPoints
from .clock import VirtualClock, market_clocks, session_day
from .held import HeldTrades
from .quotes import QuoteBook
from .rebuild import rebuild_days
from .stocks import SimStock, sim_stock
from .tape import DayTape
from .trades import Trades

_STEPS = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)  # divisors of a minute
# New codes whose day so far goes to the engine in one call: their trades are held at
# once (16 near the close: ~4 MB; 128 made the first day of 5,000 codes peak 90 MB
# higher, for no time saved).
_REVEAL_GROUP = 16
_TRIM_AFTER = 128    # new codes after which freed memory is handed back to the system
# Minutes of points kept per code (minute_points.RecentPoints): consumers further behind
# than this get the codes' whole day again, rebuilt. At least 16, and at high speeds
# the virtual minutes of a few wall seconds (4 batches at the default interval).
POINTS_WINDOW = 16
_WINDOW_WALL_SECONDS = 2.0


def points_window(speed: float) -> int:
    """Minutes of points to keep per code at `speed` (at most the longest session)."""
    return min(390, max(POINTS_WINDOW, math.ceil(speed * _WINDOW_WALL_SECONDS / 60)))


def commit_step(speed: float) -> int:
    """Virtual seconds per engine cell at `speed`: about half a wall second of virtual
    time, so at the default batch interval there is about one cell per batch."""
    return max((s for s in _STEPS if s <= speed / 2), default=1)


class SimMarket:
    """Every code asked for, simulated up to the virtual time of its market's clock.

    Codes must be normalised (core.codes.normalise_code). Not thread-safe: one caller
    at a time (SimFeed serialises with a lock)."""

    def __init__(self, seed: int = 0, speed: float = 1.0, now: dt.datetime | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.seed = int(seed)
        self.step = commit_step(speed)
        self.clocks: dict[Market, VirtualClock] = market_clocks(speed, now, monotonic)
        self._monotonic = monotonic
        self.engine = FlowEngine(mode="fixed")
        self._wall = next(iter(self.clocks.values())).origin_wall
        self._codes: list[str] = []
        self._index: dict[str, int] = {}
        self._stocks: list[SimStock] = []
        self._tapes: list[DayTape] = []
        self._members: dict[Market, list[int]] = {m: [] for m in Market}
        self._day = {m: c.session_day(self._wall) for m, c in self.clocks.items()}
        # Per market, the end of the last cell given to the engine.
        self._committed = {m: self._cell_floor(c.local_seconds(self._wall))
                           for m, c in self.clocks.items()}
        # Generation 0 means "never"; stamps and `since` values count from 1.
        self.generation = 1
        self._reset_generation = {m: 0 for m in Market}
        self._snapshot_generation: dict[str, int] = {}
        self._held = HeldTrades()  # per symbol, the trades its tape made ahead
        self._record_stamp = np.zeros(0, np.int64)
        # Per symbol, the local second its day so far went to the engine in one call
        # (-inf when its day started with it): where a rebuild of its day splits.
        self._added_at = np.zeros(0)
        self._points = RecentPoints(points_window(speed))  # per symbol, its last minutes
        # Per new symbol until its first snapshot: (generation, minutes, cum) of the
        # points its day so far produced, so that snapshot needs no rebuild.
        self._fresh: dict[int, tuple[int, np.ndarray, np.ndarray]] = {}
        self._catch: list[PointsOut] | None = None  # collects a reveal's points
        self.quotes = QuoteBook(self.seed)  # per symbol, last price and previous close
        self.big = BigTradeLog()  # the big trades: the day's kept, the last generations'

    # --- codes -----------------------------------------------------------------------

    @property
    def codes(self) -> list[str]:
        return list(self._codes)

    def stock(self, code: str) -> SimStock:
        return self._stocks[self._index[code]]

    def tape(self, code: str) -> DayTape:
        return self._tapes[self._index[code]]

    def held(self, code: str) -> tuple[int, float, float]:
        """Trades `code`'s tape generated ahead of the clock (HeldTrades.window)."""
        return self._held.window(self._index[code])

    def ensure(self, codes: Sequence[str]) -> list[int]:
        """Engine indices of `codes`, adding new ones with their day so far revealed."""
        new = [c for c in dict.fromkeys(codes) if c not in self._index]
        if new:
            self.generation += 1
            stocks = [sim_stock(c, self.seed) for c in new]
            first = self.engine.add_symbols([s.market for s in stocks])
            self._points.add(len(first))
            self._grow(len(self._codes) + len(new))
            added: dict[Market, list[int]] = {}
            for code, stock, i in zip(new, stocks, first.tolist(), strict=True):
                self._index[code] = i
                self._codes.append(code)
                self._stocks.append(stock)
                self._tapes.append(DayTape(stock, self._day[stock.market], self.seed))
                self._added_at[i] = self._committed[stock.market]
                self._members[stock.market].append(i)
                added.setdefault(stock.market, []).append(i)
            self._held.start(first.tolist(), self._tapes[len(self._codes) - len(new):])
            self.quotes.start_day(first.tolist(), stocks, [self._day[s.market] for s in stocks])
            # The day so far of each new code in one call: the same for every run that
            # adds it at the same virtual time. The engine sums per symbol, so codes can
            # go in groups, which bounds the memory a long day of thousands takes.
            self._catch = []
            for market, members in added.items():
                for lo in range(0, len(members), _REVEAL_GROUP):
                    self._reveal(members[lo:lo + _REVEAL_GROUP], self._committed[market],
                                 split=False)
            self._keep_fresh(first, self._catch)
            self._catch = None
            if len(new) >= _TRIM_AFTER:
                return_freed_memory()
        return [self._index[c] for c in codes]

    def _grow(self, n: int) -> None:
        cap = len(self._record_stamp)
        if n <= cap:
            return
        cap = max(n, 2 * cap, 16)
        stamp = np.zeros(cap, np.int64)
        stamp[: len(self._record_stamp)] = self._record_stamp
        self._record_stamp = stamp
        added_at = np.full(cap, -np.inf)
        added_at[: len(self._added_at)] = self._added_at
        self._added_at = added_at

    def _keep_fresh(self, symbols: np.ndarray, parts: list[PointsOut]) -> None:
        """Hold the points the day so far of new `symbols` produced (one call each, so
        one point a minute) for their first snapshot."""
        parts = [PointsOut.empty(), *parts]
        sym = np.concatenate([p.symbols for p in parts]).astype(np.intp)
        order = np.argsort(sym, kind="stable")  # the reveal went market by market
        sym = sym[order]
        minutes = np.concatenate([p.minutes for p in parts])[order].astype(np.int16)
        cum = np.concatenate([p.with_prices() for p in parts])[order]
        bounds = [*np.searchsorted(sym, symbols).tolist(), len(sym)]
        for k, i in enumerate(symbols.tolist()):
            lo, hi = bounds[k], bounds[k + 1]
            self._fresh[i] = (self.generation, minutes[lo:hi], cum[lo:hi])

    # --- time --------------------------------------------------------------------------

    def advance(self, wall: float | None = None) -> None:
        """Bring every market up to its virtual time at the wall-clock reading `wall`
        (default: now). Readings earlier than the last one are taken as the last one."""
        wall = self._monotonic() if wall is None else float(wall)
        self._wall = max(wall, self._wall)
        self.generation += 1
        for market, clock in self.clocks.items():
            until = self._cell_floor(clock.local_seconds(self._wall))
            if until <= self._committed[market]:
                continue
            day = session_day(market, from_local_seconds(until))
            if day != self._day[market]:
                self._start_day(market, day)
            self._reveal(self._members[market], until, split=True)
            self._committed[market] = until
        if self._fresh:
            # Points the ring let go of since a reveal: its held day is no longer whole.
            lost = self._points.lost
            for i in [i for i, (gen, _, _) in self._fresh.items() if lost[i] > gen]:
                del self._fresh[i]

    def _cell_floor(self, local_seconds: float) -> int:
        return math.floor(local_seconds / self.step) * self.step

    def _start_day(self, market: Market, day: dt.date) -> None:
        self._day[market] = day
        self._reset_generation[market] = self.generation
        members = self._members[market]
        if members:
            self.engine.reset(np.asarray(members))
            self._points.clear(np.asarray(members))
            self._record_stamp[members] = self.generation
            self._added_at[members] = -np.inf  # the new day goes cell by cell from its start
            for i in members:
                self._fresh.pop(i, None)
        self.big.clear([self._codes[i] for i in members])
        for i in members:
            self._tapes[i] = DayTape(self._stocks[i], day, self.seed)
        self._held.start(members, [self._tapes[i] for i in members])
        self.quotes.start_day(members, [self._stocks[i] for i in members], [day] * len(members))

    def _reveal(self, members: list[int], until: int, split: bool) -> None:
        """Give the engine the trades of `members` before `until`: one call per cell
        when `split`, else one call."""
        # Most symbols have nothing due in a short step: skipped in one comparison.
        due = self._held.due(np.asarray(members, np.intp), until)
        if not len(due):
            return
        symbols, trades = self._held.reveal(due, until, self._tapes)
        if not len(trades):
            return
        touched = self.quotes.traded(symbols, trades.price)
        if split:
            cells = trades.times // self.step
            if cells.min() != cells.max():
                # Cell by cell; inside a cell still by symbol, then time (a stable sort).
                order = np.argsort(cells, kind="stable")
                symbols, cells, trades = symbols[order], cells[order], trades.take(order)
                bounds = (np.flatnonzero(np.diff(cells)) + 1).tolist()
                for lo, hi in zip([0, *bounds], [*bounds, len(cells)], strict=True):
                    self._process(symbols[lo:hi], trades.slice(lo, hi))
                self._record_stamp[touched] = self.generation
                return
        self._process(symbols, trades)
        self._record_stamp[touched] = self.generation

    def _process(self, symbols: np.ndarray, trades: Trades) -> None:
        points = self.engine.process(symbols, trades.times, trades.price, trades.quantity,
                                     trades.bid, trades.ask, self.big.limits(self.engine,
                                                                             self._index))
        self.big.add(self.generation, self._codes, symbols, trades.times, trades.price,
                     trades.quantity, points.big)
        self._store(points)

    def _store(self, points: PointsOut) -> None:
        self._points.store(points.symbols, points.minutes, points.with_prices(),
                           self.generation)
        if self._catch is not None:
            self._catch.append(points)

    # --- batches -----------------------------------------------------------------------

    def market_status(self, market: Market) -> MarketStatus:
        clock = self.clocks[market]
        return MarketStatus(clock.state(self._wall), clock.label(self._wall))

    def snapshot_batch(self, codes: Sequence[str], wall: float | None = None) -> Batch:
        """The whole day so far for `codes` at the wall-clock reading `wall` (default:
        now): every record and detail, every minute point. Codes new here cost their
        reveal only; codes known already have their day's points rebuilt (3-40 ms each,
        see the module docstring)."""
        codes = list(dict.fromkeys(codes))
        self.ensure(codes)
        self.advance(wall)
        for code in codes:
            self._snapshot_generation[code] = self.generation
        return self.batch(codes, since=0)

    def batch(self, codes: Sequence[str], since: int = 0) -> Batch:
        """Records, details and minute points of `codes` stamped after generation `since`
        (0: everything, as a snapshot), with the status of their markets."""
        codes = sorted(dict.fromkeys(codes))
        idx = np.asarray([self._index[c] for c in codes], np.intp)
        snapshot = since == 0
        changed = idx if snapshot else idx[self._record_stamp[idx] > since]
        chosen = [self._codes[i] for i in changed.tolist()]
        batch = engine_batch(self.engine, chosen, changed,
                             self._points_since(changed, since), snapshot)
        batch.quotes, batch.quote_columns = self.quotes.quotes(chosen, changed, batch.records)
        batch.trades = self.big.since(codes, idx, since)
        markets = {self._stocks[i].market for i in idx.tolist()}
        for market in sorted(markets, key=list(Market).index):
            batch.markets[market.value] = self.market_status(market)
        return batch

    def _points_since(self, symbols: np.ndarray, since: int) -> tuple[np.ndarray,
                                                                      np.ndarray, np.ndarray]:
        """The minute points of `symbols` written after generation `since` (0: the whole
        day), as DayPoints.since. Symbols whose ring lost a point newer than `since` get
        their whole day: from the points of their reveal when still whole, else rebuilt.
        A snapshot consumes the reveal's points."""
        lost = self._points.lost[symbols]
        whole = np.flatnonzero(lost > since) if since else np.arange(len(symbols))
        at, minutes, cum = self._points.since(symbols, since)
        if not len(whole):
            return at, minutes, cum
        ring = ~np.isin(at, whole)
        parts = [(at[ring], minutes[ring], cum[ring])]
        days = self._whole_days(symbols[whole])
        if since == 0:
            for i in symbols.tolist():
                self._fresh.pop(i, None)
        for pos, (m, c) in zip(whole.tolist(), days, strict=True):
            parts.append((np.full(len(m), pos, np.intp), m, c))
        at, minutes, cum = (np.concatenate(p) for p in zip(*parts, strict=True))
        order = np.argsort(at, kind="stable")  # each part holds its minutes in order
        return at[order], minutes[order].astype(np.intp), cum[order]

    def _whole_days(self, symbols: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each symbol's minutes with a point and their (k, 5) float64 cumulative net and
        last price (minute_points.VALUES)."""
        days: list[tuple[np.ndarray, np.ndarray] | None] = []
        rebuild: dict[Market, list[int]] = {}
        lost = self._points.lost
        for k, i in enumerate(symbols.tolist()):
            _, ring_minutes, ring_cum = self._points.since(np.asarray([i]), 0)
            fresh = self._fresh.get(i)
            if not lost[i]:                      # the ring holds the whole day
                days.append((ring_minutes, ring_cum))
            elif fresh is not None and lost[i] <= fresh[0]:
                # The reveal's points, and the ring's wherever it has the minute.
                old = ~np.isin(fresh[1], ring_minutes)
                m = np.concatenate([fresh[1][old].astype(np.intp), ring_minutes])
                c = np.concatenate([fresh[2][old], ring_cum])
                order = np.argsort(m, kind="stable")
                days.append((m[order], c[order]))
            else:
                days.append(None)
                rebuild.setdefault(self._stocks[i].market, []).append(k)
        for market, ks in rebuild.items():
            idx = symbols[ks]
            rebuilt = rebuild_days([self._stocks[i] for i in idx.tolist()], self._day[market],
                                   self.seed, self._added_at[idx], self._committed[market],
                                   self.step)
            for k, day in zip(ks, rebuilt, strict=True):
                days[k] = day
        return days  # type: ignore[return-value]

    def cursor(self, codes: Sequence[str]) -> UpdateCursor:
        return UpdateCursor(self, codes)

    def _cursor_start(self, codes: Sequence[str]) -> int:
        """Where a new consumer of `codes` starts: at its last snapshot of them (so
        nothing between that snapshot and the first update is lost), or from nothing."""
        return min((self._snapshot_generation.get(c, 0) for c in codes), default=0)

    def _reset_since(self, markets: set[Market], since: int) -> bool:
        return any(self._reset_generation[m] > since for m in markets)


class UpdateCursor:
    """One consumer's view of a SimMarket: each `next_batch()` holds what changed for
    its codes since the previous one. After a new trading day in one of its markets (or
    on the first call without an earlier snapshot) the batch is a full snapshot."""

    def __init__(self, sim: SimMarket, codes: Sequence[str]) -> None:
        self.codes = list(dict.fromkeys(codes))
        self._sim = sim
        sim.ensure(self.codes)
        self._markets = {sim.stock(c).market for c in self.codes}
        self._since = sim._cursor_start(self.codes)

    def next_batch(self) -> Batch:
        sim = self._sim
        since = self._since
        if since and sim._reset_since(self._markets, since):
            since = 0
        self._since = sim.generation
        return sim.batch(self.codes, since)

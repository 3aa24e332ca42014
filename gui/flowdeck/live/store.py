"""LiveStore: the one owner of the live state (records in a FlowTable, the intraday
history, details, per-code errors, market states, which rows are stale, each row's
quote and the day's prices a minute (minute_prices.py), the day's big trades (a
bounded TradeTape), and the source's universe: its stocks' names and sectors). The
Follower
writes it (`set_codes`, `apply`); everything else reads it and listens to its Changes.

`apply` is the table's hot path (5,000 codes, 5 times a second): one vectorised write
through FlowTable, no Python loop over the codes of a batch. Large point sets may go
into the history in slices (a `PointsLoader`; the window's loads the rows on screen
first); by default they go in at once.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..core.batch import Batch, MinutePoints
from ..core.big_trades import BigTrades
from ..core.codes import Market
from ..core.flow_table import FlowTable
from ..core.history import IntradayHistory
from ..core.markets import MARKET_ORDER, MarketState, session_minutes
from ..core.records import CapitalFlowDetail, CapitalFlowRecord
from ..core.stock_info import Quote, StockInfo, Universe, info_of
from ..core.trade_tape import TradeTape
from .minute_prices import MinutePrices, clock_minute

STALE_AFTER_S = 30.0
BATCH, CODES, STALE, NAMES = "batch", "codes", "stale", "names"

log = logging.getLogger("flowdeck.live")


@dataclass(frozen=True, slots=True)
class Change:
    """What one write changed. `kind` is "batch" (a feed's merged batch was applied),
    "codes" (the rows became other codes: a reset), "stale" (only the stale flags
    moved with time) or "names" (another source's universe: every row's name).
    `rows` are the FlowTable rows to redraw (may repeat), `all_rows` says every row
    (market states changed, or the history loads in slices). `wall` is the monotonic
    time of the write, `epoch` the time.time() of a batch's write (alerts, printed
    times; NaN for the other kinds). `restart`: codes whose day the batch restarted
    (their history was cleared); `new_errors`: per-code errors not reported before;
    `last`: the batch's last record of a code in the table (the status bar's "last
    update"); `trades`: the batch's big trades the tape had not seen (a reconnect's
    repeats left out), in print order."""
    kind: str
    wall: float
    epoch: float = math.nan
    batch: Batch = field(default_factory=Batch)
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    all_rows: bool = False
    restart: frozenset[str] = frozenset()
    new_errors: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    markets_changed: bool = False
    last: CapitalFlowRecord | None = None
    trades: BigTrades = field(default_factory=BigTrades.empty)

    @property
    def has_details(self) -> bool:
        return bool(self.batch.details)

    def touches(self, code: str | None) -> bool:
        """Whether anything shown for `code` (its row, its detail, its chart) changed."""
        if code is None:
            return False
        b = self.batch
        return (code in b.records or code in b.details or code in self.restart
                or code in b.quotes or code in b.points.codes
                or code in self.trades.codes)


class PointsLoader(Protocol):
    """Puts minute points into the history. `apply` is True when all went in now; False
    when the rest follows in slices (the loader then tells its owner itself)."""

    def apply(self, points: MinutePoints, first: Sequence[str] = (),
              each: Callable[[MinutePoints], None] | None = None) -> bool:
        """`each(part)` after each part of `points` went in."""
        ...

    def flush(self) -> None: ...


class ImmediateLoader:
    """Every point in at once (no front end that must keep drawing meanwhile)."""

    def __init__(self, history: IntradayHistory) -> None:
        self.history = history

    def apply(self, points: MinutePoints, first: Sequence[str] = (),
              each: Callable[[MinutePoints], None] | None = None) -> bool:
        self.history.apply(points)
        if each is not None:
            each(points)
        return True

    def flush(self) -> None:
        pass


class LiveStore:
    """Records, history, details, errors, market states and the stale rule of the
    followed codes. Listeners (`add_listener`) get every Change."""

    def __init__(self, *, history: IntradayHistory | None = None,
                 loader: PointsLoader | None = None,
                 stale_after_s: float = STALE_AFTER_S,
                 tape: TradeTape | None = None) -> None:
        self.table = FlowTable()
        self.tape = tape if tape is not None else TradeTape()
        self.history = history if history is not None else IntradayHistory()
        self.loader = loader if loader is not None else ImmediateLoader(self.history)
        self.details: dict[str, CapitalFlowDetail] = {}
        self.errors: dict[str, tuple[int, str]] = {}  # current per-code errors
        self.markets: dict[str, MarketState] = {}
        self.stale_after_s = float(stale_after_s)
        # Per table row, stale as last checked; replaced (never written) on each change,
        # so a reader may keep the array it got.
        self.stale = np.zeros(0, bool)
        # The latest quote of each row's code, and its numbers per table row (NaN:
        # unknown) for sorting; the arrays are replaced on set_codes, written on apply.
        self._quotes: dict[str, Quote] = {}
        # A batch's quotes of the same codes as the one before, kept as they came and
        # folded in when read (updating a dict of 5,000 each second: 0.25 ms).
        self._newest_quotes: Mapping[str, Quote] | None = None
        self.last = np.zeros(0)
        self.prev_close = np.zeros(0)
        self._quote_codes: list[str] = []   # the last quotes' codes and their rows
        self._quote_rows = np.zeros(0, np.intp)
        # Each row's price a minute (the detail chart), at its market's clock minute.
        self.prices = MinutePrices()
        self._clock = np.full(len(MARKET_ORDER), -1, np.intp)
        self.universe: Universe | None = None  # the source's, when it names its stocks
        self._on_screen: Callable[[], Sequence[str]] = tuple
        self._listeners: list[Callable[[Change], None]] = []

    # --- reading -------------------------------------------------------------------

    @property
    def quotes(self) -> dict[str, Quote]:
        """The latest quote of each row's code that has one."""
        self._fold_quotes()
        return self._quotes

    def _fold_quotes(self) -> None:
        if self._newest_quotes is not None:
            self._quotes.update(self._newest_quotes)
            self._newest_quotes = None

    @property
    def codes(self) -> list[str]:
        return self.table.codes

    def stale_rows(self) -> np.ndarray:
        """Per table row, whether it shows as stale (a copy)."""
        return self.stale.copy()

    def stale_after_of_row(self, r: int) -> float | None:
        """The stale time a stale row was judged by (its tooltip says it); None when
        the row is not stale."""
        return self.stale_after_s if self.stale[r] else None

    def stale_mask(self, wall: float) -> np.ndarray:
        """Per table row, whether it is stale at monotonic time `wall`: its market is
        open (a market without a state counts as open) and its last record is older than
        `stale_after_s`."""
        return self.table.stale_mask(wall, self.stale_after_s, self.market_open())

    def market_open(self) -> dict[str, bool]:
        return {m.value: self.markets.get(m.value, MarketState.OPEN) == MarketState.OPEN
                for m in MARKET_ORDER}

    def state_of_row(self, r: int) -> MarketState | None:
        return self.markets.get(MARKET_ORDER[self.table.market[r]].value)

    def minute_prices(self, code: str) -> tuple[int, np.ndarray] | None:
        """`code`'s prices a minute over its session (float32, NaN: none seen) and
        their version; None when the code is not followed."""
        row = self.table.row_of(code)
        if row is None:
            return None
        minutes = session_minutes(MARKET_ORDER[self.table.market[row]])
        return int(self.prices.version[row]), self.prices.day(row, minutes)

    def info(self, code: str) -> StockInfo:
        """`code`'s name and sector from the source's universe; names "" when unknown
        (shown as the code alone)."""
        return info_of(self.universe, code)

    def add_listener(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def set_on_screen(self, codes: Callable[[], Sequence[str]]) -> None:
        """Where the loader finds the codes whose points go in first."""
        self._on_screen = codes

    def set_stale_after(self, seconds: float) -> None:
        """Takes effect with the next write or stale check."""
        self.stale_after_s = float(seconds)

    # --- writing (the Follower) -------------------------------------------------------

    def set_codes(self, codes: Sequence[str], wall: float = 0.0) -> Change:
        """The rows become `codes`: kept codes keep their data, new ones start empty;
        details and errors of codes that left go."""
        self.loader.flush()
        old_row = {c: r for r, c in enumerate(self.table.codes)}
        old = set(old_row)
        self.table.set_codes(codes)
        self.prices.remap([old_row.get(c, -1) for c in self.table.codes])
        keep = set(self.table.codes)
        for code in old - keep:
            self.history.remove(code)
        self.history.add_many(self.table.codes,
                              [MARKET_ORDER[m] for m in self.table.market.tolist()])
        for gone in [c for c in self.details if c not in keep]:
            del self.details[gone]
        for gone in [c for c in self.errors if c not in keep]:
            del self.errors[gone]
        self._quotes = {c: q for c, q in self.quotes.items() if c in keep}
        self.last = np.full(self.table.n, np.nan)
        self.prev_close = np.full(self.table.n, np.nan)
        self._quote_codes = []  # the rows moved
        self._write_quotes(list(self.quotes.values()))
        self.stale = np.zeros(self.table.n, bool)
        return self._tell(Change(CODES, wall, all_rows=True))

    def apply(self, batch: Batch, wall: float, epoch: float = math.nan,
              restart: Collection[str] = ()) -> Change:
        """Write a (merged) batch: the `restart` codes' day cleared first, records and
        errors into the table, points into the history, details, market states; the
        stale flags re-checked at `wall`."""
        self.loader.flush()
        history = self.history
        for code in restart:
            if code in history:
                history.clear(code)
        if restart:
            self.tape.clear(restart)
        trades = self.tape.add(batch.trades)
        table = self.table
        touched = [table.apply(batch, wall)]
        if restart:
            touched.append(table.rows_of(list(restart)))
            self.prices.clear(touched[-1])
        everything = False
        if len(batch.points):
            # A snapshot's prices go in with its points, slice by slice (a day of 5,000
            # codes is ~2 million: 60-130 ms at once, before the first frame); updates
            # bring quotes, which say the same for the current minute.
            prices = (self._take_point_prices
                      if batch.snapshot and batch.points.prices is not None else None)
            if self.loader.apply(batch.points, self._on_screen(), prices):
                codes = batch.points.codes
                if batch.columns is None or codes != batch.columns.codes:
                    touched.append(table.rows_of(list(dict.fromkeys(codes))))
            else:
                everything = True  # a large set: the rows on screen went in first
        markets_changed = self._take_market_states(batch.markets)
        stale = self.stale_mask(wall)
        touched.append(np.flatnonzero(stale != self.stale))
        self.stale = stale
        if batch.quotes:
            touched.append(self._take_quotes(batch))
        rows = np.concatenate(touched)
        if batch.details:
            self.details.update(batch.details)
        return self._tell(Change(
            BATCH, wall, epoch, batch, rows[rows >= 0], everything or markets_changed,
            frozenset(restart), self._take_errors(batch), markets_changed,
            self._last_shown(batch), trades))

    def set_universe(self, universe: Universe | None, wall: float = 0.0) -> Change:
        """The source's universe (None: the source names nothing); set when the source
        changes, every row's name may change with it."""
        self.universe = universe
        return self._tell(Change(NAMES, wall, all_rows=True))

    def refresh_stale(self, wall: float) -> Change | None:
        """Re-check the stale flags without a batch (time passed); a Change when any
        flipped."""
        stale = self.stale_mask(wall)
        changed = np.flatnonzero(stale != self.stale)
        self.stale = stale
        if not len(changed):
            return None
        return self._tell(Change(STALE, wall, rows=changed))

    def set_market_states(self, states: Mapping[str, object],
                          wall: float = 0.0) -> Change | None:
        if not self._take_market_states(states):
            return None
        return self._tell(Change(STALE, wall, all_rows=True, markets_changed=True))

    # --- internals -------------------------------------------------------------------

    def _tell(self, change: Change) -> Change:
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:  # one broken view must not stop the feed or the others
                log.exception("a listener of the live store failed")
        return change

    def _take_quotes(self, batch: Batch) -> np.ndarray:
        """Keep the quotes of the table's codes; their rows. In columns: the simulator
        quotes every followed code each second (a loop over 5,000 Quotes was 2.4 ms
        of the window's thread a batch)."""
        cols = batch.quote_cols()
        same = cols.codes == self._quote_codes  # a source sends the same codes again
        if same:
            rows = self._quote_rows
        else:
            rows = self.table.rows_of(cols.codes)
            self._quote_codes, self._quote_rows = list(cols.codes), rows
        mine = rows >= 0
        if mine.all():
            if not same:
                self._fold_quotes()  # other codes: the newest are not all replaced
            self._newest_quotes = batch.quotes
        else:
            self.quotes.update((c, batch.quotes[c]) for c, m in
                               zip(cols.codes, mine.tolist(), strict=True) if m)
        mine_rows = rows[mine]
        self.last[mine_rows] = cols.last[mine]
        self.prev_close[mine_rows] = cols.prev_close[mine]
        self.prices.write(mine_rows, self._clock[self.table.market[mine_rows]], cols.last[mine],
                          one_each=True)
        return mine_rows

    def _take_point_prices(self, points: MinutePoints) -> None:
        """A snapshot's day of prices a minute (live updates bring quotes: the points'
        prices would only repeat them, for a lookup per point)."""
        codes = np.asarray(points.codes, object)  # no copy into a unicode array
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # a code's run
        rows = self.table.rows_of(codes[starts].tolist())
        self.prices.write(np.repeat(rows, np.diff(np.r_[starts, len(codes)])),
                          points.minutes, points.prices)

    def _write_quotes(self, quotes: Sequence[Quote]) -> np.ndarray:
        rows = self.table.rows_of([q.code for q in quotes])
        self.last[rows] = [q.last for q in quotes]
        self.prev_close[rows] = [math.nan if q.prev_close is None else q.prev_close
                                 for q in quotes]
        return rows

    def _take_market_states(self, states: Mapping[str, object]) -> bool:
        changed = False
        for market, status in states.items():
            state = MarketState(getattr(status, "state", status))
            m = Market(market)
            self._clock[MARKET_ORDER.index(m)] = clock_minute(
                m, state, getattr(status, "local_time", ""))
            if self.markets.get(market) != state:
                self.markets[market] = state
                changed = True
        return changed

    def _take_errors(self, batch: Batch) -> dict[str, tuple[int, str]]:
        """Errors not reported yet; a record clears its code's error (it updates again).
        Loops over the current errors only, which are few."""
        errors = self.errors
        if errors and batch.records:
            records = batch.records
            for code in [c for c in errors if c in records]:
                del errors[code]
        if not batch.errors:
            return {}
        new = {c: e for c, e in batch.errors.items() if errors.get(c) != e}
        errors.update(new)
        return new

    def _last_shown(self, batch: Batch) -> CapitalFlowRecord | None:
        row_of = self.table.row_of
        return next((r for r in reversed(batch.records.values())
                     if row_of(r.code) is not None), None)

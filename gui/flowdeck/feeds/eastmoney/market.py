"""The A-share market as East Money ranks it, for the Market view, /v1/rank and
`flowdeck rank` (feeds.base.RanksMarkets): rows from `clist/get` (rank.py), kept per
code with the time each came, handed out as feeds.market_table.MarketTables.

What it asks, only while someone asks for tables (the Market view 4 times a second
while shown), every request under the source's one budget at the lowest priority:
- the top pass: the best and the worst PAGE codes of the field ranked (`rank_by`;
  main net by default, and for retail, which East Money does not sort): 2 requests,
  at most every `top_every` s (outside trading hours, when nothing moves, as seldom as
  the whole pass). It comes first, so a ranking shows in ~2 s;
- the whole pass: every page of the SH and SZ boards in code order, ~55 requests one
  after another (the budget paces them: never a burst), at most every `full_every`
  s (15 min by default): the middle of the market, the sectors, the names.
Each row says its age (seconds since its page came), so a row only the whole pass
reached shows it is older than a top row.

Names and industries come with the rows (`universe()`: a core.stock_info.Universe
whose sectors are East Money's industries, 行业). A pass that fails (refused, an
unexpected shape) stops; the rows keep their values and age, `error` says why, and
the next table asked for tries again once the budget's hold is over.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from ...core.markets import MARKET_ORDER
from ...core.ranking import MARKET_CHOICES
from ...core.records import NUMERIC_KEYS
from ...core.stock_info import Sector, StockInfo
from ..market_table import MarketTable
from .client import parsed_or_kept
from .rank import (
    BOARDS,
    CODE_ORDER,
    OWN_DAYS,
    SORT_FID,
    ClistPage,
    clist_params,
    pages,
    parse_clist,
    top_params,
)
from .rank import CLIST_PATH as PATH

log = logging.getLogger("flowdeck.feeds.eastmoney.market")

TOP_EVERY_S = 30.0
FULL_EVERY_S = 900.0
PAGES_KEPT = 64   # pages remembered for a table's update (more: the table is made anew)
_POSITION = {m.value: k for k, m in enumerate(MARKET_ORDER)}
_NAN12 = np.full(len(NUMERIC_KEYS), np.nan)
_NAN_PERIODS = np.full((len(OWN_DAYS), len(NUMERIC_KEYS)), np.nan)

Get = Callable[[str, Mapping[str, str]], Awaitable[Mapping]]


@dataclass(slots=True)
class _Row:
    values: np.ndarray        # (12,) NUMERIC_KEYS order, NaN unknown ('-')
    turnover: float
    last: float
    prev_close: float
    update_time: str
    at: float                 # clock time its page came
    periods: np.ndarray       # (len(OWN_DAYS), 12): East Money's 3/5/10-day numbers


class EastMoneyMarket:
    def __init__(self, get: Get, *, clock: Callable[[], float] = time.monotonic,
                 top_every: float = TOP_EVERY_S, full_every: float = FULL_EVERY_S,
                 on_page: Callable[[ClistPage], None] | None = None,
                 keep: Callable[[str, object], object] | None = None,
                 trading: Callable[[], bool] = lambda: True) -> None:
        self.get = get            # get(path, params) -> the decoded JSON, budgeted
        self.on_page = on_page    # each page read (the feed learns its names)
        self.keep = keep          # an answer of an unexpected shape (a bug report's)
        self.trading = trading    # SH/SZ in session: outside it nothing moves
        self.clock = clock
        self.top_every, self.full_every = top_every, full_every
        self.field = "main_net_inflow"
        self._top_board = "A"
        self.requests = 0         # clist requests sent (tests, the bench)
        self.error = ""           # why the last pass stopped ("" when it ended well)
        self.rows: dict[str, _Row] = {}
        self.names: dict[str, str] = {}
        self.industry: dict[str, str] = {}
        self._top_at: float | None = None
        self._full_at: float | None = None
        self._task: asyncio.Task | None = None
        self._top_tried = asyncio.Event()  # set once a top pass ended, well or not
        self._seq = 0             # pages of rows taken
        self._codes_seq = 0       # codes first seen
        self._pages: deque[tuple[int, list[str]]] = deque(maxlen=PAGES_KEPT)
        self._tables: dict[str, _Kept] = {}

    @property
    def passing(self) -> bool:
        """A pass is under way."""
        return self._task is not None and not self._task.done()

    def rank_by(self, field: str) -> None:
        """The field the Market view ranks: the next top pass sorts by it."""
        if field != self.field:
            self.field = field
            self._top_at = None

    async def market_table(self, markets: str) -> MarketTable:
        """The A-share rows of MARKET_CHOICES key `markets` now (none for HK or US).
        The first call waits for the top pass; later ones never wait. The top pass is of
        the market asked (SH or SZ alone: their own best, not the A shares')."""
        board = markets if markets in BOARDS else "A"
        if board != self._top_board:
            self._top_board, self._top_at = board, None
        self._kick()
        if not self.rows and self.passing:
            await self._top_tried.wait()
        return self._table(markets)

    def universe(self) -> IndustryNames:
        return IndustryNames(self.names, self.industry)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    # --- the passes ----------------------------------------------------------------------

    def _kick(self) -> None:
        if self.passing:
            return
        now = self.clock()
        top_every = self.top_every if self.trading() else self.full_every
        top = self._top_at is None or now - self._top_at >= top_every
        full = self._full_at is None or now - self._full_at >= self.full_every
        if top or full:
            self._task = asyncio.ensure_future(self._passes(top, full))

    async def _passes(self, top: bool, full: bool) -> None:
        try:
            if top:
                try:
                    await self._top()
                finally:
                    self._top_tried.set()
            if full:
                await self._full()
            self.error = ""
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # refused, a shape changed, the source closed
            self.error = str(exc) or type(exc).__name__
            log.warning("East Money's market list: %s (the rows keep their values)",
                        self.error)

    async def _top(self) -> None:
        field = self.field if self.field in SORT_FID else "main_net_inflow"
        for descending in (True, False):
            await self._page(top_params(self._top_board, field, descending))
        self._top_at = self.clock()

    async def _full(self) -> None:
        first = await self._page(clist_params(BOARDS["A"], CODE_ORDER, False, 1))
        for page in range(2, pages(first.total) + 1):
            if not (await self._page(clist_params(BOARDS["A"], CODE_ORDER, False,
                                                  page))).codes:
                break  # the list got shorter meanwhile
        self._full_at = self.clock()

    async def _page(self, params: dict[str, str]) -> ClistPage:
        self.requests += 1
        page = parsed_or_kept(parse_clist, await self.get(PATH, params), PATH, self.keep)
        self._take(page)
        if self.on_page is not None:
            self.on_page(page)
        return page

    def take_page(self, page: ClistPage) -> None:
        """Rows another list brought (a concept board's members): kept as a pass's are."""
        self._take(page)

    def _take(self, page: ClistPage) -> None:
        now = self.clock()
        quotes = page.quotes
        for code in page.codes:
            if code not in self.rows:
                self._codes_seq += 1
            record, quote = quotes.records.get(code), quotes.quotes.get(code)
            values = (np.array([getattr(record, k) for k in NUMERIC_KEYS], np.float64)
                      if record is not None else _NAN12.copy())
            last = quote.last if quote is not None else np.nan
            prev = quote.prev_close if quote is not None and quote.prev_close else np.nan
            self.rows[code] = _Row(values, page.turnover.get(code, np.nan), last, prev,
                                   record.update_time if record is not None else "", now,
                                   page.periods.get(code, _NAN_PERIODS))
            if code in quotes.names:
                self.names[code] = quotes.names[code]
            if page.industry.get(code):
                self.industry[code] = page.industry[code]
        if page.codes:
            self._seq += 1
            self._pages.append((self._seq, page.codes))

    # --- tables -------------------------------------------------------------------------

    def _table(self, markets: str) -> MarketTable:
        """A table of the rows now. Tables are never changed once handed out: while no
        row came, the last one's arrays go again with new ages; rows that came are
        written into copies; only new codes sort the list again (a whole pass's first
        pages)."""
        now = self.clock()
        kept = self._tables.get(markets)
        if kept is not None and kept.seq == self._seq:
            if now - kept.at >= 1.0:  # ages move on: the same rows, new ages
                kept.table = replace(kept.table, ages=now - kept.came)
                kept.at = now
            return kept.table
        if kept is None or kept.codes_seq != self._codes_seq or \
                (self._pages and self._pages[0][0] > kept.seq + 1):  # pages forgotten
            kept = self._sorted(markets)
            changed = kept.table.codes
        else:
            changed = [c for c in self._changed_since(kept.seq) if c in kept.index]
        t = kept.table
        values, times, turnover = t.values.copy(), t.update_time.copy(), t.turnover.copy()
        last, prev, came = t.last.copy(), t.prev_close.copy(), kept.came.copy()
        own = dict(t.own_periods or {})
        for code in changed:
            r, row = kept.index[code], self.rows[code]
            values[r], times[r], turnover[r] = row.values, row.update_time, row.turnover
            last[r], prev[r], came[r] = row.last, row.prev_close, row.at
            own[code] = row.periods   # a page's own array, never written after
        kept.table = replace(t, values=values, update_time=times, turnover=turnover,
                             last=last, prev_close=prev, ages=now - came, own_periods=own)
        kept.came, kept.seq, kept.at = came, self._seq, now
        self._tables[markets] = kept
        return kept.table

    def _sorted(self, markets: str) -> _Kept:
        """Every kept code of `markets` in market then code order, not filled yet."""
        chosen = {m.value for m in MARKET_CHOICES[markets]}
        codes = sorted((c for c in self.rows if c[:2] in chosen),
                       key=lambda c: (_POSITION[c[:2]], c))
        n = len(codes)
        nan = np.full(n, np.nan)
        table = MarketTable(codes, np.full((n, len(NUMERIC_KEYS)), np.nan),
                            np.array([_POSITION[c[:2]] for c in codes], np.int8),
                            np.full(n, "", dtype="<U19"), nan.copy(), nan.copy(),
                            nan.copy(), np.ones(n, bool), "eastmoney", [], nan.copy(),
                            own_days=OWN_DAYS, own_periods={})
        return _Kept(table, {c: r for r, c in enumerate(codes)}, nan.copy(), -1,
                     self._codes_seq)

    def _changed_since(self, seq: int) -> list[str]:
        """Codes whose rows came after change `seq`."""
        return [c for s, codes in self._pages if s > seq for c in codes]


@dataclass(slots=True, eq=False)
class _Kept:
    """The last table of one MARKET_CHOICES key, what its rows are and when they came."""
    table: MarketTable
    index: dict[str, int]
    came: np.ndarray        # clock time each row came (NaN never)
    seq: int                # the rows' change it holds
    codes_seq: int          # the code list it holds
    at: float = 0.0         # when its ages were taken


class IndustryNames:
    """The names and industries East Money's lists gave (core.stock_info.Universe)."""

    def __init__(self, names: Mapping[str, str], industry: Mapping[str, str]) -> None:
        self._stocks = {code: StockInfo(code, name_zh=names.get(code, ""),
                                        sector=industry.get(code, ""))
                        for code in {*names, *industry}}
        self._sectors = {name: Sector(name, "SH", "", name)
                         for name in dict.fromkeys(industry.values())}

    def stocks(self) -> Mapping[str, StockInfo]:
        return self._stocks

    def sectors(self) -> Mapping[str, Sector]:
        return self._sectors

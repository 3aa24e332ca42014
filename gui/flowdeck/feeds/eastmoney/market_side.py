"""The part of EastMoneyFeed (feed.py) about the whole market and past days rather than
the watched rows, every request through the feed's own client and its one budget, at
the watched rows' own priority (budget.NORMAL): they take turns, first come first
served, so a ranking or a backfill slows the rows' refresh at most twice while it runs
(at IDLE they would wait forever once 100 watched codes keep the budget busy):

- `market_table(markets)` (feeds.base.RanksMarkets): East Money's A-share lists
  (market.py: the top and bottom of the field ranked in 2 requests, the whole market in
  ~55 now and then), for the Market view, /v1/rank and `flowdeck rank`. The names and
  industries the lists carry go to the feed's universe (`on_names` when new).
- `board_table("concept")` and `board_members(board)` (feeds.base.RanksBoards): East
  Money's concept boards with their own flows, and a board's members (boards.py; the
  members' rows join the market's).
- `identity()` and `past_days()` (feeds.base.BackfillsBeside): the backfill's source
  over this connection (history.py: one fflow/daykline request a code), so that a
  backfill shares the feed's budget instead of asking East Money beside it.

A mixin over the feed's client, names and clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ...core.codes import Market
from ...core.errors import source_failed
from ...core.markets import local_now
from ..board_table import BoardTable
from ..market_table import MarketTable
from .boards import EastMoneyBoards
from .budget import NORMAL
from .client import Refused, ShapeError
from .history import IDENTITY, EastMoneyPastDays
from .market import EastMoneyMarket
from .rank import ClistPage

SHARED = NORMAL  # the market's and the past days' requests: beside the rows', not after

if TYPE_CHECKING:
    from .client import EastMoneyClient
    from .names import EastMoneyNames


class MarketSide:
    client: EastMoneyClient
    names: EastMoneyNames
    on_names: Callable[[], None] | None
    _clock: Callable[[], float]
    _trading: Callable[[], bool]
    _check_open: Callable[[], None]
    _whole: EastMoneyMarket | None = None
    _boards: EastMoneyBoards | None = None
    _ranked = "main_net_inflow"

    async def market_table(self, markets: str) -> MarketTable:
        """The A-share rows of MARKET_CHOICES key `markets` East Money's lists gave."""
        self._check_open()
        if self._whole is None:
            self._whole = EastMoneyMarket(self._list_get, clock=self._clock,
                                          on_page=self._page_came, keep=self.client.keep,
                                          trading=self._trading)
            self._whole.rank_by(self._ranked)
        return await self._whole.market_table(markets)

    async def board_table(self, kind: str, wait: bool = True) -> BoardTable:
        """East Money's `kind` boards ("concept") with their own flows now."""
        return await self._board_lists().board_table(kind, wait)

    async def board_members(self, board: str) -> list[str]:
        """Board `board`'s SH and SZ codes; their rows join the market's tables. A
        refusal or a changed answer is a 1016 saying so."""
        with failures_as_1016("clist/get"):
            return await self._board_lists().board_members(board)

    def _board_lists(self) -> EastMoneyBoards:
        self._check_open()
        if self._boards is None:
            self._boards = EastMoneyBoards(self._list_get, clock=self._clock,
                                           keep=self.client.keep, on_members=self._members_came)
        return self._boards

    def _members_came(self, page: ClistPage) -> None:
        if self._whole is not None:
            self._whole.take_page(page)
        self._page_came(page)

    def rank_by(self, field: str) -> None:
        """The field the Market view ranks (feeds.base.RanksByField): the top pass sorts
        by it."""
        self._ranked = field
        if self._whole is not None:
            self._whole.rank_by(field)

    async def identity(self) -> str:
        return IDENTITY

    def past_days(self) -> EastMoneyPastDays:
        return EastMoneyPastDays(self._days_get, keep=self.client.keep,
                                 today=lambda: local_now(Market.SH).date())

    async def _close_market(self) -> None:
        if self._whole is not None:
            await self._whole.aclose()
        if self._boards is not None:
            await self._boards.aclose()

    async def _list_get(self, path: str, params: Mapping[str, str]) -> dict:
        return await self.client.get("push2", path, params, SHARED)

    async def _days_get(self, path: str, params: Mapping[str, str]) -> dict:
        """A daykline answer; a refusal is the code's 1016 (the backfill asks again next
        run), so is a non-object answer."""
        with failures_as_1016("fflow/daykline"):
            return await self.client.get("push2his", path, params, SHARED)

    def _page_came(self, page: ClistPage) -> None:
        named = self.names.learn(page.quotes.names)
        if (self.names.learn_sectors(page.industry) or named) and self.on_names is not None:
            self.on_names()


@contextmanager
def failures_as_1016(endpoint: str) -> Iterator[None]:
    """A refusal or an unexpected answer of a request to `endpoint` as a 1016 that says
    so (with the minute of the next try)."""
    try:
        yield
    except Refused as exc:
        raise source_failed(f"East Money refused the request ({exc.why}); retrying "
                            f"at {dt.datetime.fromtimestamp(exc.retry_wall):%H:%M}",
                            "eastmoney.refused") from None
    except ShapeError as exc:
        raise source_failed(f"East Money {endpoint}: unexpected {exc.field}",
                            "eastmoney.shape", field=exc.field) from None

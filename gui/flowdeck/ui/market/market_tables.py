"""The whole market behind the Market dock: when the source ranks markets
(feeds.base.RanksMarkets: the simulator), its table of the chosen market is asked for
at most 4 times a second, only while the dock is shown, and handed to the dock
(MarketDock.take_table). The source builds a table in a worker thread
(SimFeed.market_table: asyncio.to_thread) or asks its upstream for it (gateway://: its
GET /v1/market); the GUI thread ranks and paints it. A source that ranks no market
(replay:): the dock ranks the codes the window follows, and nothing is asked.

A source that ranks only a scope it is told (feeds.base.RanksScope: futu://, inside
its quota) is told the union of the window's watchlists and the plates chosen in the
dock (its Plates menu lists the chosen market's, asked of the source once per market)
while the dock is shown, and an empty scope once it is hidden (the scope's codes join
its refresh round and make the followed rows older: the quota goes back to them).

A source whose rows come sorted by itself (feeds.base.RanksByField: eastmoney://) is
told the field ranked, so that its top rows are that field's.

A source that ranks boards itself (feeds.base.RanksBoards: eastmoney://'s concepts) is
offered in the Sectors tab beside the industries; while concepts are shown its board
list is asked with each table, and a board double-clicked asks for its members.

`refresh()` after anything that changes the answer: the dock shown or hidden, another
market chosen, another source, the watchlists edited."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import QObject

from ...core.errors import FlowDeckError
from ...core.markets import MARKET_ORDER
from ...feeds.base import RanksBoards, RanksByField, RanksMarkets, RanksScope
from .market_controls import CONCEPTS, SECTORS_TAB
from .market_dock import MarketDock

TABLE_INTERVAL_S = 0.25  # 4 tables a second at most (start to start)
RETRY_S = 2.0  # after a source's error
MARKET_ORDER_KEYS = {m.value for m in MARKET_ORDER} | {"A"}  # choices that list plates
log = logging.getLogger(__name__)


class MarketTables(QObject):
    def __init__(self, dock: MarketDock, feed: Callable[[], object], *,
                 scope: Callable[[], Sequence[str]] = tuple,
                 interval: float = TABLE_INTERVAL_S,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        super().__init__(dock)
        self.dock = dock
        self.feed = feed  # the source running now
        self.scope = scope  # the codes a RanksScope source ranks (the watchlists')
        self._told: tuple[object, tuple, tuple] | None = None  # scope told, to whom
        self._plates_of: tuple[object, str] | None = None  # plates listed: feed, market
        self._listing: asyncio.Future | None = None
        self.interval = interval
        self.sleep = sleep
        self.tables = 0  # tables handed to the dock (tests, the bench)
        self._want: tuple[object, str] | None = None
        self._task: asyncio.Future | None = None
        dock.visibilityChanged.connect(self.refresh)
        dock.controls.changed.connect(self.refresh)
        dock.plates.changed.connect(self.refresh)
        dock.controls.boards_changed.connect(self.refresh)
        dock.controls.mode_changed.connect(self.refresh)
        dock.members_wanted.connect(self._members_wanted)
        self._members: asyncio.Future | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def refresh(self, *_args: object) -> None:
        feed = self.feed()
        ranks = isinstance(feed, RanksMarkets)
        if not ranks:
            self.dock.use_store()
        asked = self.dock.controls.request()
        market = asked.market
        shown = self.dock.isVisible()
        if isinstance(feed, RanksByField):  # eastmoney://: its top rows are the field's
            feed.rank_by(asked.field)
        self.dock.controls.offer_boards(isinstance(feed, RanksBoards))
        if not self._boards_shown(feed):
            self.dock.take_boards(None)
        want = (feed, market) if ranks and shown else None
        self._tell_scope(feed, shown)
        if want == self._want and (want is None or self.running):
            return
        self._stop_tables()
        self._want = want
        if want is not None:
            self._task = asyncio.ensure_future(self._run(feed, market))

    def _tell_scope(self, feed: object, shown: bool) -> None:
        plates = self.dock.plates
        if not isinstance(feed, RanksScope):
            if self._plates_of is not None:
                self._plates_of = None
                plates.clear()
            return
        if shown:
            self._list_plates(feed, self.dock.controls.request().market)
        codes = tuple(dict.fromkeys(self.scope())) if shown else ()
        chosen = tuple(plates.chosen) if shown else ()
        told = self._told
        if told == (feed, codes, chosen) or (
                not codes and not chosen and (told is None or told[0] is not feed)):
            return  # told already, or never told anything to take back
        self._told = (feed, codes, chosen)
        with contextlib.suppress(FlowDeckError):  # a closed source: nothing to tell
            feed.set_rank_scope(codes, chosen)

    def _list_plates(self, feed: RanksScope, market: str) -> None:
        if self._plates_of == (feed, market):
            return
        self._plates_of = (feed, market)
        if self._listing is not None:
            self._listing.cancel()
        if market not in MARKET_ORDER_KEYS:  # plates are one market's: none over ALL
            self._listing = None
            self.dock.plates.set_plates(market, [])
            return
        # A-shares: Shanghai's and Shenzhen's plates are the same list.
        self._listing = asyncio.ensure_future(
            self._plate_list(feed, market, "SH" if market == "A" else market))

    async def _plate_list(self, feed: RanksScope, market: str, asked: str) -> None:
        try:
            plates = await feed.plate_list(asked)
        except FlowDeckError as exc:
            log.warning("plates of %s: %s", asked, exc)
            self._plates_of = None  # asked again at the next refresh
            return
        if self._plates_of == (feed, market):
            self.dock.plates.set_plates(market, plates)

    def _boards_shown(self, feed: object) -> bool:
        controls = self.dock.controls
        return (isinstance(feed, RanksBoards) and controls.board_kind == CONCEPTS
                and controls.mode == SECTORS_TAB)

    def _members_wanted(self, board: str) -> None:
        feed = self.feed()
        if not isinstance(feed, RanksBoards):
            return
        if self._members is not None:
            self._members.cancel()
        self._members = asyncio.ensure_future(self._open_members(feed, board))

    async def _open_members(self, feed: RanksBoards, board: str) -> None:
        try:
            codes = await feed.board_members(board)
        except FlowDeckError as exc:
            log.warning("members of %s: %s", board, exc)
            return
        if self.feed() is feed:
            self.dock.open_board(board, codes)

    def stop(self) -> None:
        """Ask for nothing more (the window shuts down)."""
        if self._members is not None:
            self._members.cancel()
            self._members = None
        if self._listing is not None:
            self._listing.cancel()
            self._listing = None
            self._plates_of = None
        self._stop_tables()

    def _stop_tables(self) -> None:
        self._want = None
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self, feed: RanksMarkets, market: str) -> None:
        loop = asyncio.get_running_loop()
        said = ""  # the failure last logged: a source that keeps failing is said once
        while True:
            start = loop.time()
            try:
                table = await feed.market_table(market)
            except FlowDeckError as exc:  # a closed or failing source: try again later
                if exc.message != said:
                    log.warning("whole market %s: %s", market, exc)
                    said = exc.message
                await self.sleep(RETRY_S)
                continue
            said = ""
            self.tables += 1
            self.dock.take_table(market, table)
            if self._boards_shown(feed):
                try:
                    self.dock.take_boards(await feed.board_table(  # type: ignore[attr-defined]
                        CONCEPTS, wait=False))
                except FlowDeckError as exc:
                    log.warning("concept boards: %s", exc)
            await self.sleep(max(0.0, self.interval - (loop.time() - start)))

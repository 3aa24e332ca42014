"""The ranked rows grouped by sector, for both Market models: the SectorIndex
(core.sectors; one pass over the codes) is built again only when the rows' code list
is another object or their universe changed, not at every re-rank. The rows are the
live store's or a whole market's (rank_rows.py), whichever the dock ranks now.

A source's own boards (`boards`: eastmoney://'s concepts, feeds.board_table) replace
the sectors while the Sectors tab shows them; a board's members are the source's list
(`set_members`), not a sector of the universe."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ...core.currency import Rates
from ...core.market_periods import PeriodTable
from ...core.sectors import SectorFlows, SectorIndex, sector_flows
from ...feeds.board_table import BoardTable


class SectorCache:
    def __init__(self, rows: Callable[[], object]) -> None:
        self.current = rows  # the rows ranked now (StoreRows or MarketRows)
        self._index: SectorIndex | None = None
        self._universe: object = None
        self._named: BoardTable | None = None
        self.rates: Rates | None = None  # the window's: amounts over every market
        self.boards: BoardTable | None = None  # the source's own boards shown, if any
        self.members: dict[str, list[str]] = {}  # a board's codes, as the source lists them

    @property
    def named(self) -> BoardTable | None:
        """The last boards shown (a board opened stays named after the tab moves on)."""
        return self._named

    def set_boards(self, boards: BoardTable | None) -> None:
        self.boards = boards
        if boards is not None:
            self._named = boards

    def index(self) -> SectorIndex:
        rows = self.current()
        index = self._index
        if index is None or index.codes is not rows.codes or self._universe is not rows.universe:
            index = self._index = SectorIndex.build(rows.codes, rows.stocks())
            self._universe = rows.universe
        return index

    def rows_of(self, sector: str) -> np.ndarray:
        """The table rows whose stock is in sector `sector` (its id), or board `sector`."""
        if sector in self.members:
            codes = self.current().codes
            wanted = set(self.members[sector])
            return np.array([r for r, c in enumerate(codes) if c in wanted], np.intp)
        index = self.index()
        known = index.row_sector >= 0
        rows = np.flatnonzero(known)
        return rows[index.ids[index.row_sector[rows]] == sector] if len(rows) else rows

    def flows(self, market: str, period: PeriodTable | None = None) -> SectorFlows:
        """Today's flows of `market`'s sectors (a MARKET_CHOICES key), or a period's
        (`period`: the rows' numbers and turnovers over its window); the boards' own
        when boards are shown."""
        if self.boards is not None:
            return self.boards.as_flows(market)
        rows = self.current()
        if period is not None:
            return sector_flows(period, self.index(), market, period.turnover, self.rates)
        return sector_flows(rows.table, self.index(), market, rows.turnover(), self.rates)

    def name(self, sector: str, lang: str) -> str:
        """A sector's name in `lang` (its id when the source does not name it)."""
        for boards in (self.boards, self.named):
            if boards is not None and sector in boards.ids:
                return boards.name(sector)
        universe = self.current().universe
        known = universe.sectors().get(sector) if universe is not None else None
        return known.name(lang) if known is not None else sector

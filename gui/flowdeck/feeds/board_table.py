"""Boards a source ranks itself (eastmoney://: East Money's concept boards, 概念板块):
each board's own flows as the source publishes them, not a sum of members FlowDeck
keeps (a stock belongs to many concepts, and core.sectors gives each stock one sector).
The Market view's Sectors tab ranks such a table as it ranks sectors (`as_flows`), and
opens a board's members from the source (feeds.base.RanksBoards.board_members).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.records import NUMERIC_KEYS, SERIES_NAMES
from ..core.sectors import SectorFlows

_NETS = [NUMERIC_KEYS.index(f"{s}_net_inflow") for s in SERIES_NAMES]


@dataclass(slots=True, eq=False)
class BoardTable:
    kind: str               # "concept"
    ids: list[str]          # the source's board codes ("BK0493"), sorted
    names: list[str]        # as the source names them (Chinese)
    values: np.ndarray      # (S, 12) NUMERIC_KEYS order, NaN unknown
    error: str = ""         # why the last pass of the list stopped ("" when it ended well)
    loading: bool = False   # none yet: the first list is being asked for

    def as_flows(self, market: str) -> SectorFlows:
        """The boards as core.sectors.SectorFlows for `market` (their members unknown
        here: `members` -1)."""
        n = len(self.ids)
        none = np.full(n, -1, np.int64)
        return SectorFlows(market, list(self.ids), self.values[:, _NETS].copy(),
                           self.values[:, [k + 1 for k in _NETS]].copy(), np.full(n, np.nan),
                           none, none.copy(), np.zeros(0, np.intp), np.zeros(0, np.intp))

    def name(self, board: str) -> str:
        try:
            return self.names[self.ids.index(board)]
        except ValueError:
            return board

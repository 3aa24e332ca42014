"""The live store's codes grouped by sector, for both Market models: the SectorIndex
(core.sectors; one pass over the codes) is built again only when the store's code list
is another object or its universe changed, not at every re-rank."""

from __future__ import annotations

import math

import numpy as np

from ...core.sectors import SectorFlows, SectorIndex, sector_flows
from ...live.store import LiveStore


class SectorCache:
    def __init__(self, store: LiveStore) -> None:
        self.store = store
        self._index: SectorIndex | None = None
        self._universe: object = None

    def index(self) -> SectorIndex:
        store = self.store
        index = self._index
        if index is None or index.codes is not store.codes or self._universe is not store.universe:
            stocks = {c: store.info(c) for c in store.codes}
            index = self._index = SectorIndex.build(store.codes, stocks)
            self._universe = store.universe
        return index

    def rows_of(self, sector: str) -> np.ndarray:
        """The table rows whose stock is in sector `sector` (its id)."""
        index = self.index()
        known = index.row_sector >= 0
        rows = np.flatnonzero(known)
        return rows[index.ids[index.row_sector[rows]] == sector] if len(rows) else rows

    def flows(self, market: str) -> SectorFlows:
        """Today's flows of `market`'s sectors (a MARKET_CHOICES key)."""
        store = self.store
        details = store.details
        turnover = np.fromiter(
            (d.turnover if (d := details.get(c)) is not None else math.nan
             for c in store.codes), np.float64, len(store.codes))
        return sector_flows(store.table, self.index(), market, turnover)

    def name(self, sector: str, lang: str) -> str:
        """A sector's name in `lang` (its id when the source does not name it)."""
        universe = self.store.universe
        known = universe.sectors().get(sector) if universe is not None else None
        return known.name(lang) if known is not None else sector

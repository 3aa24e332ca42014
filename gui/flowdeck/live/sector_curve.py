"""A followed code's sector, intraday: the sum of the main-net curves of the sector's
members that the live store holds (the followed codes, not the whole market: a window
keeps minute series of what it follows only). The detail dock draws it beside the
code's own curves and says what it sums: how many of the sector's members, out of how
many the source's universe lists.

Membership is read once per code list and universe (one pass over the codes); a
line's `version` is the sum of its members' history versions, which grows whenever
any member's series changes, so a caller redraws only then. Summing a sector's ~10-200
members' float32 series is well under a millisecond. A member quiet in the latest
minutes counts with its last cumulative value there, as the history itself fills them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..core.sectors import sector_curve
from ..core.stock_info import Sector
from .store import LiveStore

_MAIN = 0  # SERIES_NAMES[0]


@dataclass(frozen=True, slots=True, eq=False)
class SectorLine:
    """`sector` (None when the universe has no entry for the id `sector_id`), the
    `members` summed (followed codes, the code itself among them), how many members the
    universe lists (0: unknown), the members' `version` and the summed `curve` (float64
    over the session, NaN where no member has a point yet)."""
    sector_id: str
    sector: Sector | None
    members: tuple[str, ...]
    listed: int
    version: int
    curve: np.ndarray


class SectorCurves:
    """Sector lines of the codes `store` follows (`line(code)`)."""

    def __init__(self, store: LiveStore) -> None:
        self._store = store
        self._members_universe: object = None
        self._members_codes: list[str] | None = None
        self._members: dict[str, list[str]] = {}
        self._listed_of: object = None
        self._listed: Counter[str] = Counter()
        self._last: SectorLine | None = None

    def line(self, code: str) -> SectorLine | None:
        """`code`'s sector line; None when the code is not followed or has no sector."""
        store = self._store
        if code not in store.history:
            return None
        sector_id = store.info(code).sector
        if not sector_id:
            return None
        members = tuple(m for m in self._members_of(sector_id) if m in store.history)
        history = store.history
        version = sum(history.version(m) for m in members)
        last = self._last
        if (last is not None and last.sector_id == sector_id and last.members == members
                and last.version == version):
            return last
        curve = sector_curve(_filled(history, members), np.arange(len(members)))
        universe = store.universe
        sector = universe.sectors().get(sector_id) if universe is not None else None
        self._last = SectorLine(sector_id, sector, members, self._listed_count(sector_id),
                                version, curve)
        return self._last

    def _members_of(self, sector_id: str) -> list[str]:
        store = self._store
        if store.universe is not self._members_universe or store.codes != self._members_codes:
            self._members_universe, self._members_codes = store.universe, list(store.codes)
            self._members = {}
            for code in store.codes:
                sector = store.info(code).sector
                if sector:
                    self._members.setdefault(sector, []).append(code)
        return self._members.get(sector_id, [])

    def _listed_count(self, sector_id: str) -> int:
        universe = self._store.universe
        if universe is None:
            return 0
        if self._listed_of is not universe:
            self._listed_of = universe
            self._listed = Counter(s.sector for s in universe.stocks().values() if s.sector)
        return self._listed.get(sector_id, 0)


def _filled(history, members: tuple[str, ...]) -> np.ndarray:
    """The members' main-net series, each quiet member's last value carried to the
    newest minute any member has (its cumulative flow did not change since: the
    history fills those minutes itself once the member's next point comes)."""
    rows = np.stack([history.series_row(m, _MAIN) for m in members])
    lasts = [history.last_minute(m) for m in members]
    newest = max(lasts)
    for row, last in zip(rows, lasts, strict=True):
        if 0 <= last < newest:
            row[last + 1: newest + 1] = row[last]
    return rows

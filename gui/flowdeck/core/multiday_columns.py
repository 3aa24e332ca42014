"""The multi-day numbers as the alert engine (its `extra` provider) and the table read
them: the archive's part, fixed between day rolls, plus the live main nets.

    part = archived_part(matrix, calendars, live_days, codes=watched)  # open, day roll
    provider = MultiDayColumns(part)
    engine = AlertEngine(rules, watchlists, extra=provider)
    ...each batch: provider.note_details(batch.details); engine.evaluate(...)
    ...at a day roll or a new matrix: provider.roll(new part)

Per batch that is one gather and a vector add per window (multiday.combine), not a
pass over the archive. A live value counts for its market's live day only when its
record's update_time is on that day: before the open a feed may already show an empty
new day (or still yesterday's close), and neither must be taken for the other. A code
with no trade yet today (update_time "") has no live value: its window shows the
archived days only (`4/5`) until it trades.

The part is built over the codes watched (not only the archive's); a code added since
has a window of its live day alone, ratio unknown, until the next `roll`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .batch import RecordColumns
from .multiday import ArchivedPart, MultiDayNumbers, combine
from .records import NUMERIC_KEYS, CapitalFlowDetail

_MAIN = NUMERIC_KEYS.index("main_net_inflow")


class MultiDayColumns:
    """Derived columns for batches; `part` is the current ArchivedPart."""

    def __init__(self, part: ArchivedPart) -> None:
        self.part = part
        self._turnover = np.full(len(part.codes) + 1, np.nan)
        self._last_codes: list[str] = []
        self._last_rows = np.zeros(0, np.intp)

    def roll(self, part: ArchivedPart) -> None:
        """A new archived part (archive opened, day rolled, codes changed). The live
        turnovers noted carry over for codes whose live day is the same."""
        old, turnover = self.part, self._turnover
        self.part = part
        self._turnover = np.full(len(part.codes) + 1, np.nan)
        self._last_codes = []
        if old.codes:
            rows = part.rows_for(old.codes)
            same = part.live_iso[rows] == old.live_iso[:-1]
            self._turnover[rows[same]] = turnover[:-1][same]
            self._turnover[-1] = np.nan  # codes the new part does not hold

    def note_details(self, details: Mapping[str, CapitalFlowDetail]) -> None:
        """The live turnovers of a batch's details (the ratios need them)."""
        if details:
            codes = list(details)
            self.note_turnover(codes, [d.turnover for d in details.values()])

    def note_turnover(self, codes: Sequence[str], turnover: Sequence[float]) -> None:
        self._turnover[self.part.rows_for(codes)] = np.asarray(turnover, np.float64)
        self._turnover[-1] = np.nan

    def numbers(self, columns: RecordColumns) -> MultiDayNumbers:
        """The windows and streaks of `columns.codes`, with their live values."""
        rows = self._rows_for(columns.codes)
        main = columns.values[:, _MAIN]
        days = np.asarray(columns.update_times, dtype="U10")
        live_main = np.where(days == self.part.live_iso[rows], main, np.nan)
        return combine(self.part, rows, live_main, self._turnover[rows])

    def extra_columns(self, columns: RecordColumns) -> np.ndarray:
        """The alert engine's ExtraColumns."""
        return self.numbers(columns).columns()

    def _rows_for(self, codes: list[str]) -> np.ndarray:
        # Batches repeat the same code list; comparing it is cheaper than 5,000 lookups.
        if codes != self._last_codes:
            self._last_rows = self.part.rows_for(codes)
            self._last_codes = list(codes)
        return self._last_rows

"""The multi-day numbers of every FlowTable row (3/5/10/20-day main nets and ratios,
how many of those days are known, the main inflow streak), from a provider the window
injects: the archive's part plus the live values (core.multiday_columns).

A batch only marks its rows (`mark`): the numbers are computed when a reader needs them
(`update`: the rows on screen while a multi-day column is shown, every row for a sort by
one), the marked ones in one vectorised step (the provider's `combine`), never per cell.
With the columns hidden, which is the default, a batch costs a mask write. The live
turnovers the ratios need are read then too, for those rows only, from the details the
store keeps (not from each batch: the alert pipeline notes them per batch already when
it shares the provider).

Numpy only, no Qt: the model and the cells read it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from ...core.batch import RecordColumns
from ...core.derived_fields import WINDOWS
from ...core.flow_table import FlowTable
from ...core.multiday import MultiDayNumbers
from ...core.records import CapitalFlowDetail
from .columns import Column

log = logging.getLogger("flowdeck.table")


class MultiDayProvider(Protocol):
    """What the table needs of a multi-day source (core.multiday_columns.MultiDayColumns
    is one): the numbers of some codes with their live records, and the live turnovers
    (the ratios need them). When its archived part changes (archive opened, day rolled)
    the window tells the model (FlowTableModel.set_multiday or refresh_multiday)."""

    def numbers(self, columns: RecordColumns) -> MultiDayNumbers: ...

    def note_turnover(self, codes: Sequence[str], turnover: Sequence[float]) -> None: ...


class MultiDayRows:
    """Row r is FlowTable row r. Unknown is NaN: no provider, no day of the window known,
    an unknown ratio; the streak is NaN when neither the live day nor the two before it
    are known (a code FlowDeck has no history of)."""

    def __init__(self) -> None:
        self.provider: MultiDayProvider | None = None
        width = len(WINDOWS)
        self.net = np.full((0, width), np.nan)
        self.ratio = np.full((0, width), np.nan)
        self.days = np.zeros((0, width), np.int32)
        self.streak = np.full(0, np.nan)
        self._dirty = np.zeros(0, bool)
        self._any_dirty = False
        self._failed = False

    def set_provider(self, provider: MultiDayProvider | None, n: int) -> None:
        self.provider = provider
        self.mark_all(n)

    def mark_all(self, n: int) -> None:
        """Every row to be computed again (new codes: `n` rows; a new provider or a
        rolled part)."""
        width = len(WINDOWS)
        self.net = np.full((n, width), np.nan)
        self.ratio = np.full((n, width), np.nan)
        self.days = np.zeros((n, width), np.int32)
        self.streak = np.full(n, np.nan)
        self._dirty = np.ones(n, bool)
        self._any_dirty = n > 0
        self._failed = False

    def mark(self, rows: np.ndarray) -> None:
        """Rows whose live values changed (a batch's)."""
        if len(rows) and self.provider is not None:
            self._dirty[rows] = True
            self._any_dirty = True

    @property
    def pending(self) -> bool:
        return self._any_dirty and self.provider is not None

    def update(self, table: FlowTable, details: Mapping[str, CapitalFlowDetail],
               among: np.ndarray | None = None) -> bool:
        """Compute the marked rows (only those `among` these rows when given); True when
        anything was computed. `details`: the store's, for the live turnovers."""
        if not self.pending:
            return False
        if among is None:
            rows = np.flatnonzero(self._dirty)
        else:
            rows = np.unique(among[self._dirty[among]])
            if not len(rows):
                return False
        self._dirty[rows] = False
        self._any_dirty = bool(self._dirty.any()) if among is not None else False
        # All rows: the table's own list, which the provider recognises without a lookup.
        codes = (table.codes if len(rows) == table.n
                 else [table.codes[r] for r in rows.tolist()])
        columns = RecordColumns(codes, table.values[rows], table.update_time[rows].tolist())
        try:
            known = [(c, d.turnover) for c in codes if (d := details.get(c)) is not None]
            if known:
                self.provider.note_turnover([c for c, _ in known], [t for _, t in known])
            numbers = self.provider.numbers(columns)
        except Exception:
            # A broken archive part must not break the table's painting: the columns
            # show "—" and the log says why (once until the next provider or roll).
            if not self._failed:
                log.exception("the multi-day numbers could not be computed")
            self._failed = True
            return False
        at = [numbers.windows.index(n) for n in WINDOWS]
        self.net[rows] = numbers.net[:, at]
        self.ratio[rows] = numbers.ratio[:, at]
        self.days[rows] = numbers.days[:, at]
        self.streak[rows] = np.where(numbers.days[:, at[0]] > 0, numbers.streak, np.nan)
        return True

    # --- reading (after `update`) --------------------------------------------------------

    def value(self, r: int, col: Column) -> float:
        if col.kind == "streak":
            return float(self.streak[r])
        w = WINDOWS.index(col.days)
        return float((self.net if col.kind == "net_days" else self.ratio)[r, w])

    def known_days(self, r: int, col: Column) -> int:
        """How many of the window's trading days are known (`col.days` when whole)."""
        return int(self.days[r, WINDOWS.index(col.days)])

    def keys(self, col: Column) -> np.ndarray:
        """Per row, what a sort by `col` orders by (NaN: unknown, sorted last)."""
        if col.kind == "streak":
            return self.streak
        w = WINDOWS.index(col.days)
        return (self.net if col.kind == "net_days" else self.ratio)[:, w]

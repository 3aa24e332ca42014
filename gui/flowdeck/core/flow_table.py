"""The live table's data: one row per code of the active watchlist, in watchlist order,
held in numpy arrays that a batch updates in one vectorised step.

Pure (numpy only). The window's table model adapts it; the model owns the display
order (sorting, filtering) as a permutation over these rows, so this store never moves
its rows except in `set_codes`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np

from .batch import Batch
from .codes import Market, parse_code
from .markets import MARKET_ORDER, MARKETS
from .records import NUMERIC_KEYS

N_NUMBERS = len(NUMERIC_KEYS)
_MARKET_POS = {m: i for i, m in enumerate(MARKET_ORDER)}
_BY_PREFIX = {f"{m.value}.": m for m in MARKET_ORDER}


def _market_of(code: str) -> Market:
    """The market of a normalised code (its prefix); anything else is parsed, and
    raises INVALID_CODE."""
    m = _BY_PREFIX.get(code[:3])
    return m if m is not None else parse_code(code).market


class FlowTable:
    """Rows = codes; per row the 12 numbers, update time, currency, market, last error
    and the wall time of the last record."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self._row: dict[str, int] = {}
        self.values = np.full((0, N_NUMBERS), np.nan)
        self.update_time = np.zeros(0, object)   # str per row ("" before a record)
        self.currency: list[str] = []
        self.market = np.zeros(0, np.int8)
        self.error = np.zeros(0, object)         # (code, message) or None per row
        self.last_wall = np.full(0, np.nan)
        self._last_codes: list[str] = []         # the codes of the last batch ...
        self._last_rows = np.zeros(0, np.intp)   # ... and their rows
        self._errors_set = False                 # whether any row may hold an error

    @property
    def n(self) -> int:
        return len(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def row_of(self, code: str) -> int | None:
        return self._row.get(code)

    def values_of(self, codes: Sequence[str], field: str) -> dict[str, float]:
        """{code: the field's current value} for the codes that have one, exact."""
        column = NUMERIC_KEYS.index(field)
        out = {}
        for code in codes:
            row = self._row.get(code)
            if row is not None and np.isfinite(self.values[row, column]):
                out[code] = float(self.values[row, column])
        return out

    def set_codes(self, codes: Sequence[str]) -> None:
        """Rows become `codes` (duplicates once) in this order; rows of codes kept keep
        their values, new ones start empty (NaN). Codes must be valid (core.codes)."""
        codes = list(dict.fromkeys(codes))
        old = np.fromiter((self._row.get(c, -1) for c in codes), np.intp, len(codes))
        kept = old >= 0
        values = np.full((len(codes), N_NUMBERS), np.nan)
        values[kept] = self.values[old[kept]]
        last_wall = np.full(len(codes), np.nan)
        last_wall[kept] = self.last_wall[old[kept]]
        market = np.empty(len(codes), np.int8)
        update_time = np.full(len(codes), "", object)
        error = np.full(len(codes), None, object)
        update_time[kept] = self.update_time[old[kept]]
        error[kept] = self.error[old[kept]]
        market[kept] = self.market[old[kept]]
        currency: list[str] = []
        for i, (code, j) in enumerate(zip(codes, old.tolist(), strict=True)):
            if j >= 0:
                currency.append(self.currency[j])
            else:
                m = _market_of(code)
                market[i] = _MARKET_POS[m]
                currency.append(MARKETS[m].currency)
        self.codes = codes
        self._row = {c: i for i, c in enumerate(codes)}
        self.values, self.last_wall, self.market = values, last_wall, market
        self.update_time, self.currency, self.error = update_time, currency, error
        self._last_codes, self._last_rows = [], np.zeros(0, np.intp)
        self._errors_set = any(e is not None for e in error.tolist())

    def rows_of(self, codes: Sequence[str]) -> np.ndarray:
        """Row of each code, -1 where not in the table."""
        return np.fromiter(map(self._row.get, codes, itertools.repeat(-1, len(codes))),
                           np.intp, len(codes))

    def apply(self, batch: Batch, wall: float) -> np.ndarray:
        """Write a batch's records and errors (codes not in the table are ignored);
        returns the touched rows, sorted. `wall` is the monotonic time of arrival."""
        cols = batch.record_columns()
        touched = []
        if len(cols):
            # A source usually sends the same codes in the same order: look them up once.
            if cols.codes == self._last_codes:
                rows = self._last_rows
            else:
                rows = self.rows_of(cols.codes)
                self._last_codes, self._last_rows = list(cols.codes), rows
            values, times = cols.values, cols.update_times
            if not (rows >= 0).all():
                idx = np.flatnonzero(rows >= 0)
                rows, values = rows[idx], values[idx]
                times = [times[i] for i in idx.tolist()]
            self.values[rows] = values
            self.last_wall[rows] = wall
            self.update_time[rows] = times
            if self._errors_set:  # a record clears its row's error (5,000 Nones: 40 us)
                self.error[rows] = None
            touched.append(rows)
        if batch.errors:
            err_rows = []
            for code, err in batch.errors.items():
                r = self._row.get(code)
                if r is not None:
                    self.error[r] = (int(err[0]), str(err[1]))
                    self._errors_set = True
                    err_rows.append(r)
            touched.append(np.asarray(err_rows, np.intp))
        if not touched:
            return np.zeros(0, np.intp)
        mark = np.zeros(self.n, bool)
        for rows in touched:
            mark[rows] = True
        return np.flatnonzero(mark)

    def open_mask(self, market_open: Mapping[str, bool]) -> np.ndarray:
        """Per row, whether its market is open (`market_open` keyed by market name)."""
        table = np.array([bool(market_open.get(m.value, False)) for m in MARKET_ORDER])
        return table[self.market]

    def stale_mask(self, wall: float, stale_after_s: float,
                   market_open: Mapping[str, bool]) -> np.ndarray:
        """Rows whose market is open and that had a record, but none for more than
        `stale_after_s` seconds before `wall`. A row that never had a record is not
        stale (it shows no numbers at all); at lunch or after the close no row is."""
        with np.errstate(invalid="ignore"):
            old = (wall - self.last_wall) > stale_after_s  # NaN compares False
        return old & self.open_mask(market_open)

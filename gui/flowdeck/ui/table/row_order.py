"""The table's display order: a permutation of FlowTable rows, from a stable numpy
argsort on one column and a code-substring filter. Numpy only; the model applies it.

`order[i]` is the table row shown at model row i; `position[r]` is the model row of
table row r, or -1 when the filter hides it.
"""

from __future__ import annotations

import numpy as np

from ...core.flow_table import FlowTable
from .columns import Column
from .multiday_rows import MultiDayRows
from .quote_rows import QuoteRows


def sort_keys(table: FlowTable, column: Column,
              multiday: MultiDayRows | None = None,
              quotes: QuoteRows | None = None) -> np.ndarray | None:
    """One float per table row that orders it by `column` (NaN: no value); None for a
    column that does not sort (keeps the table's own order). A multi-day column reads
    `multiday` (brought up to date by the caller; None: no values, the table's order),
    a quote column `quotes` (the name's text, the price's numbers)."""
    if column.multiday:
        return multiday.keys(column) if multiday is not None else None
    if column.quote:
        return quotes.keys(column.kind) if quotes is not None else None
    if column.numeric:
        return table.values[:, column.number]
    if column.kind == "code":
        texts = table.codes
    elif column.kind == "currency":
        texts = table.currency
    elif column.kind == "time":
        texts = table.update_time.tolist()
    else:
        return None
    if len(texts) == 0:
        return np.zeros(0)
    _, rank = np.unique(np.asarray(texts), return_inverse=True)
    keys = rank.astype(np.float64)
    if column.kind == "time":  # no time yet sorts like a missing number: last
        keys[np.asarray([not t for t in texts])] = np.nan
    return keys


def stable_order(keys: np.ndarray | None, n: int, descending: bool) -> np.ndarray:
    """Row indices sorted by `keys` (stable: ties keep the table's order; NaN last in
    both directions)."""
    if keys is None:
        return np.arange(n, dtype=np.intp)
    k = -keys if descending else keys
    return np.argsort(k, kind="stable").astype(np.intp, copy=False)


def filter_mask(codes: list[str], text: str) -> np.ndarray | None:
    """Rows whose code contains `text` (case-insensitive); None when no filter."""
    needle = text.strip().upper()
    if not needle:
        return None
    return np.fromiter((needle in c.upper() for c in codes), bool, len(codes))


class RowOrder:
    """The current permutation and its inverse."""

    def __init__(self) -> None:
        self.order = np.zeros(0, np.intp)
        self.position = np.zeros(0, np.intp)
        self.rows: list[int] = []  # order as Python ints, for data()

    def __len__(self) -> int:
        return len(self.rows)

    def set(self, order: np.ndarray, n: int) -> None:
        self.order = order
        self.position = np.full(n, -1, np.intp)
        self.position[order] = np.arange(len(order), dtype=np.intp)
        self.rows = order.tolist()

    @staticmethod
    def compute(table: FlowTable, column: Column | None, descending: bool,
                text: str, multiday: MultiDayRows | None = None,
                quotes: QuoteRows | None = None) -> np.ndarray:
        n = table.n
        keys = sort_keys(table, column, multiday, quotes) if column is not None else None
        order = stable_order(keys, n, descending)
        mask = filter_mask(table.codes, text)
        if mask is not None:
            order = order[mask[order]]
        return order

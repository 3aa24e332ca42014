"""The table's display order: a permutation of FlowTable rows, from a stable numpy
argsort on one column and a code-substring filter. Numpy only; the model applies it.

An amount column over rows of more than one currency sorts by the amounts in the base
currency (core.currency.Rates): US.TSLA's 327M USD against HK.00700's 74M HKD as 2.5B
against 74M HKD. Rows whose currency has no rate are not converted: they come after
the converted ones, a block per currency in its own amounts (then rows with no value).

`order[i]` is the table row shown at model row i; `position[r]` is the model row of
table row r, or -1 when the filter hides it.
"""

from __future__ import annotations

import numpy as np

from ...core.currency import Rates
from ...core.flow_table import FlowTable
from ...core.markets import MARKET_ORDER, MARKETS
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


#: The columns whose numbers are amounts in the row's currency (a sparkline sorts by
#: its series' net).
AMOUNT_KINDS = frozenset({"net", "spark", "net_days"})


def currencies_shown(table: FlowTable) -> list[str]:
    """The currencies of the table's rows, each once, in market order."""
    present = np.unique(table.market).tolist()
    return list(dict.fromkeys(MARKETS[MARKET_ORDER[m]].currency for m in present))


# Each market's currency as a number, in market order's first use (HKD, USD, CNY):
# the block a row without a rate sorts in (SH and SZ are one CNY block).
_CURRENCIES = list(dict.fromkeys(MARKETS[m].currency for m in MARKET_ORDER))
_CURRENCY_OF_MARKET = np.array([_CURRENCIES.index(MARKETS[m].currency) for m in MARKET_ORDER],
                               np.int64)


def base_currency_groups(table: FlowTable, column: Column, keys: np.ndarray | None,
                         rates: Rates | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """`keys` in the base currency when `column` is an amount and the rows mix
    currencies, and a group per row: 0 converted, 1 + its market's position for a row
    whose currency has no rate (1 + its currency's number: one block per currency),
    9 no value (None: one group, nothing to convert)."""
    if keys is None or rates is None or column.kind not in AMOUNT_KINDS \
            or len(currencies_shown(table)) < 2:
        return keys, None
    converted = rates.convert(keys, rates.market_factors()[table.market])
    if converted.known.all():  # one group: a plain argsort (NaN still last)
        return converted.values, None
    group = np.where(converted.known, 0, 1 + _CURRENCY_OF_MARKET[table.market])
    group[np.isnan(keys)] = 9
    return converted.values, group


def stable_order(keys: np.ndarray | None, n: int, descending: bool,
                 group: np.ndarray | None = None) -> np.ndarray:
    """Row indices sorted by `keys` (stable: ties keep the table's order; NaN last in
    both directions), within ascending `group`s when given."""
    if keys is None:
        return np.arange(n, dtype=np.intp)
    k = -keys if descending else keys
    if group is not None:  # lexsort is stable; its last key is the first one sorted by
        return np.lexsort((k, group)).astype(np.intp, copy=False)
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
                quotes: QuoteRows | None = None, rates: Rates | None = None) -> np.ndarray:
        n = table.n
        keys = group = None
        if column is not None:
            keys = sort_keys(table, column, multiday, quotes)
            keys, group = base_currency_groups(table, column, keys, rates)
        order = stable_order(keys, n, descending, group)
        mask = filter_mask(table.codes, text)
        if mask is not None:
            order = order[mask[order]]
        return order

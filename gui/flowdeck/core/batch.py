"""What a source delivers: a batch of records, details, minute points, per-code errors
and market states. Plain data (numpy, no asyncio), shared by feeds, the gateway, the
client and the window.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .big_trades import BigTrades
from .markets import MarketState
from .records import NUMERIC_KEYS, CapitalFlowDetail, CapitalFlowRecord
from .stock_info import Quote

_NUMBERS = operator.attrgetter(*NUMERIC_KEYS)


@dataclass(slots=True)
class MinutePoints:
    """New per-minute points: point j is `codes[j]` at trading minute `minutes[j]`, with
    the cumulative net inflow per series (main, retail, super, large, medium, small) at
    the end of that minute in `values[j]`. Sorted by code, then minute. float64, as the
    engine sums them: the API hands them out, and a code's last point must equal its
    record (a window may store them as float32 for drawing). `prices`, where the source
    has its trades (the simulator, a replay): the price of each point's minute's last
    trade, for the detail chart's price line; None otherwise."""
    codes: list[str]
    minutes: np.ndarray  # int32 (k,)
    values: np.ndarray   # float64 (k, 6)
    prices: np.ndarray | None = None  # float64 (k,)

    @classmethod
    def empty(cls) -> MinutePoints:
        return cls([], np.zeros(0, np.int32), np.zeros((0, 6), np.float64))

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(slots=True)
class MarketStatus:
    state: MarketState
    local_time: str  # the market's clock, `YYYY-MM-DD HH:MM:SS` exchange time


@dataclass(slots=True, eq=False)
class RecordColumns:
    """A batch's records in columns: row j is `codes[j]`, its 12 numbers in NUMERIC_KEYS
    order in `values[j]`, its update time in `update_times[j]`. Producers that hold
    arrays (the simulator) fill it off the UI thread, so the window writes a whole batch
    into its table in one numpy step instead of reading thousands of records."""
    codes: list[str]
    values: np.ndarray        # float64 (k, 12)
    update_times: Sequence[str]  # a list, or an object array (the simulator's)

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def empty(cls) -> RecordColumns:
        return cls([], np.zeros((0, len(NUMERIC_KEYS))), [])

    @classmethod
    def from_records(cls, records: Mapping[str, CapitalFlowRecord]) -> RecordColumns:
        """The columns of `records` (any source), in the mapping's order."""
        recs = list(records.values())
        if not recs:
            return cls.empty()
        values = np.array([_NUMBERS(r) for r in recs], np.float64)
        return cls([r.code for r in recs], values.reshape(len(recs), len(NUMERIC_KEYS)),
                   [r.update_time for r in recs])


def merge_columns(parts: Sequence[RecordColumns]) -> RecordColumns:
    """Several batches' columns as one; a later row for the same code wins."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return RecordColumns.empty()
    if len(parts) == 1:
        return parts[0]
    where: dict[str, int] = {}
    codes = [c for p in parts for c in p.codes]
    for i, code in enumerate(codes):
        where[code] = i  # the last one
    keep = np.fromiter(where.values(), np.intp, len(where))
    values = np.concatenate([p.values for p in parts])[keep]
    times = [t for p in parts for t in p.update_times]
    return RecordColumns(list(where), values, [times[i] for i in keep.tolist()])


@dataclass(slots=True, eq=False)
class QuoteColumns:
    """`Batch.quotes` again in columns (same codes, same numbers), for a table that
    writes 5,000 prices a second in one numpy step rather than a loop over Quotes."""
    codes: list[str]
    last: np.ndarray        # float64, NaN: no trade yet
    prev_close: np.ndarray  # float64, NaN: unknown

    @classmethod
    def from_quotes(cls, quotes: Mapping[str, Quote]) -> QuoteColumns:
        items = list(quotes.values())
        return cls(list(quotes), np.fromiter((q.last for q in items), np.float64, len(items)),
                   np.fromiter((math.nan if q.prev_close is None else q.prev_close
                                for q in items), np.float64, len(items)))


@dataclass(slots=True)
class Batch:
    records: dict[str, CapitalFlowRecord] = field(default_factory=dict)
    details: dict[str, CapitalFlowDetail] = field(default_factory=dict)
    points: MinutePoints = field(default_factory=MinutePoints.empty)
    errors: dict[str, tuple[int, str]] = field(default_factory=dict)
    markets: dict[str, MarketStatus] = field(default_factory=dict)  # keyed by Market value
    snapshot: bool = False  # True when `points` holds each code's whole day so far
    # Optional: `records` again, in columns (same codes, same values). None when the
    # producer did not fill it; `record_columns()` then builds it from `records`.
    columns: RecordColumns | None = None
    # Prices where the source has them: the codes whose quote changed (all of them in a
    # snapshot), by code. Empty from a source without prices.
    quotes: dict[str, Quote] = field(default_factory=dict)
    # Optional: `quotes` again in columns (a producer that holds arrays fills it).
    quote_columns: QuoteColumns | None = None
    # The big trades classified since the last batch (big_trades.py), in print order.
    trades: BigTrades = field(default_factory=BigTrades.empty)

    def record_columns(self) -> RecordColumns:
        """`columns` when the producer filled it, else built from `records`."""
        if self.columns is not None:
            return self.columns
        return RecordColumns.from_records(self.records)

    def quote_cols(self) -> QuoteColumns:
        """`quote_columns` when the producer filled it, else built from `quotes`."""
        if self.quote_columns is not None:
            return self.quote_columns
        return QuoteColumns.from_quotes(self.quotes)

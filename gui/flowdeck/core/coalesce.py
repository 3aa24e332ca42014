"""Merging batches: whatever a feed delivered since the window last drew becomes one
batch, so a fast feed never queues work behind the UI.

Rules: the latest record and detail per code win; minute points accumulate (a later
point for the same code and minute wins when the history applies them); the latest
error per code and the latest status per market win; big trades all stay, in order; a
record after an error clears that error (the code is updating again). When producers
fill `Batch.columns` (the records in numpy columns), the merge carries merged columns
too. A snapshot restarts
the day of the codes it covers: points of those codes that arrived before it are
dropped, and the merged batch names them in `restart` so the caller clears their
history first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .batch import Batch, MinutePoints, RecordColumns, merge_columns
from .big_trades import BigTrades, concat_trades


def snapshot_codes(batch: Batch) -> set[str]:
    """The codes a snapshot batch covers: every code it says anything about."""
    return set(batch.records) | set(batch.details) | set(batch.errors) | set(batch.points.codes)


def concat_points(parts: list[MinutePoints]) -> MinutePoints:
    """Points of several batches as one, sorted by code then minute; the order of equal
    (code, minute) points is kept, so the later one still wins."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return MinutePoints.empty()
    if len(parts) == 1:
        return parts[0]
    codes = [c for p in parts for c in p.codes]
    minutes = np.concatenate([np.asarray(p.minutes, np.int32) for p in parts])
    values = np.concatenate([np.asarray(p.values, np.float64) for p in parts])
    order = np.lexsort((minutes, np.asarray(codes)))  # lexsort is stable
    prices = None  # a part without them: none (NaN would read as "no trade")
    if all(p.prices is not None for p in parts):
        prices = np.concatenate([p.prices for p in parts])[order]
    return MinutePoints([codes[i] for i in order.tolist()], minutes[order], values[order],
                        prices)


def _drop_codes(points: MinutePoints, drop: set[str]) -> MinutePoints:
    if not len(points) or not drop:
        return points
    keep = np.fromiter((c not in drop for c in points.codes), bool, len(points))
    if keep.all():
        return points
    idx = np.flatnonzero(keep)
    return MinutePoints([points.codes[i] for i in idx.tolist()],
                        points.minutes[idx], points.values[idx],
                        None if points.prices is None else points.prices[idx])


@dataclass(slots=True)
class Coalescer:
    """Collects batches with `add`; `take` hands back their merge and starts over."""
    records: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    markets: dict = field(default_factory=dict)
    quotes: dict = field(default_factory=dict)  # the latest per code
    points: list[MinutePoints] = field(default_factory=list)
    trades: list[BigTrades] = field(default_factory=list)  # every one is kept
    columns: list[RecordColumns | Batch] = field(default_factory=list)
    has_columns: bool = False  # a producer filled `Batch.columns`: keep them merged
    snapshot: bool = False
    restart: set[str] = field(default_factory=set)
    batches: int = 0      # batches added since the last take
    received: int = 0     # records added since the last take

    def __bool__(self) -> bool:
        return self.batches > 0

    def add(self, batch: Batch) -> None:
        if batch.snapshot:
            covered = snapshot_codes(batch)
            self.points = [_drop_codes(p, covered) for p in self.points]
            self.restart |= covered
            self.snapshot = True
        for code in batch.records:
            self.errors.pop(code, None)
        self.records.update(batch.records)
        self.details.update(batch.details)
        self.errors.update(batch.errors)
        self.markets.update(batch.markets)
        self.quotes.update(batch.quotes)
        if len(batch.points):
            self.points.append(batch.points)
        if len(batch.trades):
            self.trades.append(batch.trades)
        if batch.records:
            self.columns.append(batch if batch.columns is None else batch.columns)
            self.has_columns |= batch.columns is not None
        self.batches += 1
        self.received += len(batch.records)

    def take(self) -> tuple[Batch, set[str]]:
        """(the merged batch, the codes whose day restarts); empties the coalescer."""
        columns = None
        if self.has_columns:
            columns = merge_columns([c.record_columns() if isinstance(c, Batch) else c
                                     for c in self.columns])
        batch = Batch(records=self.records, details=self.details,
                      points=concat_points(self.points), errors=self.errors,
                      markets=self.markets, snapshot=self.snapshot, columns=columns,
                      quotes=self.quotes, trades=concat_trades(self.trades))
        restart = self.restart
        self.records, self.details, self.errors, self.markets = {}, {}, {}, {}
        self.quotes = {}
        self.points, self.columns, self.snapshot, self.restart = [], [], False, set()
        self.trades = []
        self.has_columns = False
        self.batches = self.received = 0
        return batch, restart


def merge_batches(batches: Iterable[Batch]) -> Batch:
    """The batches merged by the rules above, as one batch."""
    coalescer = Coalescer()
    for batch in batches:
        coalescer.add(batch)
    return coalescer.take()[0]

"""A past day as a LiveStore: the archived close of each code of the watchlist on one
day, in the shape the table model reads (records, details, minute points), so the live
table's own model and delegates show it, unchanged. A code the archive has no row of for
that day keeps an empty row (every number "—"); a ratio over an unknown turnover is NaN
("—"), never a made-up number.

Reading 5,000 codes takes about a second (two indexed reads a code), so `fill_store`
reads in chunks in a worker thread and writes each chunk into the store on the loop's
thread as it comes: the table fills while the user waits, and the loop never stalls.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from collections.abc import Callable, Sequence

import numpy as np

from ...core.batch import Batch, MinutePoints, RecordColumns
from ...core.day_flow import DayFlow
from ...core.history import series_values
from ...core.records import NUMERIC_KEYS, CapitalFlowDetail
from ...live.store import LiveStore
from ..detail.day_reader import DayReader

CHUNK = 250  # codes a read in the worker; a chunk's points are ~4 MB in float64


def _number(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _detail(flow: DayFlow) -> CapitalFlowDetail:
    return CapitalFlowDetail(flow.code, flow.update_time, _number(flow.turnover), 0,
                             tuple(_number(v) for v in flow.inflow),
                             tuple(_number(v) for v in flow.outflow))


def _points(codes: list[str], series: list[np.ndarray]) -> MinutePoints:
    """The minutes with a value of each code's (minutes, 4) series, as six series."""
    parts_codes: list[str] = []
    minutes, values = [], []
    for code, tiers in zip(codes, series, strict=True):
        keep = np.flatnonzero(np.isfinite(tiers).all(axis=1))
        parts_codes += [code] * len(keep)
        minutes.append(keep.astype(np.int32))
        values.append(series_values(tiers[keep]))
    if not parts_codes:
        return MinutePoints.empty()
    return MinutePoints(parts_codes, np.concatenate(minutes), np.concatenate(values))


def past_batch(reader: DayReader, codes: Sequence[str], day: dt.date) -> Batch:
    """The archived close of `codes` on `day` as one batch (codes without a row are not
    in it)."""
    flows: list[DayFlow] = []
    for code in codes:
        flows += [f for f in reader.days(code, day, day) if f.day == day][-1:]
    if not flows:
        return Batch()
    values = np.array([[_number(f.record_dict()[k]) for k in NUMERIC_KEYS] for f in flows],
                      np.float64).reshape(len(flows), len(NUMERIC_KEYS))
    columns = RecordColumns([f.code for f in flows], values, [f.update_time for f in flows])
    with_minutes, series = [], []
    for f in flows:
        tiers = reader.minutes(f.code, day)
        if tiers is not None:
            with_minutes.append(f.code)
            series.append(np.asarray(tiers, np.float64))
    return Batch(details={f.code: _detail(f) for f in flows},
                 points=_points(with_minutes, series), columns=columns, snapshot=True)


def new_past_store(codes: Sequence[str]) -> LiveStore:
    """An empty store with the watchlist's rows (every number "—" until filled)."""
    store = LiveStore()
    store.set_codes(list(codes))
    return store


async def fill_store(store: LiveStore, reader: DayReader, day: dt.date, *,
                     chunk: int = CHUNK,
                     progress: Callable[[int, int], None] | None = None) -> int:
    """Read the store's codes' archived `day` (in a worker, `chunk` codes at a time) and
    write each chunk into the store. Returns how many codes had a row."""
    codes = list(store.codes)
    found = 0
    for i in range(0, len(codes), chunk):
        part = codes[i:i + chunk]
        batch = await asyncio.to_thread(past_batch, reader, part, day)
        found += len(batch.record_columns())
        # wall 0: a past row is never "stale" (nothing could update it).
        store.apply(batch, 0.0)
        if progress is not None:
            progress(min(i + chunk, len(codes)), len(codes))
    return found

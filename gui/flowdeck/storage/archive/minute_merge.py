"""Merging the live day's minutes into the series the archive holds.

The window saves its day every few minutes, handing over only the minutes since the
previous save (NaN elsewhere: DayFlow.minutes_merge); the archive puts them over the
stored series and fills the minutes between points with the last value before them
(a cumulative series is gap-free: no trade in a minute leaves it where it was).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def merge_minutes(old: np.ndarray | None, new: np.ndarray,
                  complete: bool = False) -> np.ndarray:
    """`new`'s known minutes over `old` (when it has the same shape), then carried
    forward over unknown minutes between the first known one and the last (to the
    session's end when the day is `complete`: its last minute is the day's number).
    NaN before the first stays, and after the last while the day goes on."""
    new = np.asarray(new, np.float64)
    if old is not None and old.shape == new.shape:
        out = np.where(np.isnan(new), old, new)
    else:
        out = new.copy()
    known = ~np.isnan(out).any(axis=1)
    if known.all() or not known.any():
        return out
    idx = np.where(known, np.arange(len(out)), -1)
    np.maximum.accumulate(idx, out=idx)
    filled = out[np.maximum(idx, 0)]
    filled[idx < 0] = np.nan
    if not complete:
        filled[np.flatnonzero(known)[-1] + 1:] = np.nan
    return filled


def merge_many(olds: Sequence[np.ndarray | None], news: Sequence[np.ndarray],
               complete: Sequence[bool]) -> list[np.ndarray]:
    """`merge_minutes(olds[i], news[i], complete[i])` of each, the same numbers, in
    one numpy pass per series length (a save merges thousands of codes' days)."""
    out: list[np.ndarray] = [np.empty((0, 4))] * len(news)
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, new in enumerate(news):
        groups.setdefault(np.shape(new), []).append(i)
    for shape, items in groups.items():
        if len(shape) != 2 or not shape[0]:
            for i in items:
                out[i] = merge_minutes(olds[i], news[i], complete[i])
            continue
        new = np.stack([np.asarray(news[i], np.float64) for i in items])   # (k, m, t)
        old = np.full_like(new, np.nan)
        has_old = np.zeros(len(items), bool)
        for j, i in enumerate(items):
            if olds[i] is not None and olds[i].shape == shape:
                old[j], has_old[j] = olds[i], True
        merged = np.where(np.isnan(new) & has_old[:, None, None], old, new)
        known = ~np.isnan(merged).any(axis=2)                               # (k, m)
        idx = np.where(known, np.arange(shape[0]), -1)
        np.maximum.accumulate(idx, axis=1, out=idx)
        filled = np.take_along_axis(merged, np.maximum(idx, 0)[:, :, None], axis=1)
        filled[idx < 0] = np.nan
        last = shape[0] - 1 - np.argmax(known[:, ::-1], axis=1)             # last known
        after = np.arange(shape[0]) > last[:, None]
        going = ~np.asarray([complete[i] for i in items], bool)
        filled[after & going[:, None]] = np.nan
        # As merge_minutes: all minutes known, or none, is the merged series as it is.
        whole = known.all(axis=1) | ~known.any(axis=1)
        filled[whole] = merged[whole]
        for j, i in enumerate(items):
            out[i] = filled[j]
    return out

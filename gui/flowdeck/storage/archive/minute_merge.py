"""Merging the live day's minutes into the series the archive holds.

The window saves its day every few minutes, handing over only the minutes since the
previous save (NaN elsewhere: DayFlow.minutes_merge); the archive puts them over the
stored series and fills the minutes between points with the last value before them
(a cumulative series is gap-free: no trade in a minute leaves it where it was).
"""

from __future__ import annotations

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

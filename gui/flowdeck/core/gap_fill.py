"""The minutes between points that a per-minute store fills with the earlier value
(the intraday history's tiers, the live layer's prices a minute): a source sends only
the minutes something happened, and a quiet minute's cumulative flow or last price is
the one before it."""

from __future__ import annotations

import numpy as np


def gaps(rows: np.ndarray, minutes: np.ndarray,
         last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For points j at (rows[j], minutes[j]), a row's points together with their minutes
    ascending, and `last[row]` each row's last stored minute (-1 none):

    - first[j]: whether j is its row's first point here;
    - prev[j]: the minute before it (the previous point's, or the row's last stored;
      -1 none);
    - owner, at: the cells to fill, each the minute `at[i]` before point `owner[i]`
      and after `prev[owner[i]]` (none before a row's first minute ever)."""
    k = len(rows)
    first = np.ones(k, bool)
    first[1:] = rows[1:] != rows[:-1]
    prev = np.empty(k, np.intp)
    prev[1:] = minutes[:-1]
    prev[first] = last[rows[first]]
    gap = np.where(prev >= 0, minutes - prev - 1, 0)
    np.maximum(gap, 0, out=gap)
    total = int(gap.sum())
    owner = np.repeat(np.arange(k), gap)
    at = prev[owner] + 1 + (np.arange(total) - np.repeat(np.cumsum(gap) - gap, gap))
    return first, prev, owner, at

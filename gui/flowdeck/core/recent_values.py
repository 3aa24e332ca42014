"""Each symbol's most recent trade values, for the percentile tier mode."""

from __future__ import annotations

import numpy as np

from .tiers import recent_percentiles


class RecentValues:
    """A ring of each symbol's last `window` trade values; with at least `minimum` of
    them, a symbol's thresholds are their percentiles (tiers.recent_percentiles)."""

    def __init__(self, window: int, minimum: int) -> None:
        self.window = int(window)
        self.minimum = int(minimum)
        self._count = np.zeros(0, np.int64)
        self._ring = np.zeros((0, self.window), np.float64)

    def grow(self, cap: int, used: int) -> None:
        count = np.zeros(cap, np.int64)
        ring = np.zeros((cap, self.window), np.float64)
        count[:used] = self._count[:used]
        ring[:used] = self._ring[:used]
        self._count, self._ring = count, ring

    def reset(self, idx: np.ndarray | slice) -> None:
        self._count[idx] = 0

    def thresholds(self, ug: np.ndarray, fixed: np.ndarray) -> np.ndarray:
        """(g, 3) bounds for symbols `ug`: percentiles where history suffices, else the
        `fixed` rows (modified in place and returned)."""
        have = np.minimum(self._count[ug], self.window)
        enough = have >= self.minimum
        if enough.any():
            fixed[enough] = recent_percentiles(self._ring[ug[enough]], have[enough])
        return fixed

    def remember(self, s: np.ndarray, value: np.ndarray, rank: np.ndarray,
                 lengths: np.ndarray, ug: np.ndarray) -> None:
        """Append a batch's values (grouped by symbol; `rank` = position in its group)."""
        w = self.window
        keep = rank >= np.repeat(lengths - w, lengths)  # only a symbol's last w matter
        slot = (np.repeat(self._count[ug], lengths) + rank) % w
        self._ring[s[keep], slot[keep]] = value[keep]
        self._count[ug] += lengths

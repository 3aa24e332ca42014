"""Exact cumulative sums within groups of rows, for the engine's minute points.

A batch-wide cumsum minus each group's offset would be shorter, but its rounding grows
with the whole batch; cumulating each group on its own keeps a symbol's last point equal
to its record's nets, bit for bit.
"""

from __future__ import annotations

import numpy as np


class RankMajor:
    """A layout of rows that come in groups (a symbol's runs, one a minute) for
    cumulating each group exactly: no batch-wide cumsum minus offsets, whose rounding
    grows with the whole batch.

    Rows are placed rank-major, longest groups first: rank r of every group that is
    still running sits in one contiguous block, row for row under rank r - 1's, so the
    cumulation is one slice add per rank, however many groups."""

    def __init__(self, first: np.ndarray, length: np.ndarray) -> None:
        g = len(first)
        k = int(length.sum())
        longest = int(length.max())
        self.identity = longest == 1
        if self.identity:  # one row a group: nothing to move, nothing to add
            self.slot = np.arange(k)
            self.first = self.last = self.slot
            self.blocks: list[tuple[int, int, int]] = []
            return
        desc = np.argsort(-length, kind="stable")
        running = g - np.cumsum(np.bincount(length, minlength=longest + 1))[:longest]
        offset = np.zeros(longest + 1, np.intp)
        np.cumsum(running, out=offset[1:])
        place = np.empty(g, np.intp)
        place[desc] = np.arange(g)
        rank = np.arange(k) - np.repeat(first, length)
        self.slot = offset[rank] + np.repeat(place, length)  # row -> rank-major position
        self.first = place
        self.last = offset[length - 1] + place
        offs, runs = offset.tolist(), running.tolist()
        self.blocks = [(offs[r], offs[r - 1], runs[r]) for r in range(1, longest)]

    def cumulate(self, rows: np.ndarray) -> None:
        """In place, on rows laid out rank-major: each row += the one before in its group."""
        for here, below, count in self.blocks:
            rows[here:here + count] += rows[below:below + count]

    def to_groups(self, rows: np.ndarray) -> np.ndarray:
        """Rank-major rows back in group order."""
        return rows if self.identity else rows[self.slot]

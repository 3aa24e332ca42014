"""Minute points into the history without freezing the window: a small set goes in at
once; a large one (the snapshot of a watchlist of thousands: a million points and more)
goes in slices, one per turn of the event loop, the codes on screen first, so the first
frame shows complete sparklines while the rest loads behind it. The owner's `each`
(the live store's: a snapshot's prices a minute) gets every part as it goes in."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ...core.batch import MinutePoints
from ...core.history import IntradayHistory
from ...feeds.memory import return_freed_memory

SLICE_POINTS = 50_000  # about 5 ms of IntradayHistory.apply
FIRST_SLICE_AFTER_MS = 20


def points_of(points: MinutePoints, codes: Sequence[str]) -> MinutePoints:
    """The points of `codes`, found by bisection (points are sorted by code)."""
    all_codes = points.codes
    parts = []
    for code in codes:
        lo = bisect.bisect_left(all_codes, code)
        if lo < len(all_codes) and all_codes[lo] == code:
            parts.append(np.arange(lo, bisect.bisect_right(all_codes, code, lo)))
    if not parts:
        return MinutePoints.empty()
    idx = np.concatenate(parts)
    prices = points.prices
    return MinutePoints([all_codes[i] for i in idx.tolist()], points.minutes[idx],
                        points.values[idx], None if prices is None else prices[idx])


def points_slice(points: MinutePoints, lo: int, hi: int) -> MinutePoints:
    prices = points.prices
    return MinutePoints(points.codes[lo:hi], points.minutes[lo:hi], points.values[lo:hi],
                        None if prices is None else prices[lo:hi])


class HistoryLoader(QObject):
    """Applies points to an IntradayHistory, large sets in slices (see above)."""

    loaded = Signal()  # the last slice of a large set went in

    def __init__(self, history: IntradayHistory, parent: QObject | None = None,
                 slice_points: int = SLICE_POINTS) -> None:
        super().__init__(parent)
        self.history = history
        self.slice_points = slice_points
        self._pending: MinutePoints | None = None
        self._each: Callable[[MinutePoints], None] | None = None
        self._pos = 0

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def apply(self, points: MinutePoints, first: Sequence[str] = (),
              each: Callable[[MinutePoints], None] | None = None) -> bool:
        """Apply `points`, `first` codes' ones now. True when it all went in now; False
        when slices follow (then `loaded` is emitted at the end). Points given earlier
        and still pending go in first: the order of points is kept. `each(part)` after
        each part went in (the `first` codes' part again when their slice comes)."""
        self.flush()
        if len(points) <= self.slice_points:
            self._put(points, each)
            return True
        now = points_of(points, first)
        if len(now):
            self._put(now, each)
        self._pending, self._pos, self._each = points, 0, each
        # The rest after the first frame: a zero timer fired before the paint the codes
        # on screen asked for (table bench: a 50,000-point slice, 10-25 ms, ahead of it).
        QTimer.singleShot(FIRST_SLICE_AFTER_MS, self._step)
        return False

    def flush(self) -> None:
        """Apply whatever is pending, now."""
        if self._pending is not None:
            self._put(points_slice(self._pending, self._pos, len(self._pending)), self._each)
            self._finish()

    def _put(self, points: MinutePoints, each: Callable[[MinutePoints], None] | None) -> None:
        self.history.apply(points)
        if each is not None:
            each(points)

    def _finish(self) -> None:
        self._pending = self._each = None
        # A large load leaves much freed memory behind (temporaries, the points once
        # the caller lets go of them): give it back.
        return_freed_memory()
        self.loaded.emit()

    def _step(self) -> None:
        points = self._pending
        if points is None:
            return
        hi = min(self._pos + self.slice_points, len(points))
        self._put(points_slice(points, self._pos, hi), self._each)
        self._pos = hi
        if hi < len(points):
            QTimer.singleShot(0, self._step)
        else:
            del points  # nothing may hold the points while memory is returned
            self._finish()

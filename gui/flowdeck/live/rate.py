"""Records received per second over a sliding window (the status bar's rate)."""

from __future__ import annotations

import collections

RATE_WINDOW_S = 2.0


class UpdateRate:
    """Records received per second over the last `window_s` seconds."""

    def __init__(self, window_s: float = RATE_WINDOW_S) -> None:
        self.window_s = window_s
        self._events: collections.deque[tuple[float, int]] = collections.deque()
        self._total = 0

    def add(self, now: float, count: int) -> None:
        self._events.append((now, count))
        self._total += count
        self._trim(now)

    def per_second(self, now: float) -> float:
        self._trim(now)
        return self._total / self.window_s

    def _trim(self, now: float) -> None:
        while self._events and self._events[0][0] < now - self.window_s:
            self._total -= self._events.popleft()[1]

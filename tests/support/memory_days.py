"""Archived days held in memory: what a front end reads from the archive (days of one
code in a range, ascending; a code-day's minute series; the completed days), for tests
of the readers without SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np

from flowdeck.core.day_flow import DayFlow
from flowdeck.core.day_matrix import DayMatrix


class MemoryDays:
    def __init__(self, days: Iterable[DayFlow] = ()) -> None:
        self.calendars: dict = {}  # every market on weekdays, as the window's history has it
        self._by_code: dict[str, dict[dt.date, DayFlow]] = {}
        self.reads = 0
        self.save(days)

    def save(self, days: Iterable[DayFlow]) -> None:
        for d in days:
            self._by_code.setdefault(d.code, {})[d.day] = d

    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> list[DayFlow]:
        self.reads += 1
        held = self._by_code.get(code, {})
        return [held[k] for k in sorted(held)
                if (start is None or k >= start) and (end is None or k <= end)]

    def minutes(self, code: str, day: dt.date) -> np.ndarray | None:
        """The code-day's (minutes, 4) series as saved (None when saved without)."""
        self.reads += 1
        flow = self._by_code.get(code, {}).get(day)
        return None if flow is None or flow.minutes is None else flow.minutes

    def trading_days(self, last_n: int | None = None) -> list[dt.date]:
        """The days any code has complete, oldest first (the last `last_n`)."""
        days = sorted({d for held in self._by_code.values() for d, f in held.items()
                       if f.complete})
        return days if last_n is None else days[-last_n:]

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix:
        """The completed days of `codes` over the last `last_n_days` (NaN: not held)."""
        codes = list(dict.fromkeys(codes))
        days = self.trading_days(last_n_days)
        net = np.full((len(codes), len(days), 4), np.nan)
        turnover = np.full((len(codes), len(days)), np.nan)
        for i, code in enumerate(codes):
            held = self._by_code.get(code, {})
            for j, day in enumerate(days):
                if (flow := held.get(day)) is not None:
                    net[i, j] = flow.net
                    turnover[i, j] = np.nan if flow.turnover is None else flow.turnover
        return DayMatrix(codes, days, net, turnover)

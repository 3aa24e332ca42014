"""Archived days held in memory: what a front end reads from the archive (days of one
code in a range, ascending; a code-day's minute series; the completed days), for tests
of the readers without SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np

from flowdeck.core.day_flow import DayFlow


class MemoryDays:
    def __init__(self, days: Iterable[DayFlow] = ()) -> None:
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

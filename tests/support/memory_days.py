"""Archived days held in memory: what a front end reads from the archive (days of one
code in a range, ascending), for tests of the readers without SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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

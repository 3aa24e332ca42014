"""An archive in memory for the backfill's tests: MemoryDays (save, days) that also
records each save's code-days, and calls `after_save` (in the saving thread) once a save
is stored, or `before_save` before it is, so a test can stop a run at a known point."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable

from flowdeck.core.day_flow import DayFlow

from .memory_days import MemoryDays


class RecordingDays(MemoryDays):
    def __init__(self, days: Iterable[DayFlow] = ()) -> None:
        self.saves: list[list[tuple[str, dt.date]]] = []
        self.before_save: Callable[[], None] | None = None
        self.after_save: Callable[[], None] | None = None
        self.threads: set[int] = set()
        super().__init__(days)
        self.saves.clear()  # what it was made with is not a save
        self.threads.clear()

    def save(self, days: Iterable[DayFlow]) -> None:
        days = list(days)
        self.threads.add(threading.get_ident())
        if self.before_save is not None:
            self.before_save()
        super().save(days)
        self.saves.append([(d.code, d.day) for d in days])
        if self.after_save is not None:
            self.after_save()

    def saved_pairs(self) -> list[tuple[str, dt.date]]:
        return [pair for save in self.saves for pair in save]

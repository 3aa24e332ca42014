"""What the window reads of the flow archive (storage.archive.Archive has it; tests hand
in tests/support/memory_days.MemoryDays): one code's archived days, a code-day's minute
series, and the days the active source has completed. Injected, so the detail dock and
the past-day mode never open a file themselves; always the active source's identity."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import numpy as np

from ...core.day_flow import DayFlow


class DayReader(Protocol):
    def days(self, code: str, start: dt.date | None = None,
             end: dt.date | None = None) -> list[DayFlow]:
        """The code's archived days from `start` to `end` (inclusive), oldest first,
        without minutes."""
        ...

    def minutes(self, code: str, day: dt.date) -> np.ndarray | None:
        """The code-day's float64 (session minutes, 4 tiers) cumulative nets, None when
        not archived."""
        ...


class CalendarReader(DayReader, Protocol):
    def trading_days(self, last_n: int | None = None) -> list[dt.date]:
        """The days the source has completed, oldest first."""
        ...

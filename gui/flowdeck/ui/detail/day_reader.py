"""What the window reads of the flow archive (live.DayHistory has it; tests hand in
tests/support/memory_days.MemoryDays): one code's archived days, a code-day's minute
series, the days the active source has completed, and many codes' days as a matrix.
Injected, so the detail dock and the past-day mode never open a file themselves; always
the active source's identity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from ...core.codes import Market
from ...core.day_flow import DayFlow
from ...core.day_matrix import DayMatrix
from ...core.trading_calendar import TradingCalendar


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


class HistoryReader(CalendarReader, Protocol):
    """What the past-day mode reads besides: many codes' days at once for the multi-day
    columns as of a past day, by the calendars the live columns use (a market missing
    trades on weekdays)."""

    calendars: Mapping[Market, TradingCalendar]

    def matrix(self, codes: Sequence[str], last_n_days: int | None = None) -> DayMatrix:
        """The completed days of `codes` over the last `last_n_days` (all: None)."""
        ...

"""Which days a market traded: what tells a holiday (not a gap) from a trading day
FlowDeck did not see (a gap) in the multi-day numbers.

Two kinds, one interface (`is_trading_day`, `trading_days`):
- `WeekdayCalendar`: Monday to Friday, the simulator's days (markets.is_trading_day).
- `DateSetCalendar`: an explicit set of dates, from Futu's `request_trading_days` answer
  or, for a replay file or East Money, the data's own dates. The set speaks for the
  range it covers (by default its first to its last date); a day outside that range is
  judged by weekdays: a Futu answer fetched last week must not make today a holiday, and
  a replay's days before its first are unknown rather than holidays.

`live_day` says which trading day the live values belong to (the multi-day windows'
"today"), see its docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from . import markets
from .codes import Market

ONE_DAY = dt.timedelta(days=1)


class TradingCalendar(Protocol):
    def is_trading_day(self, day: dt.date) -> bool: ...


class WeekdayCalendar:
    """Every weekday trades (the simulator; holidays are not modelled there)."""

    def is_trading_day(self, day: dt.date) -> bool:
        return markets.is_trading_day(day)

    def __repr__(self) -> str:
        return "WeekdayCalendar()"


class DateSetCalendar:
    """The days in `dates` traded; within [start, end] (default: the set's first and
    last date) every other day is a holiday; outside it, weekdays trade."""

    def __init__(self, dates: Iterable[dt.date], start: dt.date | None = None,
                 end: dt.date | None = None) -> None:
        self.dates = frozenset(dates)
        self.start = start if start is not None else min(self.dates, default=None)
        self.end = end if end is not None else max(self.dates, default=None)
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"calendar range {self.start} .. {self.end} is inverted")

    def covers(self, day: dt.date) -> bool:
        return (self.start is not None and self.end is not None
                and self.start <= day <= self.end)

    def is_trading_day(self, day: dt.date) -> bool:
        if self.covers(day):
            return day in self.dates
        return markets.is_trading_day(day)

    def __repr__(self) -> str:
        return f"DateSetCalendar({len(self.dates)} days, {self.start} .. {self.end})"


WEEKDAYS = WeekdayCalendar()


def trading_days(calendar: TradingCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar's trading days from `first` to `last` inclusive, ascending."""
    out = []
    day = first
    while day <= last:
        if calendar.is_trading_day(day):
            out.append(day)
        day += ONE_DAY
    return out


def previous_trading_day(calendar: TradingCalendar, day: dt.date,
                         limit_days: int = 366) -> dt.date | None:
    """The last trading day strictly before `day` (None if none within `limit_days`)."""
    for back in range(1, limit_days + 1):
        candidate = day - back * ONE_DAY
        if calendar.is_trading_day(candidate):
            return candidate
    return None


def live_day(calendar: TradingCalendar, market: Market, local: dt.datetime) -> dt.date:
    """The trading day the live values belong to at exchange-local time `local`, which
    is what a multi-day window calls "today":

    - on a trading day, from its first session's open on (through the lunch break and
      after the close, until midnight): that day, so during a day the window includes
      today's live value;
    - before the open, and on a day the market does not trade: the last trading day
      before, whose close the table still shows; its numbers come from the live values
      when they are that day's, else from the archive. A trader looking at "5 days" at
      08:30 or on a Saturday means the last five sessions, not four and an empty today.
    """
    day = local.date()
    opens = markets.MARKETS[market].sessions[0][0]
    if calendar.is_trading_day(day) and local.hour * 60 + local.minute >= opens:
        return day
    before = previous_trading_day(calendar, day)
    return before if before is not None else day

"""Trading calendars: which days a market traded, and which day is the live one."""

import datetime as dt

import pytest

from flowdeck.core.codes import Market
from flowdeck.core.trading_calendar import (
    WEEKDAYS,
    DateSetCalendar,
    live_day,
    previous_trading_day,
    trading_days,
)

FRI, SAT, MON, TUE = (dt.date(2026, 3, d) for d in (13, 14, 16, 17))


def test_weekdays_trade_and_weekends_do_not():
    assert WEEKDAYS.is_trading_day(FRI) and WEEKDAYS.is_trading_day(MON)
    assert not WEEKDAYS.is_trading_day(SAT)
    assert trading_days(WEEKDAYS, FRI, TUE) == [FRI, MON, TUE]


def test_a_date_set_makes_the_missing_days_of_its_range_holidays():
    # Futu's answer for the week: Monday 16 March is a holiday.
    calendar = DateSetCalendar([dt.date(2026, 3, 12), FRI, TUE])
    assert not calendar.is_trading_day(MON)
    assert trading_days(calendar, FRI, TUE) == [FRI, TUE]
    assert previous_trading_day(calendar, TUE) == FRI


def test_outside_its_range_a_date_set_falls_back_to_weekdays():
    calendar = DateSetCalendar([FRI, TUE], start=dt.date(2026, 3, 9), end=TUE)
    assert not calendar.is_trading_day(dt.date(2026, 3, 10))   # inside: a holiday
    assert calendar.is_trading_day(dt.date(2026, 3, 18))       # after the answer
    assert calendar.is_trading_day(dt.date(2026, 3, 6))        # before it
    assert not calendar.is_trading_day(dt.date(2026, 3, 21))   # a Saturday after it


def test_an_inverted_range_is_refused():
    with pytest.raises(ValueError, match="inverted"):
        DateSetCalendar([FRI], start=TUE, end=FRI)


@pytest.mark.parametrize(("local", "expected"), [
    (dt.datetime(2026, 3, 17, 9, 29), MON),    # before the open: yesterday's close
    (dt.datetime(2026, 3, 17, 9, 30), TUE),    # from the open: today
    (dt.datetime(2026, 3, 17, 12, 30), TUE),   # lunch break
    (dt.datetime(2026, 3, 17, 23, 0), TUE),    # after the close
    (dt.datetime(2026, 3, 14, 11, 0), FRI),    # Saturday
    (dt.datetime(2026, 3, 16, 8, 0), FRI),     # Monday before the open
])
def test_the_live_day_is_today_from_the_open_on(local, expected):
    assert live_day(WEEKDAYS, Market.HK, local) == expected


def test_the_live_day_skips_a_holiday():
    calendar = DateSetCalendar([FRI, TUE])
    assert live_day(calendar, Market.SH, dt.datetime(2026, 3, 16, 11, 0)) == FRI
    assert live_day(calendar, Market.SH, dt.datetime(2026, 3, 17, 9, 0)) == FRI
    assert live_day(calendar, Market.US, dt.datetime(2026, 3, 17, 9, 45)) == TUE

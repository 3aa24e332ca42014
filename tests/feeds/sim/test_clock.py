"""The simulator's virtual clocks: where they start, how they run, when a day turns."""

import datetime as dt

import pytest

from flowdeck.core.codes import Market
from flowdeck.core.markets import MarketState
from flowdeck.feeds.sim.clock import (
    START_TIMES,
    VirtualClock,
    market_clocks,
    session_day,
    start_local_time,
)

UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


class Wall:
    """A monotonic clock that moves only when told."""

    def __init__(self, t: float = 100.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_open_market_starts_at_the_real_exchange_time():
    now = utc(2025, 3, 12, 2, 30, 15, 999)   # Wed 10:30:15 in Hong Kong and Shanghai
    for market in (Market.HK, Market.SH, Market.SZ):
        assert start_local_time(market, now) == dt.datetime(2025, 3, 12, 10, 30, 15)
    # New York at 14:00 EDT on a Wednesday: open.
    assert start_local_time(Market.US, utc(2025, 3, 12, 18, 0)) == dt.datetime(
        2025, 3, 12, 14, 0)


@pytest.mark.parametrize("now, local_day", [
    (utc(2025, 3, 12, 0, 0), dt.date(2025, 3, 12)),    # HK 08:00 Wed: pre-open
    (utc(2025, 3, 12, 4, 30), dt.date(2025, 3, 12)),   # HK 12:30 Wed: lunch
    (utc(2025, 3, 12, 9, 0), dt.date(2025, 3, 12)),    # HK 17:00 Wed: closed
    (utc(2025, 3, 15, 4, 0), dt.date(2025, 3, 14)),    # HK Saturday: Friday
    (utc(2025, 3, 16, 15, 0), dt.date(2025, 3, 14)),   # HK Sunday 23:00: Friday
])
def test_closed_market_starts_mid_session_of_its_latest_weekday(now, local_day):
    start = start_local_time(Market.HK, now)
    assert start == dt.datetime.combine(local_day, START_TIMES[Market.HK])


def test_weekend_starts_every_market_on_friday():
    clocks = market_clocks(1.0, utc(2025, 3, 15, 12, 0), Wall())
    for market, clock in clocks.items():
        assert clock.start.date() == dt.date(2025, 3, 14)
        assert clock.state() is MarketState.OPEN, market
    # US at 08:00 Saturday in New York: Friday noon.
    assert clocks[Market.US].start == dt.datetime(2025, 3, 14, 12, 0)


def test_start_times_are_inside_the_morning_session():
    for market, clock in market_clocks(1.0, utc(2025, 3, 15), Wall()).items():
        assert clock.state() is MarketState.OPEN
        assert clock.start.time() == START_TIMES[market]


def test_clock_runs_at_speed_times_the_wall_clock():
    wall = Wall(50.0)
    clock = VirtualClock(Market.HK, speed=60.0, now=utc(2025, 3, 12, 2, 0), monotonic=wall)
    assert clock.local_time() == dt.datetime(2025, 3, 12, 10, 0)
    wall.t += 30.0
    assert clock.local_time() == dt.datetime(2025, 3, 12, 10, 30)
    assert clock.label() == "2025-03-12 10:30:00"
    assert clock.local_time(50.0 + 120.0) == dt.datetime(2025, 3, 12, 12, 0)
    assert clock.state(50.0 + 120.0) is MarketState.LUNCH_BREAK
    assert clock.state(50.0 + 180.0) is MarketState.OPEN        # 13:00
    assert clock.state(50.0 + 360.0) is MarketState.CLOSED      # 16:00


def test_us_clock_has_no_lunch():
    clock = VirtualClock(Market.US, speed=1.0, now=utc(2025, 3, 15), monotonic=Wall(0.0))
    assert clock.start == dt.datetime(2025, 3, 14, 12, 0)
    for hours in (0.5, 1.0, 3.9):
        assert clock.state(hours * 3600) is MarketState.OPEN
    assert clock.state(4 * 3600) is MarketState.CLOSED


def test_session_day_turns_at_the_next_weekdays_open():
    fri = dt.date(2025, 3, 14)
    mon = dt.date(2025, 3, 17)
    for local, want in [
        (dt.datetime(2025, 3, 14, 9, 29), dt.date(2025, 3, 13)),
        (dt.datetime(2025, 3, 14, 9, 30), fri),
        (dt.datetime(2025, 3, 14, 23, 0), fri),
        (dt.datetime(2025, 3, 15, 12, 0), fri),
        (dt.datetime(2025, 3, 17, 9, 29, 59), fri),
        (dt.datetime(2025, 3, 17, 9, 30), mon),
    ]:
        assert session_day(Market.HK, local) == want, local


def test_clock_over_a_weekend():
    wall = Wall(0.0)
    # Friday 15:59 in Hong Kong, one virtual hour per wall second.
    clock = VirtualClock(Market.HK, 3600.0, utc(2025, 3, 14, 7, 59), wall)
    assert clock.state() is MarketState.OPEN
    assert clock.state(1.0) is MarketState.CLOSED
    assert clock.state(24.0) is MarketState.CLOSED                   # Saturday
    monday_open = (dt.datetime(2025, 3, 17, 9, 30) - dt.datetime(2025, 3, 14, 15, 59))
    seconds = monday_open.total_seconds() / 3600.0
    assert clock.state(seconds - 0.01) is MarketState.PRE_OPEN
    assert clock.session_day(seconds - 0.01) == dt.date(2025, 3, 14)
    assert clock.state(seconds) is MarketState.OPEN
    assert clock.session_day(seconds) == dt.date(2025, 3, 17)


@pytest.mark.parametrize("speed", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_speed(speed):
    with pytest.raises(ValueError):
        VirtualClock(Market.HK, speed, utc(2025, 3, 12), Wall())


def test_clocks_share_one_origin():
    calls = iter(range(100))
    clocks = market_clocks(2.0, utc(2025, 3, 12, 2, 0), lambda: float(next(calls)))
    assert {c.origin_wall for c in clocks.values()} == {0.0}

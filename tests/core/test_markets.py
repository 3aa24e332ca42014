"""Market states at session edges, across lunch breaks and weekends, and the
trading-minute arithmetic the engine and the simulator share."""

import datetime as dt

import pytest

from flowdeck.core.codes import Market
from flowdeck.core.markets import (
    MarketState,
    from_local_seconds,
    is_trading_day,
    local_now,
    market_state,
    minute_label,
    session_minutes,
    to_local_seconds,
    trading_minute,
)

WED = dt.date(2025, 3, 12)
SAT = dt.date(2025, 3, 15)
SUN = dt.date(2025, 3, 16)

OPEN, PRE, LUNCH, CLOSED = (MarketState.OPEN, MarketState.PRE_OPEN, MarketState.LUNCH_BREAK,
                            MarketState.CLOSED)


def at(day: dt.date, hms: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hms))


@pytest.mark.parametrize("hms, state", [
    ("00:00:00", PRE), ("09:29:59", PRE), ("09:30:00", OPEN), ("11:59:59", OPEN),
    ("12:00:00", LUNCH), ("12:59:59", LUNCH), ("13:00:00", OPEN), ("15:59:59", OPEN),
    ("16:00:00", CLOSED), ("23:59:59", CLOSED),
])
def test_hk_session_edges(hms, state):
    assert market_state(Market.HK, at(WED, hms)) is state


@pytest.mark.parametrize("hms, state", [
    ("09:29:59", PRE), ("09:30:00", OPEN), ("12:00:00", OPEN), ("12:30:00", OPEN),
    ("15:59:59", OPEN), ("16:00:00", CLOSED),
])
def test_us_has_no_lunch(hms, state):
    assert market_state(Market.US, at(WED, hms)) is state


@pytest.mark.parametrize("market", [Market.SH, Market.SZ])
@pytest.mark.parametrize("hms, state", [
    ("09:29:59", PRE), ("09:30:00", OPEN), ("11:29:59", OPEN), ("11:30:00", LUNCH),
    ("12:59:59", LUNCH), ("13:00:00", OPEN), ("14:59:59", OPEN), ("15:00:00", CLOSED),
])
def test_cn_session_edges(market, hms, state):
    assert market_state(market, at(WED, hms)) is state


@pytest.mark.parametrize("market", list(Market))
@pytest.mark.parametrize("day", [SAT, SUN])
def test_weekend_is_closed_all_day(market, day):
    for hms in ("09:29:59", "10:00:00", "13:30:00", "23:00:00"):
        assert market_state(market, at(day, hms)) is CLOSED
    assert not is_trading_day(day)


def test_weekdays_trade():
    assert all(is_trading_day(WED + dt.timedelta(days=k)) for k in range(-2, 3))


@pytest.mark.parametrize("market, minutes", [
    (Market.HK, 330), (Market.US, 390), (Market.SH, 240), (Market.SZ, 240)])
def test_session_minutes(market, minutes):
    assert session_minutes(market) == minutes


def test_trading_minute_maps_lunch_and_edges():
    def minute(market, hms):
        return int(trading_minute(market, to_local_seconds(at(WED, hms))))

    assert minute(Market.HK, "09:30:00") == 0
    assert minute(Market.HK, "11:59:59") == 149
    assert minute(Market.HK, "12:30:00") == 149   # lunch folds onto the morning's last
    assert minute(Market.HK, "13:00:00") == 150
    assert minute(Market.HK, "15:59:59") == 329
    assert minute(Market.US, "12:30:00") == 180
    assert minute(Market.SH, "13:00:00") == 120
    assert minute_label(Market.HK, 150) == "13:00"
    assert minute_label(Market.SZ, 239) == "14:59"


def test_local_seconds_round_trip_and_time_zones():
    local = at(WED, "10:15:42")
    assert from_local_seconds(to_local_seconds(local)) == local
    utc = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)
    assert local_now(Market.HK, utc) == at(WED, "10:30:00")
    assert local_now(Market.SH, utc) == at(WED, "10:30:00")
    # New York is on daylight time from 2025-03-09: UTC-4.
    assert local_now(Market.US, utc) == at(WED - dt.timedelta(days=1), "22:30:00")


def test_zone_names_follow_daylight_saving_in_new_york_only():
    import datetime as dt

    from flowdeck.core.markets import Market, utc_offset, zone_name

    winter, summer = dt.datetime(2026, 1, 15, 10, 0), dt.datetime(2026, 7, 15, 10, 0)
    assert zone_name(Market.US, winter) == "EST" and utc_offset(Market.US, winter) == "UTC-5"
    assert zone_name(Market.US, summer) == "EDT" and utc_offset(Market.US, summer) == "UTC-4"
    for market in (Market.HK,):
        assert {zone_name(market, winter), zone_name(market, summer)} == {"HKT"}
    assert zone_name(Market.SH, summer) == zone_name(Market.SZ, winter) == "CST"
    assert utc_offset(Market.HK, summer) == utc_offset(Market.SH, winter) == "UTC+8"
    # The spec's update_time string works too, and a bad one falls back to now.
    assert zone_name(Market.US, "2026-03-09 09:31:00") == "EDT"  # the day after the switch
    assert zone_name(Market.US, "2026-03-06 09:31:00") == "EST"
    assert zone_name(Market.HK, "garbage") == "HKT"


def test_utc_offset_reads_the_spec_s_update_time_too():
    from flowdeck.core.markets import Market, utc_offset

    assert utc_offset(Market.US, "2026-07-06 10:00:00") == "UTC-4"
    assert utc_offset(Market.US, "2026-01-05 10:00:00") == "UTC-5"

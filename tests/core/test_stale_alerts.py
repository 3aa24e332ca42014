"""Data-stale alerts decided (core/stale_alerts.py): one alert per outage, one when it
recovers, never while the market is closed; many codes at once are one alert; the
[stale] table read leniently; which markets are open by the calendar and the source."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKET_ORDER, MarketState
from flowdeck.core.stale_alerts import (
    RECOVERED,
    STALE,
    StaleEvent,
    StaleJudge,
    StaleSettings,
    markets_open,
    stale_from_table,
    stale_to_table,
)

HK = MARKET_ORDER.index(Market.HK)
US = MARKET_ORDER.index(Market.US)
OPEN = np.ones(len(MARKET_ORDER), bool)


def only(*open_markets: int) -> np.ndarray:
    out = np.zeros(len(MARKET_ORDER), bool)
    out[list(open_markets)] = True
    return out


class Desk:
    """Codes with their last record's time, stepped through a judge second by second."""

    def __init__(self, codes: list[str], markets: list[int], stale_s=120.0, group_s=10.0):
        self.codes = codes
        self.market = np.asarray(markets, np.intp)
        self.last = np.zeros(len(codes))
        self.judge = StaleJudge(stale_s, group_s)
        self.now = 0.0

    def record(self, *codes: str) -> None:
        for code in codes:
            self.last[self.codes.index(code)] = self.now

    def run(self, seconds: int, market_open=OPEN, down_since=None, error="",
            feed: tuple[str, ...] = ()) -> list[tuple[float, StaleEvent]]:
        """`seconds` steps; the `feed` codes get a record at each."""
        out = []
        for _ in range(seconds):
            self.now += 1.0
            self.record(*feed)
            out += [(self.now, e) for e in self.judge.step(
                self.now, self.codes, self.last, self.market, market_open, down_since, error)]
        return out


def test_one_quiet_code_one_alert_then_one_recovery():
    desk = Desk(["HK.00700", "HK.09988"], [HK, HK])
    events = desk.run(300, feed=("HK.09988",))
    # Its age counts from the first step (the open, t=1): more than 120 s at t=122,
    # told once the grouping time (10 s) has passed, and not again.
    assert events == [(132.0, StaleEvent(STALE, ("HK.00700",), seconds=131.0))]
    assert desk.judge.stale_codes == {"HK.00700"}
    desk.record("HK.00700")
    events = desk.run(20)
    assert events == [(311.0, StaleEvent(RECOVERED, ("HK.00700",), seconds=310.0))]
    assert desk.judge.stale_codes == set()


def test_no_alert_while_its_market_is_closed_and_time_counts_from_the_reopening():
    desk = Desk(["HK.00700"], [HK])
    assert desk.run(100) == []
    assert desk.run(3600, market_open=only(US)) == []   # lunch: nothing, however long
    # Reopened at t=3701: 100 s into the afternoon is not an outage, 121 s is (told
    # 10 s later).
    assert desk.run(100) == []
    events = desk.run(40)
    assert [(t, e.kind, e.codes) for t, e in events] == [(3832.0, STALE, ("HK.00700",))]


def test_a_code_pending_when_its_market_closes_is_not_told():
    desk = Desk(["HK.00700"], [HK], group_s=10.0)
    assert desk.run(125) == []  # stale at 121, waiting for the grouping time
    assert desk.run(60, market_open=only(US)) == []
    assert desk.judge.stale_codes == set()


def test_many_codes_going_stale_together_are_one_alert_naming_them():
    codes = [f"HK.{i:05d}" for i in range(1, 41)]
    desk = Desk(codes, [HK] * len(codes))
    desk.run(5, feed=tuple(codes))
    # An outage that leaves the source "live": records stop, code by code over 8 s.
    for i in range(8):
        desk.run(1, feed=tuple(codes[5 * i + 5:]))
    events = desk.run(200)
    assert len(events) == 1
    _, event = events[0]
    assert event.kind == STALE and set(event.codes) == set(codes)
    desk.record(*codes)
    events = desk.run(30, feed=tuple(codes))
    assert [(e.kind, len(e.codes)) for _, e in events] == [(RECOVERED, 40)]


def test_source_down_one_alert_after_the_stale_time_one_when_back_and_no_code_alerts():
    desk = Desk(["HK.00700", "US.AAPL"], [HK, US])
    desk.run(10, feed=("HK.00700", "US.AAPL"))
    assert desk.run(119, down_since=10.0, error="error 1016 timed out") == []
    events = desk.run(300, down_since=10.0, error="error 1016 timed out")
    assert events == [(130.0, StaleEvent(STALE, source=True, seconds=120.0,
                                         error="error 1016 timed out"))]
    assert desk.judge.source_alerted and desk.judge.stale_codes == set()
    # Back: its snapshot brings every code, so only the source's recovery is told.
    desk.record("HK.00700", "US.AAPL")
    events = desk.run(60, feed=("HK.00700", "US.AAPL"))
    assert events == [(430.0, StaleEvent(RECOVERED, source=True, seconds=420.0))]


def test_source_down_while_every_watched_market_is_closed_is_not_told():
    desk = Desk(["HK.00700"], [HK])
    assert desk.run(600, market_open=only(US), down_since=0.0) == []
    # HK opens (t=601) with the source still down: told a stale time after the open.
    events = desk.run(200, down_since=0.0)
    assert [(t, e.source) for t, e in events] == [(721.0, True)]


def test_a_short_outage_says_nothing():
    desk = Desk(["HK.00700"], [HK])
    assert desk.run(60, down_since=0.0) == []
    assert desk.run(60, feed=("HK.00700",)) == []


def test_codes_that_never_had_a_record_or_left_the_watchlist_are_not_told():
    desk = Desk(["HK.00700", "HK.00005"], [HK, HK])
    desk.last[:] = np.nan
    assert desk.run(300) == []
    desk.record("HK.00700")
    assert len(desk.run(200)) == 1
    desk.codes, desk.market, desk.last = ["HK.00005"], desk.market[1:], desk.last[1:]
    assert desk.run(200) == [] and desk.judge.stale_codes == set()


def at(text: str, zone: str) -> float:
    from zoneinfo import ZoneInfo
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp()


@pytest.mark.parametrize(("when", "hk_open"), [
    ("2025-03-14 10:00", True),     # a Friday morning session
    ("2025-03-14 12:30", False),    # lunch
    ("2025-03-14 16:30", False),    # after the close
    ("2025-03-15 10:00", False),    # Saturday
])
def test_markets_open_by_the_calendar(when, hk_open):
    assert bool(markets_open(at(when, "Asia/Hong_Kong"))[HK]) is hk_open


def test_a_market_the_source_says_is_closed_is_closed():
    epoch = at("2025-03-14 10:00", "Asia/Hong_Kong")
    assert markets_open(epoch, {"HK": MarketState.OPEN})[HK]
    assert not markets_open(epoch, {"HK": MarketState.CLOSED})[HK]
    assert not markets_open(epoch, {"HK": "lunch break"})[HK]


def test_the_stale_table_read_leniently_and_written_back():
    assert stale_from_table(None) == (StaleSettings(), [])
    settings, problems = stale_from_table(
        {"enabled": False, "stale_s": 300, "channels": ["desk", " ops ", "desk"]})
    assert settings == StaleSettings(False, 300.0, ("desk", "ops")) and problems == []
    assert stale_from_table(stale_to_table(settings)) == (settings, [])
    settings, problems = stale_from_table({"enabled": "yes", "stale_s": 1, "channels": "x"})
    assert settings == StaleSettings()
    assert [p.split(" ")[0] for p in problems] == ["stale.enabled", "stale.stale_s",
                                                   "stale.channels"]
    assert stale_from_table([1])[1] == ["[stale] is not a table ([1])"]

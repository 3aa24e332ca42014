"""A whole market's periods (core/market_periods.py), added up by hand: each market's
live day from its rows' times, every series' window and its ratio over the window's
turnover, a code without a past day unknown (never ranked), an unknown turnover an
unknown ratio, and how many of the period's days are covered."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.batch import RecordColumns
from flowdeck.core.codes import Market
from flowdeck.core.day_matrix import DayMatrix
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.market_periods import MarketPeriods, PeriodTable, table_live_days
from flowdeck.core.markets import MARKET_ORDER, local_now
from flowdeck.core.records import NUMERIC_KEYS

TODAY = dt.date(2026, 3, 20)                      # a Friday
PAST = [dt.date(2026, 3, d) for d in (16, 17, 18, 19)]
TIERS = (6.0, 4.0, -1.0, 2.0)                     # super, large, medium, small a day
HK = MARKET_ORDER.index(Market.HK)


def record(super_, large, medium, small, turnover) -> list[float]:
    """The 12 numbers of a record, in NUMERIC_KEYS order."""
    nets = {"main": super_ + large, "retail": medium + small, "super": super_,
            "large": large, "medium": medium, "small": small}
    out = []
    for key in NUMERIC_KEYS[::2]:
        net = nets[key.removesuffix("_net_inflow")]
        out += [net, net / turnover]
    return out


def table(times=(f"{TODAY} 10:30:00",) * 3) -> PeriodTable:
    codes = ["HK.00001", "HK.00002", "HK.00003"]
    values = np.array([record(3, 2, 1, 0, 50), record(1, 0, 0, 0, 10),
                       record(7, 0, 0, 0, 70)])
    return PeriodTable(codes, values, np.full(3, HK, np.int8), np.array(times, object),
                       np.array([50.0, 10.0, 70.0]))


def matrix() -> DayMatrix:
    """HK.00001: four days of TIERS, 100 turnover each; HK.00002: two days, one with
    an unknown turnover; HK.00003: nothing."""
    net = np.full((3, 4, 4), np.nan)
    turnover = np.full((3, 4), np.nan)
    net[0], turnover[0] = TIERS, 100.0
    net[1, 2:], turnover[1, 3] = TIERS, 100.0
    return DayMatrix(["HK.00001", "HK.00002", "HK.00003"], PAST, net, turnover)


def test_each_markets_live_day_is_its_rows_latest_time_else_the_exchanges_date():
    assert table_live_days(table(("", f"{TODAY} 10:30:00", f"{PAST[0]} 16:00:00"))) == {
        Market.HK: TODAY}
    assert table_live_days(table(("", "", ""))) == {Market.HK: local_now(Market.HK).date()}
    # eastmoney://'s tables hold their times as fixed-width str ("<U19"), not objects
    times = np.array(["", f"{TODAY} 10:30:00", f"{PAST[0]} 16:00:00"], "<U19")
    fixed = PeriodTable(["HK.00001", "HK.00002", "HK.00003"], np.zeros((3, 12)),
                        np.full(3, HK, np.int8), times, np.zeros(3))
    assert table_live_days(fixed) == {Market.HK: TODAY}


def test_every_series_over_five_days_is_the_archive_plus_today_by_hand():
    t = table()
    periods = MarketPeriods(matrix(), t.codes, table_live_days(t)).of(t)
    got = periods.period_table(5)
    # HK.00001: four days of TIERS plus today's (3, 2, 1, 0), turnover 4 x 100 + 50.
    expected = record(4 * 6 + 3, 4 * 4 + 2, 4 * -1 + 1, 4 * 2 + 0, 450)
    assert got.values[0].tolist() == pytest.approx(expected)
    assert got.turnover[0] == 450
    # HK.00002: a known day with an unknown turnover: its nets, no ratio.
    assert got.values[1, 0] == 2 * 10 + 1 and np.isnan(got.values[1, 1::2]).all()
    assert np.isnan(got.turnover[1])
    # HK.00003 traded today but has no past day: unknown over a period.
    assert np.isnan(got.values[2]).all() and np.isnan(got.turnover[2])
    assert periods.check("HK", "5d", 5) == 5
    assert periods.covered(20) == 5                # the archive is 15 days short
    columns = RecordColumns(t.codes, t.values, list(t.update_time))
    net, ratio, days = periods.window(columns, "super", 3)
    assert net[0] == 2 * 6 + 3 and ratio[0] == pytest.approx(15 / 250)
    assert days.tolist() == [3, 3, 1] and np.isnan(net[2])


def test_no_past_day_archived_is_1016_naming_the_period():
    t = table()
    periods = MarketPeriods(DayMatrix.empty(t.codes), t.codes, table_live_days(t)).of(t)
    with pytest.raises(FlowDeckError) as info:
        periods.check("HK", "10d", 10)
    assert info.value.code == 1016 and "10d" in info.value.message

"""The simulator's whole market (feeds/sim/whole_market.py, market_model.py): every
universe code's numbers on an injected wall clock, deterministic, consistent, with a
sector factor, in bounded memory."""

import datetime as dt
import tracemalloc

import numpy as np

from flowdeck.core.codes import Market
from flowdeck.core.records import NUMERIC_KEYS, SERIES_NAMES
from flowdeck.core.tiers import FIXED_THRESHOLDS
from flowdeck.feeds.sim.clock import market_clocks
from flowdeck.feeds.sim.market_model import tier_law
from flowdeck.feeds.sim.universe import SimUniverse
from flowdeck.feeds.sim.whole_market import WholeMarket

WED_11_HK = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)  # HK 11:00, SH/SZ 11:00
A_SHARES = [Market.SH, Market.SZ]


class WallClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def whole(seed: int = 0, speed: float = 1.0) -> tuple[WholeMarket, WallClock]:
    wall = WallClock()
    clocks = market_clocks(speed, WED_11_HK, wall)
    return WholeMarket(SimUniverse(seed), clocks, wall), wall


def col(key: str) -> int:
    return NUMERIC_KEYS.index(key)


def test_the_same_seed_and_time_give_the_same_numbers_however_time_was_sliced():
    one, wall_one = whole()
    wall_one.now = 1800.0
    at_once = one.table(A_SHARES)
    two, wall_two = whole()
    for now in (0.0, 7.3, 29.9, 600.0, 1201.5, 1800.0):
        wall_two.now = now
        sliced = two.table(A_SHARES)
    assert at_once.codes == sliced.codes
    np.testing.assert_array_equal(at_once.values, sliced.values)
    np.testing.assert_array_equal(at_once.last, sliced.last)
    other, wall_other = whole(seed=1)
    wall_other.now = 1800.0
    assert not np.allclose(other.table([Market.SH]).values[:, 0],
                           at_once.values[: len(other.table([Market.SH]).codes), 0],
                           equal_nan=True)


def test_the_table_holds_every_universe_code_once_with_the_universe_sizes():
    market, _ = whole()
    table = market.table([Market.SZ, Market.SH])
    stocks = SimUniverse(0)
    expected = [*stocks.market_stocks(Market.SH), *stocks.market_stocks(Market.SZ)]
    assert table.codes == expected
    assert len(table.codes) == 2300 + 2800
    assert table.market.tolist() == [2] * 2300 + [3] * 2800
    assert market.table(A_SHARES).codes is market.table(A_SHARES).codes  # Ranker's cache


def test_numbers_are_consistent_as_records_are():
    market, wall = whole()
    wall.now = 900.0
    table = market.table([Market.HK])
    v = table.values
    known = np.isfinite(v[:, 0])
    assert known.mean() > 0.9  # 105 minutes after the open nearly every code traded
    k = v[known]
    nets = {s: k[:, col(f"{s}_net_inflow")] for s in SERIES_NAMES}
    np.testing.assert_allclose(nets["main"], nets["super"] + nets["large"], rtol=1e-12)
    np.testing.assert_allclose(nets["retail"], nets["medium"] + nets["small"], rtol=1e-12)
    turnover = table.turnover[known]
    for s in SERIES_NAMES:
        np.testing.assert_allclose(k[:, col(f"{s}_net_inflow_ratio")],
                                   nets[s] / turnover, rtol=1e-12)
    assert (np.abs(nets["main"]) + np.abs(nets["retail"]) <= turnover).all()
    assert (table.turnover[~known] == 0).all() and np.isnan(table.last[~known]).all()
    assert (table.last[known] > 0).all() and (table.prev_close > 0).all()
    # A day's change stays plausible: within 30 % of the previous close.
    change = table.last[known] / table.prev_close[known] - 1
    assert np.abs(change).max() < 0.3
    # One sparkline point per whole minute: 09:30 to 11:15 HK.
    row = int(np.flatnonzero(known)[0])
    assert len(table.main_series(row)) == 105
    wall.now = 960.0  # 11:16: the point of 11:15 is the main net shown at 11:16:00
    assert table.main_series(row).dtype == np.float32
    at_1116 = market.table([Market.HK])
    assert at_1116.main_series(row)[-1] == np.float32(at_1116.values[row, 0])


def test_a_sectors_members_move_together():
    """Main-net signs of two codes of one sector agree more often than of two codes of
    different sectors (pairs counted exactly, a fixed seed)."""
    market, wall = whole(seed=0)
    wall.now = 3600.0
    universe = SimUniverse(0)
    for markets in ([Market.HK], [Market.US], A_SHARES):
        table = market.table(markets)
        sign = np.sign(table.values[:, 0])
        keep = np.flatnonzero(np.isfinite(sign) & (sign != 0))
        sectors = np.asarray([universe.stocks()[c].sector for c in table.codes])[keep]
        up = sign[keep] > 0
        pairs = lambda n: n * (n - 1) / 2  # noqa: E731
        same_all = pairs(up.sum()) + pairs((~up).sum())
        within_same = within = 0.0
        for sector in np.unique(sectors):
            members = up[sectors == sector]
            within_same += pairs(members.sum()) + pairs((~members).sum())
            within += pairs(len(members))
        across = pairs(len(keep)) - within
        in_sector = within_same / within
        across_sectors = (same_all - within_same) / across
        assert abs(across_sectors - 0.5) < 0.04  # different sectors: a coin
        assert in_sector - across_sectors > 0.08, (markets, in_sector, across_sectors)


def test_time_advances_with_the_clock():
    market, wall = whole()
    first = market.table([Market.HK])
    again = market.table([Market.HK])
    np.testing.assert_array_equal(first.values, again.values)  # the clock stood still
    assert first.update_time[0] == "2026-12-02 11:00:00"
    wall.now = 600.0 + 30.0  # ten and a half minutes later
    later = market.table([Market.HK])
    assert later.update_time[0] == "2026-12-02 11:10:30"
    assert (later.turnover >= first.turnover).all()
    assert later.turnover.sum() > first.turnover.sum()
    assert len(later.main_series(0)) == len(first.main_series(0)) + 10
    wall.now = 300.0  # a reading from the past counts as the last one
    np.testing.assert_array_equal(market.table([Market.HK]).values, later.values)


def test_a_minute_is_revealed_linearly_between_its_whole_ends():
    market, wall = whole()
    wall.now = 60.0
    start = market.table([Market.SH]).turnover
    wall.now = 90.0
    half = market.table([Market.SH]).turnover
    wall.now = 120.0
    end = market.table([Market.SH]).turnover
    np.testing.assert_allclose(half, (start + end) / 2, rtol=1e-12)


def test_a_new_day_starts_from_nothing():
    market, wall = whole(speed=600.0)
    day_one = market.table([Market.SH])
    wall.now = 24 * 3600 / 600.0  # a virtual day later: Thursday 11:00
    day_two = market.table([Market.SH])
    assert day_two.update_time[0] == "2026-12-03 11:00:00"
    assert day_one.main_series(0) is not day_two.main_series(0)
    assert not np.array_equal(day_one.turnover, day_two.turnover)
    assert not np.array_equal(day_one.prev_close, day_two.prev_close)


def test_tier_shares_follow_the_thresholds():
    thresholds = FIXED_THRESHOLDS[Market.HK]
    share, mean, _ = tier_law(np.array([30e3, 3e6]), Market.HK)
    np.testing.assert_allclose(share.sum(axis=1), 1.0)
    assert share[0, 3] > share[0, 0] and share[1, 0] > share[0, 0]
    assert mean[0, 0] >= thresholds.super and mean[0, 3] < thresholds.medium


def test_memory_stays_bounded_for_all_four_markets():
    tracemalloc.start()
    try:
        market, wall = whole()
        wall.now = 60.0 * 400  # every market's whole day: every sparkline full
        table = market.table(list(Market))
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table.codes) == 11_700
    # Per code a few totals and one float32 a minute (~14 MB), the universe's names
    # (~4 MB) and one table: far under what a day of points or trades would be.
    assert held < 40 * 2**20, held / 2**20
    assert peak < 60 * 2**20, peak / 2**20

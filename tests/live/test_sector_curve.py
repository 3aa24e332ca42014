"""A followed code's sector line: the sum of the main-net curves of the sector's
followed members, how many the universe lists, redrawn only when a member changed."""

from __future__ import annotations

import numpy as np

from flowdeck.core.batch import Batch
from flowdeck.core.stock_info import Sector, StockInfo
from flowdeck.live.sector_curve import SectorCurves
from flowdeck.live.store import LiveStore
from tests.support.batches import points
from tests.support.universes import StaticUniverse

BANKS = Sector("HK.bank", "HK", "Banks", "银行")
UNIVERSE = StaticUniverse(
    [StockInfo("HK.00005", "HSBC", "汇丰控股", "HK.bank"),
     StockInfo("HK.00939", "CCB", "建设银行", "HK.bank"),
     StockInfo("HK.01398", "ICBC", "工商银行", "HK.bank"),
     StockInfo("HK.03988", "Bank of China", "中国银行", "HK.bank"),
     StockInfo("HK.00700", "Tencent", "腾讯控股", "HK.internet"),
     StockInfo("HK.00001", "CK Hutchison", "长和", "")],
    [BANKS, Sector("HK.internet", "HK", "Internet", "互联网")])
FOLLOWED = ["HK.00005", "HK.00939", "HK.01398", "HK.00700", "HK.00001"]


def store_with_points() -> LiveStore:
    store = LiveStore()
    store.set_codes(FOLLOWED)
    store.set_universe(UNIVERSE)
    # HSBC from minute 0, CCB from minute 2, ICBC not yet; Tencent is another sector.
    store.apply(Batch(points=points([
        ("HK.00005", 0, 1e6), ("HK.00005", 1, 2e6), ("HK.00005", 3, 4e6),
        ("HK.00939", 2, -5e5), ("HK.00939", 3, -1e6), ("HK.00700", 3, 9e9)])), 1.0)
    return store


def test_the_line_sums_the_followed_members_main_net_and_counts_the_listed_ones():
    store = store_with_points()
    line = SectorCurves(store).line("HK.00939")
    assert line.sector == BANKS and line.sector_id == "HK.bank"
    assert line.members == ("HK.00005", "HK.00939", "HK.01398")
    assert line.listed == 4  # Bank of China is listed, not followed
    # main = super + large of each member (each series given the same value here)
    np.testing.assert_array_equal(line.curve[:5], [2e6, 4e6, 4e6 - 1e6, 8e6 - 2e6, np.nan])
    store.apply(Batch(points=points([("HK.00939", 5, -2e6)])), 2.0)
    line = SectorCurves(store).line("HK.00939")  # HSBC quiet since minute 3: still 8e6
    np.testing.assert_array_equal(line.curve[3:7], [8e6 - 2e6, 8e6 - 2e6, 8e6 - 4e6, np.nan])


def test_a_line_is_made_again_only_when_a_member_changed():
    store = store_with_points()
    curves = SectorCurves(store)
    first = curves.line("HK.00005")
    assert curves.line("HK.00939") is first  # same sector, nothing new
    store.apply(Batch(points=points([("HK.00700", 4, 1e10)])), 2.0)  # another sector
    assert curves.line("HK.00005") is first
    store.apply(Batch(points=points([("HK.01398", 4, 3e6)])), 3.0)
    again = curves.line("HK.00005")
    assert again.version > first.version and again.curve[4] == 8e6 - 2e6 + 6e6


def test_no_line_without_a_sector_or_for_a_code_not_followed():
    store = store_with_points()
    curves = SectorCurves(store)
    assert curves.line("HK.00001") is None  # the universe gives it no sector
    assert curves.line("HK.03988") is None  # listed, not followed
    store.set_universe(None)
    assert curves.line("HK.00005") is None  # no universe: no sectors
    store.set_universe(UNIVERSE)
    store.set_codes(["HK.00005"])
    assert curves.line("HK.00005").members == ("HK.00005",)

"""The Market view on a source's whole market (the simulator's MarketTable, a fixed seed
and a frozen clock): the top N of every universe code of the market, checked against
Python's sorted over the table's numbers, with the universe's names, the table's
prices and its main-net series as the sparkline; the market's sectors summed over
all its codes and a double-click opening a sector's members; a table's `ages` and
`scope` (a polling source's) shown. Over a period: test_market_periods_view.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.feeds.base import ScopeFacts
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_controls import SECTORS_TAB, STOCKS_TAB
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.sector_model import SECTOR
from flowdeck.ui.market.stock_model import CHANGE_RATIO, CODE, LAST, NAME, SPARK, VALUE
from flowdeck.ui.table.columns import SparklineRole
from tests.support.clock import VirtualClock
from tests.support.item_views import double_click
from tests.support.waiting import run

WED_11_HK = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sim(qapp):
    feed = SimFeed(seed=5, now=WED_11_HK, monotonic=lambda: 600.0)
    return feed, run(feed.market_table("HK")), run(feed.market_table("US"))


def whole_dock(feed: SimFeed, top: int = 20) -> MarketDock:
    store = LiveStore()
    store.set_universe(feed.universe())
    dock = MarketDock(store, clock=VirtualClock())
    dock.resize(640, 560)
    dock.show()
    dock.controls.top.setValue(top)
    return dock


def expected_top(table, column: int, top: int, rows=None) -> list[str]:
    rows = range(len(table.codes)) if rows is None else rows
    pairs = [(-float(table.values[r, column]), table.codes[r]) for r in rows
             if not math.isnan(table.values[r, column])]
    return [c for _, c in sorted(pairs)[:top]]


def column(model, c: int, role=None) -> list:
    return [model.index(r, c).data() if role is None else model.index(r, c).data(role)
            for r in range(model.rowCount())]


def test_the_whole_market_ranks_with_names_prices_and_sparklines(sim, qtmodeltester):
    feed, hk, us = sim
    dock = whole_dock(feed)
    model = dock.stocks
    assert dock.scope_label.text().endswith("“Default”") is False  # no watchlist yet
    dock.take_table("HK", hk)
    qtmodeltester.check(model)
    assert model.keys == expected_top(hk, 0, 20)
    assert dock.scope_label.text() == (
        f"Ranks the whole simulated market: {len(hk.codes)} Hong Kong codes "
        f"({int(np.isfinite(hk.values[:, 0]).sum())} with a value)")
    stocks = feed.universe().stocks()
    assert column(model, NAME) == [stocks[c].name_en for c in model.keys]
    row = {c: r for r, c in enumerate(hk.codes)}
    first = row[model.keys[0]]
    assert model.index(0, LAST).data() == f"{hk.last[first]:.3f}"
    change = (hk.last[first] - hk.prev_close[first]) / hk.prev_close[first] * 100
    assert model.index(0, CHANGE_RATIO).data().rstrip("%") == f"{change:+.2f}"
    # The sparkline: the table's main-net series, over the whole session.
    assert model.index(0, SPARK).data(SparklineRole) == (model.keys[0], 0)
    series = dock.stock_view.sparklines.history.series_row(model.keys[0])
    done = len(hk.main_series(first))
    np.testing.assert_array_equal(series[:done], hk.main_series(first))
    assert series[done] == hk.values[first, 0] and np.isnan(series[done + 1:]).all()
    before = dock.stock_view.sparklines.paths_built
    dock.grab()  # painted as on screen
    assert dock.stock_view.sparklines.paths_built - before == 20

    # Another market: the store's codes (none) until its table comes.
    dock.controls.market.setCurrentIndex(dock.controls.market.findData("US"))
    assert model.keys == [] and "simulated" not in dock.scope_label.text()
    dock.take_table("US", us)
    assert model.keys == expected_top(us, 0, 20)
    assert model.headerData(VALUE, Qt.Orientation.Horizontal) == "Main net"


def test_sectors_sum_the_whole_market_and_open_their_members(sim, qtbot, qtmodeltester):
    feed, hk, _us = sim
    dock = whole_dock(feed, top=10)
    dock.take_table("HK", hk)
    dock.controls.tabs.setCurrentIndex(SECTORS_TAB)
    model = dock.sectors
    qtmodeltester.check(model)
    stocks = feed.universe().stocks()
    sums: dict[str, float] = defaultdict(float)
    members: dict[str, list[int]] = defaultdict(list)
    for r, code in enumerate(hk.codes):
        members[stocks[code].sector].append(r)
        if not math.isnan(hk.values[r, 0]):
            sums[stocks[code].sector] += float(hk.values[r, 0])
    best = sorted(sums, key=lambda s: (-sums[s], s))[:10]
    assert model.keys == best
    assert len(members) > 20  # the sim's taxonomy: 26-28 sectors a market
    assert column(model, SECTOR)[0] == feed.universe().sectors()[best[0]].name("en")
    assert dock.scope_label.text() == ("Ranks the sectors of the whole simulated market "
                                       f"on today's flows: {len(members)} sectors, "
                                       f"{len(hk.codes)} Hong Kong codes")

    double_click(qtbot, dock.sector_view, model.index(0, SECTOR))
    assert dock.controls.mode == STOCKS_TAB
    assert dock.stocks.keys == expected_top(hk, 0, 10, members[best[0]])


def test_a_polling_sources_table_shows_each_rows_age_and_its_scope(sim):
    feed, hk, _us = sim
    top = expected_top(hk, 0, 3)
    ages = np.full(len(hk.codes), np.nan)
    ages[hk.codes.index(top[0])], ages[hk.codes.index(top[1])] = 12.4, 3.0
    table = dataclasses.replace(hk, covers="selection", ages=ages,
                                scope=ScopeFacts(5, True, ("Tech", "Banks"), 2))
    dock = whole_dock(feed, top=3)
    dock.take_table("HK", table)
    assert column(dock.stocks, CODE, Qt.ItemDataRole.ToolTipRole) == [
        "Updated 12 s ago", "Updated 3 s ago", None]  # unknown age: no tooltip
    assert dock.scope_label.text().endswith("\nyour watchlists + plates Tech, Banks, 5 codes")


def test_a_followed_codes_sparkline_is_the_live_stores(qapp):
    followed = ["HK.00700", "HK.00005"]
    feed = SimFeed(seed=5, now=WED_11_HK, monotonic=lambda: 600.0)

    async def both():
        return await feed.snapshot(followed), await feed.market_table("HK")

    snapshot, table = run(both())
    store = LiveStore()
    store.set_universe(feed.universe())
    store.set_codes(followed)
    store.apply(snapshot, 1.0)
    dock = MarketDock(store, clock=VirtualClock())
    dock.take_table("HK", table)
    history = dock.stock_view.sparklines.history
    for code in followed:
        row = table.codes.index(code)
        assert table.followed[row]
        np.testing.assert_array_equal(history.series_row(code),
                                      store.history.series_row(code, 0))
    other = next(c for r, c in enumerate(table.codes) if not table.followed[r])
    done = len(table.main_series(table.codes.index(other)))
    np.testing.assert_array_equal(history.series_row(other)[:done],
                                  table.main_series(table.codes.index(other)))

"""HistoryLoader: a large set of points goes into the history in slices, the codes on
screen first; later points wait for earlier ones; a snapshot's prices ride along."""

from __future__ import annotations

import numpy as np

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.codes import Market
from flowdeck.core.history import IntradayHistory, series_values
from flowdeck.core.markets import MarketState
from flowdeck.core.stock_info import Quote
from flowdeck.live.minute_prices import clock_minute
from flowdeck.live.store import LiveStore
from flowdeck.ui.table.history_loader import HistoryLoader, points_of

CODES = [f"HK.{i:05d}" for i in range(1, 21)]


def day(codes=CODES, minutes=100, value=1.0) -> MinutePoints:
    """Every tier at `value` (so main and retail at 2 x value, as a feed sends them: the
    history derives them from the tiers)."""
    return MinutePoints([c for c in codes for _ in range(minutes)],
                        np.tile(np.arange(minutes, dtype=np.int32), len(codes)),
                        series_values(np.full((len(codes) * minutes, 4), value)))


def make() -> tuple[IntradayHistory, HistoryLoader]:
    history = IntradayHistory()
    history.add_many(CODES, ["HK"] * len(CODES))
    return history, HistoryLoader(history, slice_points=300)


def test_points_of_finds_codes_by_bisection():
    pts = day()
    got = points_of(pts, ["HK.00003", "HK.00099"])
    assert set(got.codes) == {"HK.00003"} and len(got) == 100


def test_small_sets_go_in_at_once(qapp):
    history, loader = make()
    assert loader.apply(day(CODES[:2], 10))
    assert history.last_minute("HK.00002") == 9 and not loader.busy


def test_large_sets_go_in_slices_codes_on_screen_first(qtbot):
    history, loader = make()
    assert not loader.apply(day(), first=["HK.00017"])
    assert loader.busy
    assert history.last_minute("HK.00017") == 99     # on screen: at once
    assert history.last_minute("HK.00020") == -1     # the rest: later
    with qtbot.waitSignal(loader.loaded, timeout=5000):
        pass
    assert not loader.busy
    assert all(history.last_minute(c) == 99 for c in CODES)


def test_later_points_wait_for_pending_ones(qapp):
    history, loader = make()
    loader.apply(day(value=1.0))
    later = MinutePoints(["HK.00020"], np.array([99], np.int32),
                         series_values(np.full((1, 4), 2.5)))  # main 5.0
    loader.apply(later)  # flushes the pending day first, so 5.0 wins
    assert history.series("HK.00020")[0, 99] == 5.0 and not loader.busy


def test_a_snapshots_prices_go_in_with_its_slices_before_a_later_quote(qtbot):
    """The live store's snapshot prices (its price line) ride the slices: the codes on
    screen at once, the rest behind the first frame, all before the next batch's quote."""
    history = IntradayHistory()
    loader = HistoryLoader(history, slice_points=300)
    store = LiveStore(history=history, loader=loader)
    store.set_codes(CODES)
    store.set_on_screen(lambda: ["HK.00017"])
    snapshot = day()
    snapshot.prices = 100.0 + np.tile(np.arange(100.0), len(CODES))
    store.apply(Batch(points=snapshot, snapshot=True), 1.0)
    assert loader.busy
    assert store.minute_prices("HK.00017")[1][99] == 199.0  # on screen: at once
    assert np.isnan(store.minute_prices("HK.00020")[1][:100]).all()  # the rest: later
    with qtbot.waitSignal(loader.loaded, timeout=5000):
        pass
    assert all(store.minute_prices(c)[1][99] == 199.0 for c in CODES)
    # A quote in the next batch, while a snapshot's slices were pending: the day first.
    store.apply(Batch(points=day(minutes=100)), 2.0)
    snapshot = day()
    snapshot.prices = np.full(len(snapshot), 50.0)
    store.apply(Batch(points=snapshot, snapshot=True), 3.0, restart=CODES)
    assert loader.busy
    store.apply(Batch(quotes={"HK.00020": Quote("HK.00020", 77.0, 70.0)},
                      markets={"HK": MarketStatus(MarketState.OPEN, "2025-03-14 11:10:00")}),
                4.0)
    minute = clock_minute(Market.HK, MarketState.OPEN, "2025-03-14 11:10:00")
    line = store.minute_prices("HK.00020")[1]
    assert minute > 99 and not loader.busy
    assert (line[:minute] == 50.0).all() and line[minute] == 77.0

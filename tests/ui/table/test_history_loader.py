"""HistoryLoader: a large set of points goes into the history in slices, the codes on
screen first; later points wait for earlier ones."""

from __future__ import annotations

import numpy as np

from flowdeck.core.batch import MinutePoints
from flowdeck.core.history import IntradayHistory, series_values
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

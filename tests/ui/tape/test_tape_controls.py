"""The Big trades dock's filters as a user sets them: "Watchlist only" keeps the active
watchlist's codes (and follows its edits), a minimum value typed with units, a side
picked; a minimum that is not an amount is marked and leaves the last good filter. The
line under the tape counts what the day's tape keeps and what its caps dropped."""

from __future__ import annotations

from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.core.trade_tape import TradeTape
from flowdeck.live.store import LiveStore
from flowdeck.ui.look.theme_colors import LIGHT
from flowdeck.ui.tape.tape_dock import TapeDock
from tests.support.tape_trades import prints


def dock_with_trades(qtbot) -> TapeDock:
    store = LiveStore()
    store.set_codes(["HK.00700", "HK.00939", "US.AAPL"])
    dock = TapeDock(store)
    qtbot.addWidget(dock)
    dock.show()
    store.apply(Batch(trades=concat_trades([
        prints("HK.00700", [1], quantity=300_000.0),              # 15M HKD
        prints("HK.00939", [1], side=SELL, quantity=20_000.0),    # 1M HKD
        prints("US.AAPL", [1], quantity=100_000.0)])), 1.0)       # 5M USD
    return dock


def shown(dock: TapeDock) -> list[str]:
    return list(dock.model.rows.shown.codes)


def test_watchlist_only_min_value_and_side(qtbot):
    dock = dock_with_trades(qtbot)
    controls = dock.controls
    dock.set_watched(frozenset({"HK.00700", "HK.00939"}))
    qtbot.mouseClick(controls.watchlist_only, Qt.MouseButton.LeftButton)
    assert sorted(shown(dock)) == ["HK.00700", "HK.00939"]
    dock.set_watched(frozenset({"HK.00939", "US.AAPL"}))  # the watchlist edited
    assert sorted(shown(dock)) == ["HK.00939", "US.AAPL"]
    qtbot.mouseClick(controls.watchlist_only, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(controls.min_value, "5M")
    assert sorted(shown(dock)) == ["HK.00700", "US.AAPL"]
    controls.side.setCurrentIndex(controls.side.findData(SELL))
    assert shown(dock) == []
    controls.side.setCurrentIndex(controls.side.findData(None))
    controls.min_value.clear()
    assert len(shown(dock)) == 3


def test_a_minimum_that_is_not_an_amount_is_marked_and_changes_nothing(qtbot):
    dock = dock_with_trades(qtbot)
    min_value = dock.controls.min_value
    qtbot.keyClicks(min_value, "10M")
    assert shown(dock) == ["HK.00700"]
    qtbot.keyClicks(min_value, "x")
    assert min_value.styleSheet() == f"color: {LIGHT.error_text};"
    assert shown(dock) == ["HK.00700"]
    qtbot.keyClick(min_value, Qt.Key.Key_Backspace)
    assert min_value.styleSheet() == "" and shown(dock) == ["HK.00700"]


def test_the_line_under_the_tape_counts_what_is_kept_and_what_the_caps_dropped(qtbot):
    store = LiveStore(tape=TradeTape(per_code=2))
    store.set_codes(["HK.00700"])
    dock = TapeDock(store)
    qtbot.addWidget(dock)
    assert dock.kept.text() == "0 big trades kept today, 0 older ones dropped by the caps"
    store.apply(Batch(trades=prints("HK.00700", range(1, 1_006))), 1.0)
    assert dock.kept.text() == "2 big trades kept today, 1,003 older ones dropped by the caps"

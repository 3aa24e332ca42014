"""The detail dock's Days view as a user works it: the Days tab, the 20 / 60 / 250 day
buttons, the series box, bars coloured by the convention, the crosshair's numbers, a
click on a day charting that day from the archive, and the way back to today."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from flowdeck.core.batch import MinutePoints
from flowdeck.core.codes import Market
from flowdeck.core.history import IntradayHistory, derive_series
from flowdeck.core.records import CapitalFlowDetail
from flowdeck.core.units import format_amount, format_ratio
from flowdeck.ui.detail.detail_dock import DetailDock
from flowdeck.ui.look.theme import current_theme
from tests.support.day_flows import day_flows, trading_days
from tests.support.memory_days import MemoryDays

HK, US = "HK.00700", "US.AAPL"
DAYS = trading_days(260)  # up to Fri 2026-12-04
TODAY = dt.date(2026, 12, 7)
DETAIL = CapitalFlowDetail(HK, "2026-12-07 10:00:00", 4e9, 100,
                           (3.2e8, 1.5e8, 9.8e7, 4.1e7), (2.6e8, 1.9e8, 1.02e8, 3.7e7))


@pytest.fixture
def reader() -> MemoryDays:
    memory = MemoryDays()
    for day in DAYS:
        memory.save(day_flows([HK], day, seed=3))
    # US: the nets only (Futu's DAY rows): no turnover, no in/out, no minutes.
    for day in DAYS[-30:]:
        memory.save(day_flows([US], day, seed=4, minutes=False, known_flows=False))
    return memory


@pytest.fixture
def history() -> IntradayHistory:
    h = IntradayHistory()
    h.add(HK, Market.HK)
    h.add(US, Market.US)
    values = np.cumsum(np.random.default_rng(0).normal(0, 2e6, (60, 6)), axis=0)
    h.apply(MinutePoints([HK] * 60, np.arange(60, dtype=np.int32), values))
    return h


@pytest.fixture
def dock(qtbot, history, reader):
    d = DetailDock(history, {HK: DETAIL}, reader=reader)
    qtbot.addWidget(d)
    d.resize(700, 420)
    d.show()
    qtbot.waitExposed(d)
    d.show_code(HK)
    days_tab(d, qtbot)
    return d


def days_tab(dock: DetailDock, qtbot) -> None:
    bar = dock.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert dock.tabs.currentWidget() is dock.days_view
    QApplication.processEvents()
    dock.grab()  # pyqtgraph lays out on a paint


def click_bar(dock: DetailDock, qtbot, index: int) -> None:
    bars = dock.days_view.bars
    dock.grab()
    qtbot.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton,
                     pos=bars.bar_center(index))


def bar_heights(dock: DetailDock) -> np.ndarray:
    return np.asarray(dock.days_view.bars.bars.opts["height"], float)


def test_twenty_days_by_default_today_last(dock, history):
    view = dock.days_view
    assert view.shown_days == [*DAYS[-19:], TODAY]
    flows = day_flows([HK], DAYS[-1], seed=3)
    assert bar_heights(dock)[-2] == flows[0].series_net("main")
    last = history.last_minute(HK)
    assert bar_heights(dock)[-1] == pytest.approx(float(history.series(HK)[0, last]))


def test_range_buttons(dock, qtbot):
    view = dock.days_view
    qtbot.mouseClick(view.range_buttons[60], Qt.MouseButton.LeftButton)
    assert len(view.shown_days) == 60 and view.shown_days[-1] == TODAY
    qtbot.mouseClick(view.range_buttons[250], Qt.MouseButton.LeftButton)
    assert view.shown_days == [*DAYS[-249:], TODAY]
    qtbot.mouseClick(view.range_buttons[20], Qt.MouseButton.LeftButton)
    assert len(view.shown_days) == 20


def test_series_box_picks_a_tier(dock, qtbot):
    box = dock.days_view.series_box
    assert box.currentText() == "Main"
    for _ in range(3):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "Large"
    expected = [day_flows([HK], d, seed=3)[0].series_net("large") for d in DAYS[-19:]]
    np.testing.assert_array_equal(bar_heights(dock)[:-1], expected)


def test_bars_follow_the_colour_convention(dock):
    theme = current_theme()
    heights = bar_heights(dock)
    up, down = (c.lower() for c in theme.flow(True))
    assert dock.days_view.bars.bar_colors() == [up if h > 0 else down for h in heights]
    dock.set_colors("green-up")
    up, down = (c.lower() for c in theme.flow(False))
    assert dock.days_view.bars.bar_colors() == [up if h > 0 else down for h in heights]


def test_crosshair_has_the_days_numbers(dock, qtbot):
    click_bar(dock, qtbot, 5)
    day = DAYS[-19:][5]
    flow = day_flows([HK], day, seed=3)[0]
    text = dock.days_view.bars.crosshair_text()
    assert day.isoformat() in text
    assert format_amount(flow.series_net("main")) in text
    assert format_ratio(flow.series_ratio("main")) in text


def test_a_day_without_turnover_shows_a_dash(dock, qtbot):
    dock.show_code(US)
    assert dock.days_view.shown_days == DAYS[-20:]  # no detail: no live bar
    click_bar(dock, qtbot, 19)
    text = dock.days_view.bars.crosshair_text()
    assert "Ratio —" in text
    assert "No minute series archived" in dock.day_tag.textItem.toPlainText()
    assert dock.bars.label_texts() == ["—"] * 8
    assert all(c.getData()[0] is None or not len(c.getData()[0]) for c in dock.curves)


def test_click_a_day_charts_it_and_today_comes_back(dock, qtbot, reader, history):
    day = DAYS[-19:][3]
    click_bar(dock, qtbot, 3)
    assert dock.shown_day == day
    expected = derive_series(reader.minutes(HK, day).T)
    x, y = dock.curves[0].getData()
    np.testing.assert_array_equal(y, expected[0, int(x[0]):int(x[-1]) + 1])
    assert x[-1] == 329  # the whole session
    assert day.isoformat() in dock.windowTitle()
    assert day.isoformat() in dock.day_switch.text()
    assert day.isoformat() in dock.day_tag.textItem.toPlainText()
    flow = reader.days(HK, day, day)[0]
    np.testing.assert_array_equal(dock.bars.inflow_bars.opts["height"], flow.inflow)
    dock.crosshair_at(329)
    assert format_amount(expected[0, 329]) in dock.crosshair_text()
    # Live batches do not move a past day's curves.
    history.apply(MinutePoints([HK], np.array([60], np.int32), np.full((1, 6), 9e9)))
    assert not dock.refresh()
    assert dock.day_switch.home_button.isVisible()
    qtbot.mouseClick(dock.day_switch.home_button, Qt.MouseButton.LeftButton)
    assert dock.shown_day is None
    assert not dock.day_switch.home_button.isVisible()
    assert dock.curves[0].getData()[0][-1] == 60
    # A click on today's bar is a way back too.
    click_bar(dock, qtbot, 2)
    assert dock.shown_day == DAYS[-19:][2]
    click_bar(dock, qtbot, 19)
    assert dock.shown_day is None


def test_nothing_archived_says_how_to_fill(qtbot, history):
    dock = DetailDock(history, {HK: DETAIL}, reader=MemoryDays())
    qtbot.addWidget(dock)
    dock.show_code(HK)
    view = dock.days_view
    assert view.stack.currentWidget() is view.message
    assert "No past days archived for HK.00700" in view.message.text()
    assert "flowdeck backfill HK.00700" in view.message.text()
    dock.set_reader(None)
    assert "No flow archive is open" in view.message.text()


def test_past_day_mode_ends_the_days_there(dock, qtbot):
    as_of = DAYS[-10]
    dock.set_as_of(as_of)
    view = dock.days_view
    assert view.shown_days == [d for d in DAYS if d <= as_of][-20:]
    assert dock.shown_day == as_of and not dock.day_switch.home_button.isVisible()
    click_bar(dock, qtbot, 0)
    assert dock.shown_day == view.shown_days[0]
    assert dock.day_switch.home_button.text() == f"Back to {as_of.isoformat()}"
    qtbot.mouseClick(dock.day_switch.home_button, Qt.MouseButton.LeftButton)
    assert dock.shown_day == as_of
    dock.set_as_of(None)
    assert dock.shown_day is None and view.shown_days[-1] == TODAY


def test_hidden_and_shown_again(dock, qtbot):
    dock.toggleViewAction().trigger()
    assert dock.isHidden()
    dock.toggleViewAction().trigger()
    qtbot.waitExposed(dock)
    click_bar(dock, qtbot, 1)
    assert dock.shown_day == DAYS[-19:][1]


def test_today_hatched_and_the_day_charted_outlined(dock, qtbot):
    bars = dock.days_view.bars

    def looks() -> list[tuple[bool, bool]]:
        """Per bar: hatched (today so far), outlined (the day the chart shows)."""
        return [(b.style() == Qt.BrushStyle.BDiagPattern, p.style() != Qt.PenStyle.NoPen
                 and p.widthF() >= 2)
                for b, p in zip(bars.bars.opts["brushes"], bars.bars.opts["pens"],
                                strict=True)]

    assert looks() == [(False, False)] * 19 + [(True, True)]  # today, charted
    click_bar(dock, qtbot, 4)
    assert looks() == [(False, i == 4) for i in range(19)] + [(True, False)]
    up, down = (c.lower() for c in current_theme().flow(True))
    colours = [QColor(b.color()).name() for b in bars.bars.opts["brushes"]]
    assert colours == [up if h > 0 else down for h in bar_heights(dock)]

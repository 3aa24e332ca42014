"""The past-day mode in the main window, as a user works it: View > Show a past day…,
a day picked in the calendar, "Show this day"; the table and the detail dock on that
day's close (the strip and the status bar say "as of … close", alerts paused), the
live table hidden but still live; "Back to live" puts everything back, alerts as they
were. The dialog closed and opened again still knows the archived days."""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.ui.table.columns import COLUMNS
from tests.support.day_flows import day_flows, trading_days
from tests.support.memory_days import MemoryDays
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, choose_in_settings

DAYS = trading_days(30)
MAIN = NUMERIC_KEYS.index("main_net_inflow")
MAIN_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == "main_net_inflow")


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def archive_of(codes: list[str]) -> MemoryDays:
    """Every code archived but the last one."""
    memory = MemoryDays()
    for day in DAYS:
        memory.save(day_flows(codes[:-1], day, seed=5))
    return memory


def action(window, name: str):
    return next(a for a in window.view_menu.actions() if a.objectName() == name)


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_show_a_past_day_and_back_to_live(qloop, flowdeck_home) -> None:
    day = DAYS[-6]

    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        codes = list(w.store.codes)
        memory = archive_of(codes)
        await wait_until(lambda: w.day_history.history is not None, 20)
        mode = w.past_day  # the window's own, given this archive
        mode.set_reader(memory)
        assert w.alerts.center.paused() is False
        action(w, "showPastDayAction").trigger()
        dialog = mode.dialog
        assert dialog.isVisible() and dialog.selected_day == DAYS[-1]
        dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(
            (day - DAYS[-1]).days))
        click(dialog.ok_button)
        await mode.loading
        assert not dialog.isVisible()
        assert mode.view.isVisible() and not w.view.isVisible()
        expected = f"As of {day.isoformat()} close"
        assert mode.strip.text().startswith(expected)
        assert "1 of" in mode.strip.text()  # one code has no close that day
        assert w.findChild(object, "pastDayStatus").text() == expected
        assert w.alerts.center.paused() is None  # paused until resumed
        assert w.detail_dock.as_of == day and w.detail_dock.shown_day == day
        table = mode.store.table
        for code in codes[:-1]:
            flow = memory.days(code, day, day)[0]
            assert table.values[table.row_of(code), MAIN] == flow.series_net("main")
        assert math.isnan(table.values[table.row_of(codes[-1]), MAIN])
        missing = mode.model.row_of_code(codes[-1])
        assert mode.model.index(missing, MAIN_COLUMN).data() == "—"
        assert mode.model.index(mode.model.row_of_code(codes[0]), MAIN_COLUMN).data() != "—"
        # The past table's selection drives the dock, on the past day.
        mode.view.selectRow(mode.model.row_of_code(codes[2]))
        assert w.detail_dock.code == codes[2] and w.detail_dock.shown_day == day
        # The live table stays live underneath.
        applies = w.follower.applies
        await wait_until(lambda: w.follower.applies > applies, 20)
        assert table.values[table.row_of(codes[0]), MAIN] == \
            memory.days(codes[0], day, day)[0].series_net("main")
        assert action(w, "backToLiveAction").isEnabled()
        click(mode.strip.live_button)
        assert not mode.active and w.view.isVisible()
        assert mode.strip is None and w.findChild(object, "pastDayStatus") is None
        assert w.alerts.center.paused() is False
        assert w.detail_dock.as_of is None and w.detail_dock.shown_day is None
        assert not action(w, "backToLiveAction").isEnabled()

    run_window(qloop, body)


def test_a_pause_the_user_set_comes_back(qloop, flowdeck_home) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        await wait_until(lambda: w.day_history.history is not None, 20)
        mode = w.past_day
        mode.set_reader(archive_of(list(w.store.codes)))
        w.alerts.center.pause(600)
        until = w.alerts.center.paused()
        await mode.show_day(DAYS[-2])
        assert w.alerts.center.paused() is None
        action(w, "backToLiveAction").trigger()
        assert abs(w.alerts.center.paused() - until) < 5
        assert until > time.time()

    run_window(qloop, body)


def test_the_dialog_closed_and_opened_again(qloop, flowdeck_home) -> None:
    async def body(w):
        await wait_until(lambda: w.follower.applies >= 1, 20)
        await wait_until(lambda: w.day_history.history is not None, 20)
        mode = w.past_day
        mode.set_reader(archive_of(list(w.store.codes)))
        action(w, "showPastDayAction").trigger()
        dialog = mode.dialog
        dialog.reject()
        assert not dialog.isVisible() and not mode.active
        action(w, "showPastDayAction").trigger()
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
        saturday = dt.date(2026, 11, 28)
        dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(
            (saturday - DAYS[-1]).days))
        assert not dialog.ok_button.isEnabled()
        assert "No archived close on 2026-11-28" in dialog.note.text()
        dialog.reject()
        mode.set_reader(MemoryDays())
        action(w, "showPastDayAction").trigger()
        assert not dialog.ok_button.isEnabled()
        assert "Nothing is archived" in dialog.note.text()
        dialog.reject()

    run_window(qloop, body)


def calendar_weekdays(dialog) -> list[str]:
    """The weekday names over the calendar's columns (Qt's own view inside it)."""
    view = dialog.calendar.findChild(QTableView, "qt_calendar_calendarview")
    return [view.model().index(0, c).data() for c in range(1, 8)]


def test_the_calendar_speaks_the_language_chosen(qloop, flowdeck_home, english_after) -> None:
    seen = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        w.past_day.set_reader(archive_of(list(w.store.codes)))
        action(w, "showPastDayAction").trigger()
        dialog = w.past_day.dialog
        seen["en"] = calendar_weekdays(dialog)
        dialog.reject()
        choose_in_settings(w, languageCombo="zh_CN")
        action(w, "showPastDayAction").trigger()
        await wait_until(lambda: dialog.windowTitle() != "Show a past day", 5)
        seen["zh_CN"] = calendar_weekdays(dialog)
        # Switched while the dialog is open: it follows at once.
        choose_in_settings(w, languageCombo="zh_HK")
        await wait_until(lambda: "週一" in calendar_weekdays(dialog), 5)
        seen["zh_HK"] = calendar_weekdays(dialog)
        dialog.reject()

    run_window(qloop, body)
    # Monday first in each: the trading week in one run.
    assert seen["en"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert seen["zh_CN"] == [f"周{d}" for d in "一二三四五六日"]
    assert seen["zh_HK"] == [f"週{d}" for d in "一二三四五六日"]

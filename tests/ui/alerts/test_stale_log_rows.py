"""Data-stale alerts in the alert log dock: their rows worded in the language spoken
(from the entry's codes, source and time without data), no value, a tooltip on the
time; an entry that cannot be read skipped without counting as a broken alert; the
running window shows today's stale entries from the file, and a row about the source
names no code to jump to."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from flowdeck.core.stale_alerts import RECOVERED, STALE, StaleEvent
from flowdeck.core.stale_text import stale_payloads
from flowdeck.storage.alert_log import AlertLog, alert_log_path
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.alert_log_model import COL_CODE, COL_NOTE, COL_RULE, COL_TIME, COL_VALUE
from flowdeck.ui.look.i18n import apply_language

MORNING = dt.datetime(2025, 3, 14, 10, 2, tzinfo=ZoneInfo("Asia/Hong_Kong")).timestamp()
EVENTS = [StaleEvent(STALE, ("HK.00700",), seconds=130),
          StaleEvent(STALE, source=True, seconds=200, error="error 1016 timed out"),
          StaleEvent(RECOVERED, ("HK.00005", "HK.00700"), seconds=300)]


@pytest.fixture
def english():
    apply_language("en")
    yield
    apply_language("en")


def texts(model, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in (COL_CODE, COL_RULE, COL_VALUE, COL_NOTE)]


def test_rows_worded_in_the_language_spoken(qtbot, english):
    dock = AlertLogDock()
    qtbot.addWidget(dock)
    payloads = stale_payloads(EVENTS, MORNING, "futu://127.0.0.1:11111", lang="en")
    bad = {**payloads[0], "codes": "HK.00700"}
    assert dock.add_entries([*payloads, bad]) == 1   # a line that cannot be read: counted
    model = dock.model
    assert model.rowCount() == 3
    assert texts(model, 0) == ["HK.00700", "HK.00700: no update", "",
                               "no update for 2 min while its market is open"]
    assert texts(model, 1) == ["", "Source down: futu://127.0.0.1:11111", "",
                               "no data for 3 min: error 1016 timed out"]
    assert texts(model, 2) == ["", "2 codes: updating again", "",
                               "after 5 min without: HK.00005, HK.00700"]
    tip = model.data(model.index(1, COL_TIME), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("At ") and "this computer's clock" in tip
    apply_language("zh_HK")
    assert texts(model, 1)[1:] == ["數據源中斷：futu://127.0.0.1:11111", "",
                                   "3分鐘無數據：error 1016 timed out"]
    assert model.data(model.index(0, COL_TIME), Qt.ItemDataRole.ToolTipRole).startswith(
        "於 ")


def test_the_window_shows_todays_stale_entries_and_a_source_row_jumps_nowhere(window):
    now = dt.datetime.now().timestamp()
    AlertLog(alert_log_path()).append(stale_payloads(EVENTS[1:2], now, "sim"))

    async def body(w):
        dock = w.alerts.dock
        model = dock.model
        assert model.rowCount() == 1
        assert texts(model, 0)[:2] == ["", "Source down: sim"]
        dock.view.doubleClicked.emit(dock.proxy.index(0, COL_RULE))
        assert w.banners.banner("alertcode") is None

    window(body)

"""The alert log as a trader reads it: alerts from several markets listed in the order
they fired on one clock, each time with its date and offset; Time, Code and Value wide
enough for their text, Value and Note with their whole text in a tooltip; and a
notification that says which way a `crosses` rule's value went (上穿 / 下穿 in Chinese).
Alerts come from the real AlertCenter fed scripted batches under an injected clock."""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.storage.alert_log import AlertLog
from flowdeck.ui.alerts.alert_center import AlertCenter
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.alert_log_model import COL_CODE, COL_NOTE, COL_TIME, COL_VALUE
from flowdeck.ui.alerts.notifiers import TrayNotifier
from flowdeck.ui.alerts.tray import Tray
from flowdeck.ui.look.i18n import apply_language

MAIN = NUMERIC_KEYS.index("main_net_inflow")
HK_1107 = 1_714_964_820.0  # 2024-05-06 11:07:00 in Hong Kong (03:07 UTC)
NOTE = "Tencent: main money back above zero after the lunch break, check the tape"


@pytest.fixture
def hong_kong_clock():
    """This computer's clock in Hong Kong (the Time column shows local time)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Hong_Kong"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def english_after(qapp):
    yield
    apply_language("en")
    QApplication.processEvents()


def batch(code: str, value: float, exchange_time: str) -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, MAIN] = value
    return Batch(columns=RecordColumns([code], values, [exchange_time]))


class Script:
    """An AlertCenter under a clock the script moves, its firings into a dock."""

    def __init__(self, tmp_path, qtbot, rule: str = ">", threshold: str = "50M",
                 notifier=None, note: str = "") -> None:
        self.now = HK_1107
        rules = [make_rule("all", "main_net_inflow", rule, threshold, cooldown_s=0,
                           note=note)]
        self.log_path = tmp_path / "alerts.jsonl"
        self.center = AlertCenter(rules, {}, AlertLog(self.log_path), notifier,
                                  clock=lambda: self.now)
        self.dock = AlertLogDock()
        qtbot.addWidget(self.dock)
        self.center.fired.connect(self.dock.add)

    def feed(self, at: float, code: str, value: float, exchange_time: str) -> None:
        self.now = at
        self.center.on_batch(batch(code, value, exchange_time))

    def entries(self) -> list[dict]:
        return [json.loads(x) for x in self.log_path.read_text("utf-8").splitlines()]


def column(dock: AlertLogDock, col: int, role=Qt.ItemDataRole.DisplayRole) -> list:
    """A column as the view shows it (through the filter proxy), top to bottom."""
    return [dock.proxy.index(r, col).data(role) for r in range(dock.proxy.rowCount())]


def test_two_markets_list_in_firing_order_with_date_and_offset(qtbot, tmp_path,
                                                               hong_kong_clock) -> None:
    s = Script(tmp_path, qtbot)
    s.feed(HK_1107 - 120, "HK.00700", 0, "2024-05-06 11:05:00")   # baselines
    s.feed(HK_1107 - 120, "SH.600519", 0, "2024-05-06 10:39:00")
    s.feed(HK_1107, "HK.00700", 6e7, "2024-05-06 11:07:00")
    # Fired a minute later, though its exchange clock says 10:41 (each simulated market
    # runs a clock of its own; a real feed can lag): it goes below, not above.
    s.feed(HK_1107 + 60, "SH.600519", 7e7, "2024-05-06 10:41:00")
    assert column(s.dock, COL_CODE) == ["HK.00700", "SH.600519"]
    assert column(s.dock, COL_TIME) == ["2024-05-06 11:07:00 UTC+8", "2024-05-06 11:08:00 UTC+8"]
    tips = column(s.dock, COL_TIME, Qt.ItemDataRole.ToolTipRole)
    assert "2024-05-06 11:07:00 HKT" in tips[0] and "2024-05-06 10:41:00 Beijing" in tips[1]

    # The next start reads the log file: the same rows, the same times.
    entries = s.entries()
    again = AlertLogDock()
    qtbot.addWidget(again)
    again.add_entries(entries)
    assert column(again, COL_TIME) == column(s.dock, COL_TIME)
    # A line of an earlier firing read after them (another run's log) goes in its place,
    # and one written before the firing's instant was kept is placed by its exchange time.
    older = {**entries[0], "code": "HK.00005", "wall": HK_1107 - 30}
    no_wall = {k: v for k, v in entries[0].items() if k != "wall"}
    again.add_entries([{**no_wall, "code": "US.AAPL", "time": "2024-05-05 23:07:30"}, older])
    assert column(again, COL_CODE) == ["HK.00005", "HK.00700", "US.AAPL", "SH.600519"]
    assert column(again, COL_TIME)[2] == "2024-05-06 11:07:30 UTC+8"  # 23:07:30 EDT


def show_tooltip(dock: AlertLogDock, row: int, col: int) -> str:
    """Hover a cell as the user does: the view's viewport gets a tool-tip event."""
    view = dock.view
    pos = view.visualRect(dock.proxy.index(row, col)).center()
    QToolTip.hideText()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos,
                                                       view.viewport().mapToGlobal(pos)))
    return QToolTip.text()


def test_time_code_value_fit_value_and_note_have_tooltips(qtbot, tmp_path) -> None:
    s = Script(tmp_path, qtbot, "<", "-5B", note=NOTE)
    s.dock.resize(520, 260)
    s.dock.show()
    qtbot.waitExposed(s.dock)
    s.feed(HK_1107 - 60, "US.BRK.B", 0, "2024-05-05 23:06:00")
    s.feed(HK_1107, "US.BRK.B", -987_654_321_098.7, "2024-05-05 23:07:00")
    s.dock.set_units("wan")  # what Settings → Units does through the window
    view, header = s.dock.view, s.dock.view.horizontalHeader()
    for col in (COL_TIME, COL_CODE, COL_VALUE):
        assert header.sectionSize(col) >= view.sizeHintForColumn(col), col
    value, note = column(s.dock, COL_VALUE)[0], column(s.dock, COL_NOTE)[0]
    assert value.endswith("亿") and note == NOTE
    assert show_tooltip(s.dock, 0, COL_VALUE) == value
    # The note is longer than its column: elided on screen, whole in the tooltip.
    assert header.sectionSize(COL_NOTE) < view.fontMetrics().horizontalAdvance(NOTE)
    assert show_tooltip(s.dock, 0, COL_NOTE) == NOTE


def test_a_crossing_notification_names_its_direction(qtbot, tmp_path, english_after) -> None:
    tray = Tray()
    shown: list[tuple[str, str]] = []
    tray.tray_icon.showMessage = lambda title, body, *rest: shown.append((title, body))
    s = Script(tmp_path, qtbot, "crosses", "0", notifier=TrayNotifier(tray))
    for i, value in enumerate((-1e7, 2e7, -3e7)):
        s.feed(HK_1107 + i, "HK.00700", value, f"2024-05-06 11:0{7 + i}:00")
    assert [title for title, _ in shown] == ["HK.00700: Main net inflow crossed above 0",
                                            "HK.00700: Main net inflow crossed below 0"]
    assert shown[0][1].startswith("20M at 2024-05-06 11:08:00")

    apply_language("zh_CN")
    s.feed(HK_1107 + 3, "HK.00700", 4e7, "2024-05-06 11:10:00")
    s.feed(HK_1107 + 4, "HK.00700", -5e7, "2024-05-06 11:11:00")
    assert [title for title, _ in shown[2:]] == ["HK.00700: 主力净流入 上穿 0",
                                                "HK.00700: 主力净流入 下穿 0"]
    tray.hide()


def test_an_older_line_merged_in_passes_the_model_tester(qtbot, tmp_path, qtmodeltester) -> None:
    s = Script(tmp_path, qtbot)
    s.feed(HK_1107 - 60, "HK.00700", 0, "2024-05-06 11:06:00")
    s.feed(HK_1107, "HK.00700", 6e7, "2024-05-06 11:07:00")
    model = s.dock.model
    qtmodeltester.check(model)
    model.add_entries([{**s.entries()[0], "code": "HK.00005", "wall": HK_1107 - 30}])
    assert [model.code_at(r) for r in range(model.rowCount())] == ["HK.00005", "HK.00700"]
    qtmodeltester.check(model)

"""The alert log: its model (rows from live alerts and from the log file), the dock's
filter, Clear, following the newest row, and double-click to a code."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QPushButton

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import Alert
from flowdeck.ui.alerts import alert_log_model
from flowdeck.ui.alerts.alert_log_dock import AlertLogDock
from flowdeck.ui.alerts.alert_log_model import (
    COL_CODE,
    COL_NOTE,
    COL_RULE,
    COL_TIME,
    COL_VALUE,
    HEADERS,
    AlertLogModel,
)
from flowdeck.ui.look.theme_colors import LIGHT

RED, GREEN = QColor(LIGHT.red), QColor(LIGHT.green)  # the suite runs in the light theme
DISPLAY = Qt.ItemDataRole.DisplayRole


def alert(code: str = "HK.00700", field: str = "main_net_inflow", op: str = ">",
          threshold: str = "50M", value: float = 6.2e7, time: str = "2024-05-06 10:15:00",
          note: str = "") -> Alert:
    rule = make_rule(f"code:{code}", field, op, threshold, note=note)
    return Alert(code, rule, value, time, 1_714_961_700.0)


SAMPLE = [
    alert(note="Tencent buying"),
    alert("US.AAPL", "retail_net_inflow", "<", "-20M", -3.1e7, "2024-05-06 10:15:03"),
    alert("SH.600519", "super_net_inflow_ratio", "crosses", "5%", 0.061,
          "2024-05-06 10:15:07"),
]


def texts(model: AlertLogModel, row: int) -> list[str]:
    return [model.data(model.index(row, c), DISPLAY) for c in range(len(HEADERS))]


@pytest.fixture
def dock(qapp, qtbot):
    dock = AlertLogDock()
    qtbot.addWidget(dock)
    return dock


def test_model_passes_the_model_tester(qapp, qtmodeltester) -> None:
    model = AlertLogModel()
    model.add(SAMPLE)
    model.add_entries([a.to_json() for a in SAMPLE])
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_add_appends_at_the_bottom_in_one_insert(qapp, qtbot) -> None:
    model = AlertLogModel()
    inserts: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    model.add(SAMPLE[:2])
    model.add(SAMPLE[2:])
    model.add([])
    assert inserts == [(0, 1), (2, 2)]
    assert texts(model, 0)[1:] == ["HK.00700", "Main net inflow > 50M", "62M",
                                   "Tencent buying"]  # the Time: test_alert_log_order.py
    assert texts(model, 1)[1:4] == ["US.AAPL", "Retail net inflow < -20M", "-31M"]
    assert texts(model, 2)[2:4] == ["Super net ratio crosses 5%", "6.1%"]
    assert [model.code_at(r) for r in range(3)] == ["HK.00700", "US.AAPL", "SH.600519"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(HEADERS)


def test_entries_from_the_log_file_read_like_live_alerts(qapp) -> None:
    live, logged = AlertLogModel(), AlertLogModel()
    live.add(SAMPLE)
    # As storage writes and reads them: JSON lines.
    logged.add_entries([json.loads(json.dumps(a.to_json())) for a in SAMPLE])
    assert [texts(logged, r) for r in range(3)] == [texts(live, r) for r in range(3)]
    live.set_units("wan")
    logged.set_units("wan")
    assert texts(logged, 0)[COL_RULE] == texts(live, 0)[COL_RULE] == "Main net inflow > 5000万"


def test_unreadable_entries_are_skipped(qapp) -> None:
    good = SAMPLE[0].to_json()
    model = AlertLogModel()
    model.add_entries([
        {**good, "field": "no_such_field"},
        {k: v for k, v in good.items() if k != "value"},
        {**good, "value": "lots"},
        {**good, "type": "status"},
        "not a dict",
        {**good, "code": None},
        good,
        {k: v for k, v in good.items() if k not in ("note", "op", "threshold", "type")},
    ])
    assert model.rowCount() == 2
    assert texts(model, 1)[COL_RULE] == "Main net inflow ? —" and texts(model, 1)[COL_NOTE] == ""


def test_units_and_colours_redraw(qapp, qtbot) -> None:
    model = AlertLogModel()
    model.add(SAMPLE[:2])
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.column(), b.column())))
    model.set_units("wan")
    assert texts(model, 0)[COL_VALUE] == "6200万" and changed == [(COL_RULE, COL_VALUE)]
    fg = Qt.ItemDataRole.ForegroundRole
    assert model.data(model.index(0, COL_VALUE), fg) == RED  # inflow, red-up
    assert model.data(model.index(1, COL_VALUE), fg) == GREEN
    assert model.data(model.index(0, COL_CODE), fg) is None
    model.set_colors("green-up")
    assert model.data(model.index(0, COL_VALUE), fg) == GREEN
    assert model.data(model.index(1, COL_VALUE), fg) == RED
    with pytest.raises(ValueError):
        model.set_colors("blue-up")
    tip = model.data(model.index(0, COL_TIME), Qt.ItemDataRole.ToolTipRole)
    assert "Exchange time" in tip


def test_by_market_colours_follow_each_rows_market(qapp) -> None:
    model = AlertLogModel()
    model.add([alert(code="SH.600519", value=6.2e7), alert(code="US.AAPL", value=6.2e7)])
    model.set_colors("by-market")
    fg = Qt.ItemDataRole.ForegroundRole
    assert model.data(model.index(0, COL_VALUE), fg) == RED    # SH: red-up
    assert model.data(model.index(1, COL_VALUE), fg) == GREEN  # US: green-up
    model.set_colors("auto")  # one convention for all rows; green-up in English
    assert model.data(model.index(0, COL_VALUE), fg) == GREEN


def test_rows_are_capped_oldest_first(qapp, monkeypatch) -> None:
    monkeypatch.setattr(alert_log_model, "MAX_ROWS", 4)
    model = AlertLogModel()
    model.add([alert(note=str(i)) for i in range(3)])
    model.add([alert(note=str(i)) for i in range(3, 6)])
    assert [texts(model, r)[COL_NOTE] for r in range(model.rowCount())] == list("2345")
    model.add([alert(note=f"later {i}") for i in range(6)])
    assert [texts(model, r)[COL_NOTE] for r in range(model.rowCount())] == [
        f"later {i}" for i in range(2, 6)]


def test_dock_names_and_filter(dock) -> None:
    assert dock.objectName() == "alertLogDock" and dock.windowTitle() == "Alert log"
    edit = dock.findChild(QLineEdit, "alertFilter")
    dock.add(SAMPLE)
    edit.setText("aapl")
    assert dock.visible_codes() == ["US.AAPL"]
    edit.setText("NET RATIO")  # the rule text, any case
    assert dock.visible_codes() == ["SH.600519"]
    edit.setText("hk.")
    assert dock.visible_codes() == ["HK.00700"]
    edit.setText("Tencent")  # notes are not filtered on
    assert dock.visible_codes() == []
    edit.setText("")
    assert dock.visible_codes() == ["HK.00700", "US.AAPL", "SH.600519"]


def test_clear_empties_the_view_only(dock, qtbot) -> None:
    dock.add(SAMPLE)
    button = dock.findChild(QPushButton, "alertClear")
    assert "file on disk" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dock.model.rowCount() == 0 and dock.visible_codes() == []
    dock.add_entries([SAMPLE[0].to_json()])
    assert dock.visible_codes() == ["HK.00700"]


def test_double_click_emits_the_code_through_the_filter(dock, qtbot) -> None:
    dock.resize(700, 300)
    dock.show()
    qtbot.waitExposed(dock)
    dock.add(SAMPLE)
    dock.filter_edit.setText("SH.")
    index = dock.proxy.index(0, COL_RULE)
    rect = dock.view.visualRect(index)
    viewport, left = dock.view.viewport(), Qt.MouseButton.LeftButton
    codes: list[str] = []
    dock.code_activated.connect(codes.append)
    with qtbot.waitSignal(dock.code_activated, timeout=1000) as got:
        # As a real double-click arrives: a click, then the double-click event (the view
        # ignores a double-click on an index it did not see pressed).
        qtbot.mouseClick(viewport, left, pos=rect.center())
        qtbot.mouseDClick(viewport, left, pos=rect.center())
    assert got.args == ["SH.600519"]  # model row 2, proxy row 0
    assert codes == ["SH.600519"]  # once, not also for the first click


def test_newest_row_is_followed_unless_scrolled_up(dock, qtbot) -> None:
    dock.resize(700, 200)
    dock.show()
    qtbot.waitExposed(dock)
    for i in range(60):
        dock.add([alert(time=f"2024-05-06 10:{i:02d}:00")])
    view = dock.view

    def last_row_shown() -> bool:
        last = dock.proxy.index(dock.proxy.rowCount() - 1, 0)
        return view.viewport().rect().contains(view.visualRect(last).center())
    qtbot.waitUntil(last_row_shown, timeout=1000)
    view.verticalScrollBar().setValue(0)  # the user reads the oldest ones
    dock.add([alert(time="2024-05-06 11:00:00")])
    qtbot.wait(50)
    assert view.verticalScrollBar().value() == 0 and not last_row_shown()


def test_units_pass_through(dock) -> None:
    dock.add(SAMPLE[:1])
    dock.set_units("wan")
    dock.set_colors("green-up")
    assert dock.model.data(dock.model.index(0, COL_VALUE), DISPLAY) == "6200万"
    assert dock.model.data(dock.model.index(0, COL_VALUE),
                           Qt.ItemDataRole.ForegroundRole) == GREEN
    assert dock.model.rowCount(dock.model.index(0, 0)) == 0
    assert dock.model.data(QModelIndex(), DISPLAY) is None

"""A rule on the day's price change from the table: right-click the Change % column, the
editor prefilled with change_pct, its hint and a percentage threshold; no "Now" (the
table's values are the flow's)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from flowdeck.ui.alerts.alert_menu import add_alert_actions
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.look.i18n import apply_language


def test_the_change_column_offers_a_change_rule(qtbot) -> None:
    apply_language("en")
    calls: list[tuple] = []
    menu = QMenu()
    add_alert_actions(menu, "US.AAPL", "change_ratio", lambda *args: calls.append(args))
    action = next(a for a in menu.actions() if a.text() == "Alert when Change % > …")
    action.trigger()
    code, field, op = calls[-1]
    asked: list[str] = []
    editor = RuleDialog(code=code, field=field, op=op, channels=[],
                        now=lambda scope, f: asked.append(f) or {})
    qtbot.addWidget(editor)
    assert editor.field.currentData() == "change_pct"
    assert editor.threshold_hint.text().startswith("The day's price change")
    qtbot.keyClicks(editor.threshold, "2")
    assert "price change" in editor.error()
    qtbot.keyClicks(editor.threshold, "%")
    assert editor.rule().threshold == 0.02 and editor.threshold_preview.text() == "= 2%"
    assert not editor.now_label.isVisibleTo(editor) and "change_pct" not in asked

"""The rule editor's issue-22 parts, the user's way: Alerts > Manage rules, Add…, a 2nd
condition added and typed, once a day, an expiry date and a channel ticked, OK; the list
shows them; the editor reopened shows them again and OK changes nothing; Remove drops a
condition; a channel the settings lack is kept and marked; an expired rule says so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from flowdeck.core.alert_rules import Condition, Op, make_rule
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.alerts.rules_dialog import RulesDialog
from flowdeck.ui.alerts.rules_model import CHANNELS, COOLDOWN, RULE
from flowdeck.ui.look.i18n import apply_language

CHANNEL_NAMES = ["desk-dingtalk", "mail"]


@pytest.fixture
def rules(qtbot):
    apply_language("en")
    dialog = RulesDialog([], channels=CHANNEL_NAMES)
    qtbot.addWidget(dialog)
    saved: list = []
    dialog.rules_changed.connect(saved.append)
    dialog.show()
    return dialog, saved


def cell(dialog: RulesDialog, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    return dialog.model.data(dialog.model.index(row, col), role)


def click(qtbot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tick(qtbot, editor: RuleDialog, name: str) -> None:
    """Select the channel's row and press Space, as a keyboard user ticks it."""
    items = editor.delivery.channels
    row = next(i for i in range(items.count()) if items.item(i).data(Qt.ItemDataRole.UserRole)
               == name)
    items.setFocus()
    items.setCurrentRow(row)
    qtbot.keyClick(items, Qt.Key.Key_Space)


def test_add_an_and_rule_then_reopen_it(qtbot, rules) -> None:
    dialog, saved = rules
    click(qtbot, dialog.add_button)
    editor = dialog.editor
    editor.scope_kind.setCurrentIndex(editor.scope_kind.findData("code"))
    qtbot.keyClicks(editor.scope_code, "HK.00700")
    editor.op.setCurrentIndex(editor.op.findData("crosses"))
    qtbot.keyClicks(editor.threshold, "0")
    assert editor.ok_button.isEnabled()
    click(qtbot, editor.conditions.add_button)
    (row,) = editor.conditions.rows
    assert not editor.ok_button.isEnabled()
    assert editor.error() == "Type the threshold of condition 2."
    row.field.setCurrentIndex(row.field.findData("main_net_inflow_ratio"))
    qtbot.keyClicks(row.threshold, "2")
    assert "ratio between" in editor.error()       # the core's words, naming the condition
    assert editor.error().startswith("condition 2:")
    qtbot.keyClicks(row.threshold, "%")
    assert row.preview.text() == "= 2%" and editor.ok_button.isEnabled()
    click(qtbot, editor.delivery.once_per_day)
    click(qtbot, editor.delivery.expires)
    editor.delivery.expires_date.setDate(QDate(2026, 12, 31))
    tick(qtbot, editor, "desk-dingtalk")
    click(qtbot, editor.ok_button)

    want = make_rule("code:HK.00700", "main_net_inflow", "crosses", 0, conditions=[
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}],
        once_per_day=True, expires="2026-12-31", channels=["desk-dingtalk"])
    assert saved[-1] == [want]
    assert cell(dialog, 0, RULE) == ("Main net inflow crosses 0 and Main net ratio > 2% "
                                     "(until 2026-12-31)")
    assert cell(dialog, 0, COOLDOWN) == "5 min, once a day"
    assert cell(dialog, 0, CHANNELS) == "Tray, desk-dingtalk"
    assert cell(dialog, 0, CHANNELS, Qt.ItemDataRole.DecorationRole) is None

    again = dialog.ask_edit(0)
    (row,) = again.conditions.rows
    assert (row.field.currentData(), row.op.currentData(), row.threshold.text()) == (
        "main_net_inflow_ratio", ">", "2%")
    assert again.delivery.once_per_day.isChecked() and again.delivery.expires.isChecked()
    assert again.delivery.expires_date.date() == QDate(2026, 12, 31)
    assert again.delivery.checked() == ["desk-dingtalk"]
    assert again.rule() == want
    count = len(saved)
    click(qtbot, again.ok_button)
    assert len(saved) == count  # nothing changed, nothing saved

    third = dialog.ask_edit(0)
    click(qtbot, third.conditions.rows[0].remove)
    click(qtbot, third.delivery.expires)
    click(qtbot, third.ok_button)
    assert saved[-1][0].and_conditions == () and saved[-1][0].expires == ""


def test_three_conditions_at_most(qtbot, rules) -> None:
    dialog, _ = rules
    click(qtbot, dialog.add_button)
    box = dialog.editor.conditions
    click(qtbot, box.add_button)
    click(qtbot, box.add_button)
    assert len(box.rows) == 2 and not box.add_button.isEnabled()
    click(qtbot, box.rows[0].remove)
    assert len(box.rows) == 1 and box.add_button.isEnabled()


def test_two_crossings_are_refused_in_the_cores_words(qtbot, rules) -> None:
    dialog, _ = rules
    click(qtbot, dialog.add_button)
    editor = dialog.editor
    editor.op.setCurrentIndex(editor.op.findData("crosses"))
    qtbot.keyClicks(editor.threshold, "0")
    click(qtbot, editor.conditions.add_button)
    row = editor.conditions.rows[0]
    row.op.setCurrentIndex(row.op.findData("crosses"))
    qtbot.keyClicks(row.threshold, "0")
    assert "at most one condition may be 'crosses'" in editor.error()
    assert not editor.ok_button.isEnabled()


def test_a_channel_the_settings_lack_is_kept_marked_and_can_be_unticked(qtbot) -> None:
    apply_language("en")
    rule = make_rule("all", "main_net_inflow", ">", "50M", channels=["ghost", "mail"])
    dialog = RulesDialog([rule], channels=CHANNEL_NAMES)
    qtbot.addWidget(dialog)
    saved: list = []
    dialog.rules_changed.connect(saved.append)
    assert cell(dialog, 0, CHANNELS) == "Tray, ghost, mail"
    assert cell(dialog, 0, CHANNELS, Qt.ItemDataRole.DecorationRole) is not None
    assert "Not in Settings > Channels: ghost" in cell(dialog, 0, CHANNELS,
                                                      Qt.ItemDataRole.ToolTipRole)
    editor = dialog.ask_edit(0)
    texts = [editor.delivery.channels.item(i).text()
             for i in range(editor.delivery.channels.count())]
    assert texts == ["desk-dingtalk", "mail", "ghost (not in Settings > Channels)"]
    assert editor.rule() == rule   # opened and untouched: kept as it was
    tick(qtbot, editor, "ghost")
    click(qtbot, editor.ok_button)
    assert saved[-1][0].channels == ("mail",)


def test_an_expired_rule_is_greyed_and_says_so(qtbot) -> None:
    apply_language("en")
    rule = make_rule("all", "main_net_inflow", ">", "50M", expires="2026-12-31")
    dialog = RulesDialog([rule], channels=[])
    qtbot.addWidget(dialog)
    dialog.model.today = lambda: "2026-12-31"
    assert cell(dialog, 0, RULE) == "Main net inflow > 50M (until 2026-12-31)"
    assert cell(dialog, 0, RULE, Qt.ItemDataRole.ForegroundRole) is None
    dialog.model.today = lambda: "2027-01-01"
    assert cell(dialog, 0, RULE) == "Main net inflow > 50M (expired 2026-12-31)"
    assert cell(dialog, 0, RULE, Qt.ItemDataRole.ForegroundRole) is not None


def test_a_trade_rule_has_no_more_conditions_but_once_a_day(qtbot) -> None:
    apply_language("en")
    editor = RuleDialog(field="trade", code="HK.00700", threshold="10M", channels=["mail"])
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.conditions.isVisible() and editor.delivery.isVisible()
    click(qtbot, editor.delivery.once_per_day)
    tick(qtbot, editor, "mail")
    assert editor.rule().once_per_day and editor.rule().channels == ("mail",)


def test_already_true_needs_every_condition(qtbot) -> None:
    apply_language("en")
    values = {"main_net_inflow": {"HK.00700": 6e7}, "main_net_inflow_ratio": {"HK.00700": 0.01}}
    editor = RuleDialog(make_rule("code:HK.00700", "main_net_inflow", ">", "50M"),
                        now=lambda scope, field: values[field], channels=[])
    qtbot.addWidget(editor)
    assert editor.already_true()                       # one condition: true now
    click(qtbot, editor.conditions.add_button)
    row = editor.conditions.rows[0]
    row.field.setCurrentIndex(row.field.findData("main_net_inflow_ratio"))
    qtbot.keyClicks(row.threshold, "2%")
    assert editor.rule().and_conditions == (Condition("main_net_inflow_ratio", Op.GT, 0.02),)
    assert editor.already_true() == ""                  # the ratio is 1 %: not yet
    values["main_net_inflow_ratio"]["HK.00700"] = 0.03
    editor.refresh_now()
    assert editor.already_true()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_three_conditions_and_channels_fit_a_small_screen(qtbot, lang) -> None:
    apply_language(lang)
    try:
        editor = RuleDialog(code="HK.00700", channels=[f"channel-{i}" for i in range(6)])
        qtbot.addWidget(editor)
        editor.show()
        click(qtbot, editor.conditions.add_button)
        click(qtbot, editor.conditions.add_button)
        screen = editor.screen().availableGeometry()   # offscreen: 800 x 600
        hint = editor.sizeHint()
        assert hint.height() <= screen.height() and hint.width() <= screen.width()
    finally:
        apply_language("en")

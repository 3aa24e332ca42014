"""The alert rules list: the model (qtmodeltester), add, toggle, delete with undo, edit
through a real RuleDialog opened non-modally, and the config's broken rules shown but
never returned or dropped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from flowdeck.core.alert_rules import make_rule, rules_from_config, rules_to_config
from flowdeck.ui.alerts.alert_text import duration_text
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.alerts.rules_dialog import RulesDialog
from flowdeck.ui.alerts.rules_model import ON, RULE, RulesModel

RULES = [
    make_rule("code:HK.00700", "main_net_inflow", ">", "5000万", "500万", 300, True, "Tencent"),
    make_rule("watchlist:Core", "super_net_inflow_ratio", "crosses", "10%", cooldown_s=60),
    make_rule("all", "small_net_inflow", "<", "-1亿", enabled=False),
]
TABLES = [
    {"scope": "code:HK.00700", "field": "main_net_inflow", "op": ">", "threshold": "5000万"},
    {"scope": "code:HK.ABC", "field": "main_net_inflow", "op": ">", "threshold": 1},
    {"scope": "all", "field": "nosuch", "op": ">", "threshold": 1},
]


@pytest.fixture
def dialog(qtbot) -> RulesDialog:
    d = RulesDialog(RULES, watchlists=["Core", "Tech"])
    qtbot.addWidget(d)
    return d


@pytest.fixture
def emitted(dialog) -> list[list]:
    got: list[list] = []
    dialog.rules_changed.connect(got.append)
    return got


def cell(dialog: RulesDialog, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return dialog.model.data(dialog.model.index(row, column), role)


def click_rows(dialog: RulesDialog, qtbot, rows: list[int]) -> None:
    """Select `rows` as a trader does: a click on the first, Ctrl+click on the others."""
    dialog.show()
    view = dialog.view
    for n, row in enumerate(rows):
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        rect = view.visualRect(dialog.model.index(row, RULE))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert dialog.selected_rows() == sorted(rows)


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_model_tester(qtmodeltester, qtlog, qapp, force_py: bool) -> None:
    model = RulesModel(RULES)
    qtmodeltester.check(model, force_py=force_py)
    model.insert(1, RULES[2])
    model.replace(0, RULES[0].with_changes(enabled=False))
    model.remove(3)
    qtmodeltester.check(model, force_py=force_py)
    assert model.rowCount(model.index(0, 0)) == model.columnCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert [r.message for r in qtlog.records if "ModelTester" in r.message
            or "FAIL" in r.message] == []


def test_columns_show_the_rules(dialog) -> None:
    assert dialog.view.objectName() == "rulesTable"
    assert [cell(dialog, 0, c) for c in range(1, 7)] == [
        "HK.00700", "Main net inflow > 50M", "5M", "5 min", "Tray", "Tencent"]
    assert cell(dialog, 1, 1) == "Watchlist Core" and cell(dialog, 2, 1) == "All watched codes"
    assert cell(dialog, 1, RULE) == "Super net ratio crosses 10%"
    assert cell(dialog, 0, ON, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell(dialog, 2, ON, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert cell(dialog, 2, RULE, Qt.ItemDataRole.ForegroundRole) is not None  # greyed


def test_units_follow_the_caller(qtbot) -> None:
    d = RulesDialog(RULES, units="wan")
    qtbot.addWidget(d)
    assert cell(d, 0, RULE) == "Main net inflow > 5000万"


@pytest.mark.parametrize(("seconds", "text"), [(0, "none"), (45, "45 s"), (90, "90 s"),
                                                (300, "5 min"), (7200, "2 h"), (2.5, "2.5 s")])
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_add_rule_appends_selects_and_emits(dialog, emitted) -> None:
    new = make_rule("code:US.AAPL", "large_net_inflow", ">=", "20M")
    dialog.add_rule(new)
    assert dialog.rules() == [*RULES, new]
    assert emitted == [[*RULES, new]]
    assert dialog.selected_rows() == [3]


def test_checkbox_toggles_enabled(dialog, emitted, qtbot) -> None:
    index = dialog.model.index(0, ON)
    assert dialog.model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    dialog.show()
    # Click the check indicator itself, where the style draws it, as a trader would.
    option = QStyleOptionViewItem()
    dialog.view.itemDelegate().initStyleOption(option, index)
    option.rect = dialog.view.visualRect(index)
    box = dialog.view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, dialog.view)
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert dialog.rules()[0] == RULES[0].with_changes(enabled=False)
    assert emitted == [dialog.rules()]
    dialog.set_enabled(2, True)
    assert dialog.rules()[2].enabled and len(emitted) == 2
    dialog.set_enabled(2, True)  # no change, no signal
    assert len(emitted) == 2


def test_delete_and_undo(dialog, emitted, qtbot) -> None:
    assert not dialog.undo_button.isEnabled()
    click_rows(dialog, qtbot, [0, 2])
    assert dialog.delete_button.isEnabled() and not dialog.edit_button.isEnabled()
    assert dialog.delete_selected() == [RULES[0], RULES[2]]
    assert dialog.rules() == [RULES[1]] and emitted == [[RULES[1]]]  # one signal
    assert dialog.undo_button.isEnabled() and "Undo" in dialog.message.text()
    click_rows(dialog, qtbot, [0])
    dialog.delete_selected()
    assert dialog.rules() == []
    assert dialog.undo_delete() and dialog.rules() == [RULES[1]]
    assert dialog.undo_delete() and dialog.rules() == RULES
    assert dialog.selected_rows() == [0, 2]
    assert emitted[-1] == RULES and len(emitted) == 4
    assert not dialog.undo_delete() and not dialog.undo_button.isEnabled()


def test_delete_key_and_undo_shortcut(dialog, qtbot) -> None:
    with qtbot.waitActive(dialog):  # shortcuts go to the active window only
        dialog.show()
        dialog.activateWindow()
    click_rows(dialog, qtbot, [1])
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert dialog.rules() == [RULES[0], RULES[2]]
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.rules() == RULES


def test_problems_are_listed_but_never_returned(qtbot) -> None:
    rules, problems = rules_from_config(TABLES)
    d = RulesDialog(rules, problems)
    qtbot.addWidget(d)
    note = d.problems_note
    assert note.objectName() == "problemsNote" and not note.isHidden()
    assert note.text().startswith("2 rules in the config file could not be loaded:")
    assert "alert rule #2: invalid stock code 'HK.ABC'" in note.text()
    assert "alert rule #3: unknown field 'nosuch'" in note.text()
    assert d.rules() == rules
    d.add_rule(RULES[1])
    assert d.rules() == [*rules, RULES[1]]
    # What the caller saves keeps the broken tables, as read.
    assert rules_to_config(d.rules(), problems)[-2:] == TABLES[1:]


def test_no_problems_no_note(dialog) -> None:
    assert dialog.problems_note.isHidden()


def test_edit_through_the_rule_dialog(dialog, emitted) -> None:
    dialog.show()
    editor = dialog.ask_edit(1)
    assert isinstance(editor, RuleDialog) and editor.isVisible()
    assert editor.rule() == RULES[1] and editor.scope_watchlist.currentText() == "Core"
    editor.threshold.setText("15%")
    editor.scope_watchlist.setCurrentText("Tech")
    editor.accept()
    changed = RULES[1].with_changes(threshold=0.15, scope="watchlist:Tech")
    assert dialog.rules() == [RULES[0], changed, RULES[2]]
    assert emitted == [dialog.rules()] and dialog.selected_rows() == [1]


def test_edit_unchanged_or_cancelled_emits_nothing(dialog, emitted) -> None:
    dialog.ask_edit(0).accept()
    editor = dialog.ask_edit(0)
    editor.note.setText("other")
    editor.reject()
    assert emitted == [] and dialog.rules() == RULES


def test_double_click_edits(dialog, qtbot) -> None:
    dialog.show()
    rect = dialog.view.visualRect(dialog.model.index(2, RULE))
    # A real double click: the view edits only the index that got the first press.
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = dialog.findChild(RuleDialog)
    assert editor is not None and editor.isVisible() and editor.rule() == RULES[2]
    editor.reject()


def test_edit_button_uses_the_selection(dialog, qtbot) -> None:
    assert not dialog.edit_button.isEnabled() and dialog.ask_edit() is None
    click_rows(dialog, qtbot, [2])
    assert dialog.edit_button.isEnabled()
    dialog.edit_button.click()
    editor = dialog.findChild(RuleDialog)
    assert editor.rule() == RULES[2]
    editor.reject()


def test_add_through_the_rule_dialog(dialog, emitted) -> None:
    dialog.show()
    editor = dialog.ask_add()
    assert editor.rule() is None and not editor.ok_button.isEnabled()
    editor.scope_kind.setCurrentIndex(editor.scope_kind.findData("code"))
    editor.scope_code.setText("sz.000001")
    editor.threshold.setText("0.5亿")
    editor.ok_button.click()
    new = make_rule("code:SZ.000001", "main_net_inflow", ">", 5e7)
    assert dialog.rules() == [*RULES, new] and emitted == [dialog.rules()]

"""The rule editor's per-market part and the rules list's mark, as a trader meets them:
a currency without a rate said at once (and marked in the list), per-market texts
kept as typed, SH/SZ thresholds of the file kept through an edit, a ratio offering no
currency."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.currency import Rate, Rates
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.alerts.rules_dialog import RulesDialog
from flowdeck.ui.alerts.rules_model import RULE

USD_ONLY = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),))
BOTH = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"), Rate("CNY", 1.1, "2026-12-01")))


def editor(qtbot, rule=None, rates=USD_ONLY) -> RuleDialog:
    d = RuleDialog(rule, rates=rates)
    qtbot.addWidget(d)
    d.show()
    return d


def choose_currency(d: RuleDialog, code: str) -> None:
    combo = d.findChild(QComboBox, "thresholdCurrency")
    combo.setCurrentIndex(combo.findData(code))


def test_a_currency_without_a_rate_is_said_at_once(qtbot) -> None:
    d = editor(qtbot)
    QTest.keyClicks(d.threshold, "78M")
    mark = d.findChild(QLabel, "missingRate")
    assert not mark.isVisible()
    choose_currency(d, "HKD")
    assert mark.isVisible() and "No rate for CNY" in mark.text()
    QTest.keyClicks(d.findChild(QLineEdit, "thresholdA"), "200M")  # A has its own: fine
    assert not mark.isVisible()
    assert d.rule() == make_rule("all", "main_net_inflow", ">", "78M", currency="HKD",
                                 thresholds={"A": "200M"})


def test_a_ratio_has_no_currency(qtbot) -> None:
    d = editor(qtbot)
    choose_currency(d, "USD")
    d.field.setCurrentIndex(d.field.findData("main_net_inflow_ratio"))
    combo = d.findChild(QComboBox, "thresholdCurrency")
    assert not combo.isEnabled() and combo.currentData() == ""
    QTest.keyClicks(d.threshold, "5%")
    assert d.rule() is not None and d.rule().currency == ""


def test_an_edit_keeps_the_file_s_sh_and_sz_thresholds(qtbot) -> None:
    rule = make_rule("all", "main_net_inflow", ">", "50M", thresholds={"SZ": "1亿", "US": "5M"})
    d = editor(qtbot, rule)
    assert d.findChild(QLineEdit, "thresholdUS").text() == "5M"
    d.note.setText("edited")
    assert d.rule() == rule.with_changes(note="edited")


def test_the_rules_list_marks_a_rule_missing_a_rate(qtbot) -> None:
    rules = [make_rule("all", "main_net_inflow", ">", "78M", currency="HKD"),
             make_rule("all", "main_net_inflow", ">", "50M", thresholds={"US": "5M"})]
    for rates, marked in ((USD_ONLY, [True, False]), (BOTH, [False, False])):
        d = RulesDialog(rules, rates=rates)
        qtbot.addWidget(d)
        index = [d.model.index(row, RULE) for row in range(2)]
        assert [d.model.data(i, Qt.ItemDataRole.DecorationRole) is not None
                for i in index] == marked
        tips = [d.model.data(i, Qt.ItemDataRole.ToolTipRole) for i in index]
        assert [("No rate for CNY" in tip) for tip in tips] == marked
        assert tips[0].startswith("Main net inflow > 78M HKD")


def test_rates_changed_in_settings_reach_an_open_list_and_editor(qtbot) -> None:
    rule = make_rule("all", "main_net_inflow", ">", "78M", currency="HKD")
    d = RulesDialog([rule], rates=USD_ONLY)
    qtbot.addWidget(d)
    d.show()
    d.view.selectRow(0)
    editor = d.ask_edit()
    mark = editor.findChild(QLabel, "missingRate")
    assert mark.isVisible() and "CNY" in mark.text()
    d.set_rates(BOTH)  # File > Settings applied: WindowAlerts.apply_display
    assert not mark.isVisible()
    assert d.model.data(d.model.index(0, RULE), Qt.ItemDataRole.DecorationRole) is None


def test_the_hint_says_the_threshold_s_currency(qtbot) -> None:
    d = editor(qtbot)
    hint = d.findChild(QLabel, "thresholdHint")
    assert "in the stock's currency" in hint.text()
    choose_currency(d, "USD")
    assert hint.text().startswith("An amount in USD, converted to each stock's currency")

"""The alert-rule editor (prefill, units, validation as you type, round trips) and the
table's alert context-menu entries that open it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QMenu

from flowdeck.core.alert_rules import Op, Rule, make_rule, parse_amount, parse_scope
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.ui.alerts.alert_menu import add_alert_actions
from flowdeck.ui.alerts.rule_dialog import RuleDialog, value_text
from flowdeck.ui.table.columns import COLUMNS


@pytest.fixture
def make(qtbot):
    def make(*args, **kwargs) -> RuleDialog:
        dialog = RuleDialog(*args, **kwargs)
        qtbot.addWidget(dialog)
        return dialog
    return make


def test_prefilled_from_code_and_field(make) -> None:
    d = make(code="HK.00700", field="large_net_inflow", op="<", threshold="-2亿")
    assert d.windowTitle() == "New alert"
    assert d.scope_kind.currentData() == "code" and d.scope_code.text() == "HK.00700"
    assert d.field.currentData() == "large_net_inflow" and d.op.currentData() == "<"
    assert d.threshold.text() == "-2亿"
    assert d.cooldown.value() == 300 and d.enabled.isChecked()
    assert d.rule() == Rule("code:HK.00700", "large_net_inflow", Op.LT, -2e8)
    assert d.error() == "" and d.ok_button.isEnabled()


def test_new_without_code_is_all_and_waits_for_a_threshold(make) -> None:
    d = make()
    assert d.scope_kind.currentData() == "all" and d.field.currentData() == "main_net_inflow"
    assert d.rule() is None and "Type a threshold" in d.error()
    assert not d.ok_button.isEnabled()


def test_wan_threshold_parses_and_previews(make) -> None:
    d = make(code="HK.00700", field="main_net_inflow")
    d.threshold.setText("5000万")
    assert d.rule() is not None and d.rule().threshold == 5e7
    assert d.threshold_preview.text() == "= 50M"
    assert d.threshold.text() == "5000万"  # what was typed stays
    wan = make(code="HK.00700", units="wan")
    wan.threshold.setText("50M")
    assert wan.threshold_preview.text() == "= 5000万"


def test_percent_on_an_amount_is_refused_until_the_field_is_a_ratio(make) -> None:
    d = make(code="HK.00700", field="main_net_inflow")
    d.threshold.setText("12%")
    assert d.rule() is None and not d.ok_button.isEnabled()
    assert "amount, not a ratio" in d.error()
    assert d.error_label.text() == d.error()
    assert "5000万" in d.threshold_hint.text()
    d.field.setCurrentIndex(d.field.findData("main_net_inflow_ratio"))  # re-validates
    assert d.error() == "" and d.ok_button.isEnabled()
    assert d.rule().threshold == pytest.approx(0.12)
    assert d.threshold_preview.text() == "= 12%"
    assert "12%" in d.threshold_hint.text()


def test_bad_code_shows_the_parsers_1002_message(make) -> None:
    d = make(code="HK.00700", threshold="50M")
    d.scope_code.setText("HK.ABC")
    with pytest.raises(FlowDeckError) as exc:
        parse_scope("code:HK.ABC")
    assert exc.value.code == ErrorCode.INVALID_CODE
    assert d.error() == exc.value.message and d.error_label.text() == exc.value.message
    assert d.rule() is None and not d.ok_button.isEnabled()
    d.scope_code.setText("hk.700")
    assert d.rule().scope == "code:HK.00700"


def test_scope_problem_comes_before_a_threshold_problem(make) -> None:
    d = make(code="HK.ABC", threshold="lots")
    assert "HK.ABC" in d.error()


def test_negative_hysteresis_is_refused(make) -> None:
    d = make(code="HK.00700", threshold="50M")
    d.hysteresis.setText("-5M")
    assert d.rule() is None and "hysteresis" in d.error() and "negative" in d.error()
    d.hysteresis.setText("500万")
    assert d.rule().hysteresis == 5e6 and d.hysteresis_preview.text() == "= 5M"
    d.hysteresis.setText("")
    assert d.rule().hysteresis == 0.0


def test_watchlist_scope(make) -> None:
    d = make(watchlists=["Core", "Tech"], threshold="1亿")
    d.scope_kind.setCurrentIndex(d.scope_kind.findData("watchlist"))
    assert d.scope_target.currentWidget() is d.scope_watchlist
    d.scope_watchlist.setCurrentText("Tech")
    assert d.rule().scope == "watchlist:Tech"
    d.scope_kind.setCurrentIndex(d.scope_kind.findData("all"))
    assert d.rule().scope == "all"


def test_no_watchlists_greys_the_watchlist_kind(make) -> None:
    d = make()
    assert not d.scope_kind.model().item(1).isEnabled()


RULES = [
    make_rule("code:HK.00700", "main_net_inflow", ">", "5000万", "500万", 120, True, "buying"),
    make_rule("watchlist:Gone", "super_net_inflow_ratio", "crosses", "-7.5%", "1%", 2.5, False),
    make_rule("all", "small_net_inflow", "<=", 123456789.125, 0, 0),
]


@pytest.mark.parametrize("rule", RULES, ids=["code", "watchlist", "all"])
@pytest.mark.parametrize("units", ["kmb", "wan"])
def test_editing_round_trips(make, rule: Rule, units: str) -> None:
    d = make(rule, watchlists=["Core"], units=units)
    assert d.windowTitle() == "Edit alert"
    assert d.rule() == rule  # exactly: the threshold is part of Rule.key
    d.note.setText("changed")
    assert d.rule() == rule.with_changes(note="changed")


def test_round_trip_text_is_compact() -> None:
    assert value_text("main_net_inflow", 5e7) == "50M"
    assert value_text("main_net_inflow", 5e7, "wan") == "5000万"
    assert value_text("main_net_inflow_ratio", 0.12) == "12%"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NUMERIC_KEYS), st.floats(-1e13, 1e13), st.sampled_from(["kmb", "wan"]))
def test_value_text_parses_back_exactly(key: str, value: float, units: str) -> None:
    if key.endswith("_ratio"):
        value = max(-1.0, min(1.0, value / 1e13))
    assert parse_amount(value_text(key, value, units), key) == value


def test_accept_returns_the_rule(make, qtbot) -> None:
    d = make(code="US.AAPL", threshold="50M")
    d.open()
    d.cooldown.setValue(60)
    d.enabled.setChecked(False)
    with qtbot.waitSignal(d.accepted):
        d.ok_button.click()
    assert d.result() == RuleDialog.DialogCode.Accepted
    assert d.rule() == Rule("code:US.AAPL", "main_net_inflow", Op.GT, 5e7, 0.0, 60.0, False)


def test_accept_refused_while_invalid(make) -> None:
    d = make(code="US.AAPL", threshold="oops")
    d.open()
    d.accept()
    assert d.isVisible() and d.result() != RuleDialog.DialogCode.Accepted


# -- the table's context menu -----------------------------------------------------------


def triggered(menu: QMenu, code: str, key: str) -> dict[str, tuple]:
    calls: list[tuple] = []
    before = len(menu.actions())
    add_alert_actions(menu, code, key, lambda *args: calls.append(args))
    out = {}
    for action in menu.actions()[before:]:
        if not action.isSeparator():
            action.trigger()
            out[action.text()] = calls[-1]
    return out


def test_menu_for_a_numeric_column(qapp) -> None:
    got = triggered(QMenu(), "HK.00700", "large_net_inflow_ratio")
    assert got == {"Alert when Large net ratio > …": ("HK.00700", "large_net_inflow_ratio", ">"),
                   "Alert when Large net ratio < …": ("HK.00700", "large_net_inflow_ratio", "<"),
                   "Alert on a big trade of HK.00700…": ("HK.00700", "trade", ">=")}


def test_menu_for_a_sparkline_column(qapp) -> None:
    key = next(c.key for c in COLUMNS if c.kind == "spark" and "retail" in c.key)
    got = triggered(QMenu(), "US.AAPL", key)
    assert got == {"Alert when Retail net inflow > …": ("US.AAPL", "retail_net_inflow", ">"),
                   "Alert when Retail net inflow < …": ("US.AAPL", "retail_net_inflow", "<"),
                   "Alert on a big trade of US.AAPL…": ("US.AAPL", "trade", ">=")}


@pytest.mark.parametrize("key", ["code", "currency", "update_time"])
def test_menu_for_other_columns(qapp, key: str) -> None:
    menu = QMenu()
    menu.addAction("Copy code")
    got = triggered(menu, "SH.600519", key)
    assert got["Alert for SH.600519…"] == ("SH.600519", "main_net_inflow", ">")
    assert got["Alert on a big trade of SH.600519…"] == ("SH.600519", "trade", ">=")
    assert menu.actions()[1].isSeparator()


def test_a_multiday_field_is_chosen_like_the_others_with_its_own_hint(make) -> None:
    d = make(code="HK.00700")
    d.field.setCurrentIndex(d.field.findData("main_inflow_streak"))
    assert d.field.currentText() == "Main inflow streak"
    assert "Trading days in a row" in d.threshold_hint.text()
    d.threshold.setText("2.5")
    assert d.rule() is None and "whole" in d.error()
    d.threshold.setText("3")
    assert d.rule() == Rule("code:HK.00700", "main_inflow_streak", Op.GT, 3.0)
    d.field.setCurrentIndex(d.field.findData("main_net_inflow_5d"))
    d.threshold.setText("1亿")
    assert d.rule() == Rule("code:HK.00700", "main_net_inflow_5d", Op.GT, 1e8)
    edit = make(Rule("all", "main_net_inflow_ratio_20d", Op.LT, -0.05))
    assert edit.field.currentData() == "main_net_inflow_ratio_20d"
    assert edit.threshold.text() == "-5%"

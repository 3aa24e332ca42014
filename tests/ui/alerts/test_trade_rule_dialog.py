"""The rule editor's kind "One big trade": its own fields (side, least value; no field,
operator, band or per-market thresholds), the rule it makes as the config loader makes
it, an edited trade rule loaded back; the rules list and the alert texts in each
language."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest

from flowdeck.core.alert_rules import make_trade_rule
from flowdeck.core.alerts import Alert
from flowdeck.ui.alerts.alert_log_model import row_from_entry
from flowdeck.ui.alerts.alert_text import alert_body, alert_title, describe_rule
from flowdeck.ui.alerts.rule_dialog import RuleDialog
from flowdeck.ui.look.i18n import apply_language
from tests.support.trades import prints


@pytest.fixture
def dialog(qtbot):
    def make(*args, **kwargs) -> RuleDialog:
        d = RuleDialog(*args, **kwargs)
        qtbot.addWidget(d)
        d.show()
        return d
    return make


def test_a_trade_rule_is_made_with_its_own_fields(dialog) -> None:
    d = dialog(code="HK.00700", threshold="")
    assert not d.side.isVisible() and d.field.isVisible() and d.op.isVisible()
    d.kind.setCurrentIndex(d.kind.findData("trade"))
    assert d.side.isVisible() and not d.field.isVisible() and not d.op.isVisible()
    assert not d.hysteresis.isVisible() and not d.markets.isVisible()
    assert "Type a threshold" in d.error() and "least value of one trade" in d.error()
    QTest.keyClicks(d.threshold, "10M")
    d.side.setCurrentIndex(d.side.findData("buy"))
    d.cooldown.setValue(0)
    assert d.error() == "" and d.ok_button.isEnabled()
    assert d.rule() == make_trade_rule("code:HK.00700", "10M", "buy", cooldown_s=0)
    assert d.threshold_preview.text() == "= 10M"
    d.threshold.setText("12%")
    assert d.rule() is None and "12%" in d.error()


def test_the_tables_menu_opens_a_trade_rule_for_its_code(dialog) -> None:
    d = dialog(code="US.AAPL", field="trade", op=">=", threshold="5M")
    assert d.kind.currentData() == "trade" and d.side.currentData() == "either"
    assert d.scope_code.text() == "US.AAPL" and d.side.isVisible()
    assert d.rule() == make_trade_rule("code:US.AAPL", "5M")


def test_an_edited_trade_rule_comes_back_as_it_was(dialog) -> None:
    rule = make_trade_rule("all", "1000万", "sell", cooldown_s=60, note="blocks")
    d = dialog(rule, units="wan")
    assert d.kind.currentData() == "trade" and d.side.currentData() == "sell"
    assert d.threshold.text() == "1000万" and d.scope_kind.currentData() == "all"
    assert d.rule() == rule
    d.kind.setCurrentIndex(d.kind.findData("value"))   # back to a value rule
    assert d.rule() is not None and not d.rule().is_trade


def test_trade_rules_and_alerts_read_in_each_language(qapp) -> None:
    rule = make_trade_rule("code:HK.00700", "1000万", "buy", cooldown_s=0)
    trade = next(prints("HK.00700", [3], price=525.0, quantity=20_000).rows())
    alert = Alert("HK.00700", rule, trade.value, trade.time_text, 0.0,
                  threshold=rule.threshold, trade=trade)
    try:
        apply_language("en")
        assert describe_rule(rule) == "Big buy >= 10M"
        assert alert_title(alert) == "HK.00700: Big buy >= 10M"
        assert alert_body(alert) == "buy 20,000 @ 525 = 10.5M at 2025-03-14 10:00:03"
        apply_language("zh_CN")
        assert describe_rule(rule, "wan") == "大单买入 >= 1000万"
        assert alert_body(alert, "wan") == "买入 20,000 @ 525 = 1050万，2025-03-14 10:00:03"
        apply_language("zh_HK")
        assert describe_rule(rule, "wan_hant") == "大單買入 >= 1000萬"
        row = row_from_entry(alert.to_json())   # the alert log file's line, read back
        assert row is not None and row.rule_text("wan_hant") == "大單買入 >= 1000萬"
    finally:
        apply_language("en")

"""A rule on a multi-day field (issue 19) reads in the window's words like the others,
and its logged alerts come back into the alert log view."""

from __future__ import annotations

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import Alert
from flowdeck.ui.alerts.alert_log_model import row_from_entry
from flowdeck.ui.alerts.alert_text import alert_title, describe_rule
from flowdeck.ui.look.i18n import apply_language


def test_multi_day_rules_and_alerts_read_in_each_language(qapp) -> None:
    streak = make_rule("code:HK.00700", "main_inflow_streak", ">=", 3)
    five = make_rule("all", "main_net_inflow_5d", ">", "1亿")
    try:
        apply_language("en")
        assert describe_rule(streak) == "Main inflow streak >= 3"
        assert alert_title(Alert("HK.00700", five, 1.2e8, "2026-03-20 10:00:00", 0.0),
                           "wan") == "HK.00700: Main net inflow 5d > 1亿"
        apply_language("zh_HK")
        assert describe_rule(streak) == "主力連續流入天數 >= 3"
    finally:
        apply_language("en")


def test_a_logged_multi_day_alert_is_shown_again() -> None:
    alert = Alert("HK.00700", make_rule("all", "main_inflow_streak", ">=", 3), 4.0,
                  "2026-03-20 10:00:00", 1_774_000_000.0)
    row = row_from_entry(alert.to_json())
    assert row is not None and row.code == "HK.00700" and row.value == 4.0

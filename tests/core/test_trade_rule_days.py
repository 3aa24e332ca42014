"""A trade rule's once per day and expiry (issue 22): on the trade's exchange date."""

from __future__ import annotations

from flowdeck.core.alert_rules import make_trade_rule
from flowdeck.core.trade_alerts import TradeAlerts
from tests.support.trades import TEN_AM, prints

NEXT_DAY = TEN_AM + 86_400


def test_once_per_day_per_code():
    alerts = TradeAlerts([make_trade_rule("all", "1M", cooldown_s=0, once_per_day=True)])
    first = alerts.evaluate(prints("HK.00700", [1, 2]), wall=1.0)
    other = alerts.evaluate(prints("HK.09988", [1]), wall=2.0)
    again = alerts.evaluate(prints("HK.00700", [3]), wall=3.0)
    tomorrow = alerts.evaluate(prints("HK.00700", [1], start=NEXT_DAY), wall=4.0)
    assert [(a.code, a.trade.seq) for a in first] == [("HK.00700", 1)]
    assert [a.code for a in other] == ["HK.09988"] and again == []
    assert [a.time[:10] for a in tomorrow] == ["2025-03-15"]


def test_expired_after_its_day():
    alerts = TradeAlerts([make_trade_rule("all", "1M", cooldown_s=0,
                                          expires="2025-03-14")])
    assert len(alerts.evaluate(prints("HK.00700", [1]), wall=1.0)) == 1
    assert alerts.evaluate(prints("HK.00700", [1], start=NEXT_DAY), wall=2.0) == []

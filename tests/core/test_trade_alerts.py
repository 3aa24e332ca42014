"""Trade rules: written as the config file and the CLI write them, and fired once per
trade of their scope, side and least value, with the cooldown per rule and code; a
restarted day's trades (a snapshot) are a baseline; a trade seen before never fires
again, however it comes back."""

from __future__ import annotations

import pytest

from flowdeck.core.alert_rules import (
    make_trade_rule,
    parse_expression,
    rule_from_table,
    rule_to_table,
    rules_from_config,
)
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.trade_alerts import TradeAlerts
from tests.support.trades import TEN_AM, prints


def test_a_trade_rule_reads_and_writes_as_its_config_table():
    table = {"kind": "trade", "scope": "code:hk.700", "side": "buy", "min_value": "1000万",
             "cooldown_s": 0}
    rule = rule_from_table(table)
    assert (rule.is_trade, rule.scope, rule.side, rule.threshold, rule.cooldown_s) == \
        (True, "code:HK.00700", "buy", 1e7, 0.0)
    assert rule_from_table(rule_to_table(rule)) == rule
    assert rule.describe() == "Big buy >= 10M"
    assert rule.describe("wan", "zh_CN") == "大单买入 >= 1000万"
    assert parse_expression("trade sell >= 5M") == make_trade_rule("all", "5M", "sell")
    assert parse_expression("trade > 5M").side == "either"
    rules, problems = rules_from_config([
        table, {**table, "side": "up"}, {**table, "min_value": "12%"},
        {"kind": "trade", "scope": "all"}, {**table, "op": ">"}, {**table, "kind": "odd"}])
    assert rules == [rule]
    said = [p.message for p in problems]
    assert "side 'up'" in said[0] and "12%" in said[1] and "min_value" in said[2]
    assert "op" in said[3] and "kind 'odd'" in said[4]


def test_each_trade_fires_once_by_scope_side_and_least_value():
    rules = [make_trade_rule("code:HK.00700", "1M", "buy", cooldown_s=0),
             make_trade_rule("watchlist:Core", "5M", cooldown_s=0),
             make_trade_rule("all", "20M", "sell", cooldown_s=0)]
    alerts = TradeAlerts(rules, {"Core": ["US.AAPL"]})
    batch = concat_trades([
        prints("HK.00700", [1]),                                     # 1M buy: rule 0
        prints("HK.00700", [2], side=SELL, quantity=500_000),        # 25M sell: rule 2
        prints("US.AAPL", [1], price=100.0, quantity=60_000, start=TEN_AM + 5),  # 6M: 1
        prints("US.AAPL", [2], price=100.0, quantity=40_000, start=TEN_AM + 5)])  # 4M
    fired = alerts.evaluate(batch, wall=100.0)
    assert [(a.code, a.trade.seq, rules.index(a.rule)) for a in fired] == [
        ("HK.00700", 1, 0), ("HK.00700", 2, 2), ("US.AAPL", 1, 1)]
    first = fired[0]
    assert (first.value, first.time, first.limit) == (1e6, "2025-03-14 10:00:01", 1e6)
    assert first.to_json()["trade"]["seq"] == 1 and first.to_json()["side"] == "buy"
    assert first.body() == "buy 20,000 @ 50 = 1M at 2025-03-14 10:00:01"
    # The same trades again (a reconnect, a restarted tape): nothing fires.
    assert alerts.evaluate(batch, wall=101.0) == []
    # The next day counts again from its first trade.
    assert len(alerts.evaluate(prints("HK.00700", [1], start=TEN_AM + 86_400), 102.0)) == 1


def test_cooldown_per_rule_and_code_and_a_snapshot_is_a_baseline():
    rule = make_trade_rule("all", "1M", cooldown_s=60)
    alerts = TradeAlerts([rule])
    day = prints("HK.00700", [1, 2, 3])
    assert alerts.evaluate(day, 100.0, baseline={"HK.00700"}) == []   # the day so far
    fired = alerts.evaluate(concat_trades([prints("HK.00700", [4, 5]),
                                           prints("US.AAPL", [1])]), 110.0)
    assert [(a.code, a.trade.seq) for a in fired] == [("HK.00700", 4), ("US.AAPL", 1)]
    assert alerts.evaluate(prints("HK.00700", [6]), 169.0) == []   # inside its cooldown
    assert [a.trade.seq for a in alerts.evaluate(prints("HK.00700", [7]), 170.0)] == [7]
    # An edit of the note keeps the cooldowns; a disabled rule is silent.
    alerts.set_rules([rule.with_changes(note="why")])
    assert alerts.evaluate(prints("HK.00700", [8]), 171.0) == []
    alerts.set_rules([rule.with_changes(enabled=False)])
    assert alerts.evaluate(prints("HK.00700", [9]), 500.0) == []


def test_the_value_engine_leaves_trade_rules_alone():
    engine = AlertEngine([make_trade_rule("all", "1M"),
                          parse_expression("main_net_inflow > 5e7")])
    assert [r.field for r in engine.rules] == ["main_net_inflow"]
    with pytest.raises(FlowDeckError):
        make_trade_rule("all", "-5M")

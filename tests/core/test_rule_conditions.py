"""Issue 22's rule keys: AND conditions, once per day, expiry, channels, in tables and
in `watch --alert` expressions."""

from __future__ import annotations

import datetime as dt

import pytest

from flowdeck.core.alert_rules import (
    Condition,
    Op,
    make_rule,
    make_trade_rule,
    parse_expression,
    rule_from_table,
    rule_to_table,
    rules_from_config,
    unknown_channels,
)
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.rule_conditions import expired
from flowdeck.core.rule_now import true_now

BASE = {"scope": "code:HK.00700", "field": "main_net_inflow", "op": "crosses",
        "threshold": 0}


def test_an_and_rule_round_trips_through_its_table():
    table = {**BASE, "conditions": [
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%",
         "hysteresis": "0.5%"},
        {"field": "主力净流入", "op": "<", "threshold": "5亿"}],
        "once_per_day": True, "expires": "2026-12-31", "channels": ["desk", "mail"]}
    rule = rule_from_table(table)
    assert rule.conditions == (
        Condition("main_net_inflow", Op.CROSSES, 0.0),
        Condition("main_net_inflow_ratio", Op.GT, 0.02, 0.005),
        Condition("main_net_inflow", Op.LT, 5e8))
    assert (rule.once_per_day, rule.expires, rule.channels) == (
        True, "2026-12-31", ("desk", "mail"))
    assert rule_from_table(rule_to_table(rule)) == rule
    assert rule_to_table(rule)["conditions"][0] == {
        "field": "main_net_inflow_ratio", "op": ">", "threshold": 0.02, "hysteresis": 0.005}


def test_a_plain_rule_writes_the_table_it_always_did():
    rule = rule_from_table(BASE)
    assert set(rule_to_table(rule)) == {"scope", "field", "op", "threshold", "hysteresis",
                                        "cooldown_s", "enabled", "note"}
    trade = make_trade_rule("all", "10M")
    assert set(rule_to_table(trade)) == {"kind", "scope", "side", "min_value",
                                         "cooldown_s", "enabled", "note"}


def test_trade_rules_take_once_per_day_expiry_and_channels():
    table = {"kind": "trade", "scope": "all", "min_value": "10M", "once_per_day": True,
             "expires": dt.date(2026, 12, 31), "channels": ["desk"]}
    rule = rule_from_table(table)
    assert (rule.once_per_day, rule.expires, rule.channels) == (True, "2026-12-31", ("desk",))
    assert rule_from_table(rule_to_table(rule)) == rule


def test_the_conditions_are_part_of_what_a_rule_is_but_its_channels_are_not():
    plain = rule_from_table(BASE)
    both = rule_from_table({**BASE, "conditions": [
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}]})
    assert plain.key != both.key  # a new combination starts from a baseline
    routed = rule_from_table({**BASE, "channels": ["desk"], "once_per_day": True,
                              "expires": "2027-01-01"})
    assert routed.key == plain.key  # editing where it goes keeps its state


@pytest.mark.parametrize(("change", "fragment"), [
    ({"conditions": [{"field": "main_net_inflow_ratio", "op": ">"}]},
     "condition 2: missing threshold"),
    ({"conditions": [{"field": "x", "op": ">", "threshold": 1}]},
     "condition 2: unknown field"),
    ({"conditions": [{"field": "main_net_inflow_ratio", "op": ">", "threshold": "2亿"}]},
     "condition 2: threshold"),
    ({"conditions": [{"field": "main_net_inflow", "op": ">", "threshold": 1,
                      "colour": "red"}]}, "condition 2: unknown key(s) colour"),
    ({"conditions": {"field": "main_net_inflow", "op": ">", "threshold": 1}},
     "must be a list"),
    ({"conditions": [{"field": "main_net_inflow", "op": ">", "threshold": i}
                     for i in range(3)]}, "at most 3 conditions"),
    ({"conditions": [{"field": "super_net_inflow", "op": "crosses", "threshold": 0}]},
     "at most one condition may be 'crosses'"),
    ({"once_per_day": "yes"}, "once_per_day"),
    ({"expires": "31/12/2026"}, "expires"),
    ({"channels": "desk"}, "list of channel names"),
    ({"channels": ["desk", ""]}, "not a channel name"),
])
def test_bad_keys_say_what_is_wrong(change, fragment):
    rules, problems = rules_from_config([{**BASE, **change}])
    assert not rules
    assert fragment in problems[0].message


def test_a_channel_not_configured_is_kept_and_named():
    rule = rule_from_table({**BASE, "channels": ["later", "desk", "later"]})
    assert rule.channels == ("later", "desk")
    assert unknown_channels(rule.channels, ["desk", "mail"]) == ["later"]


def test_expiry_is_after_the_day():
    assert not expired("", "2099-01-01 10:00:00")
    assert not expired("2026-12-31", "2026-12-31 15:59:59")
    assert expired("2026-12-31", "2027-01-01 09:30:00")


def test_descriptions_join_the_conditions():
    rule = make_rule("all", "main_net_inflow", ">", "50M", conditions=[
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}])
    assert rule.describe() == "Main net inflow > 50M and Main net ratio > 2%"
    assert rule.describe("wan", "zh_CN") == "主力净流入 > 5000万 且 主力净占比 > 2%"


def test_expressions_join_conditions_with_and():
    rule = parse_expression("main_net_inflow crosses 0 and main_net_inflow_ratio > 2%",
                            scope="code:HK.00700")
    assert rule.conditions == (Condition("main_net_inflow", Op.CROSSES, 0.0),
                               Condition("main_net_inflow_ratio", Op.GT, 0.02))
    rule = parse_expression("main_net_inflow > 50M; US 5M && super_net_inflow >= 1M")
    assert rule.thresholds == (("US", 5e6),)
    assert rule.and_conditions == (Condition("super_net_inflow", Op.GE, 1e6),)


@pytest.mark.parametrize(("text", "fragment"), [
    ("main_net_inflow > 0 and change", "conditions joined by 'and'"),
    ("main_net_inflow > 0 and main_net_inflow_ratio > 2亿", "condition 2: threshold"),
    ("main_net_inflow crosses 0 and super_net_inflow crosses 0", "at most one"),
])
def test_bad_and_expressions(text, fragment):
    with pytest.raises(FlowDeckError) as err:
        parse_expression(text)
    assert err.value.code == ErrorCode.INVALID_PARAM
    assert fragment in err.value.message and text in err.value.message


def test_true_now_of_an_and_rule_needs_every_condition():
    rule = make_rule("all", "main_net_inflow", ">", "50M", conditions=[
        {"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}])
    main = {"HK.00700": 6e7, "HK.09988": 7e7, "US.AAPL": 8e7}
    ratio = {"HK.00700": 0.03, "HK.09988": 0.01}
    assert true_now(rule, main, None, [ratio]) == [("HK.00700", 6e7)]
    crossing = make_rule("all", "main_net_inflow", ">", 0, conditions=[
        {"field": "main_net_inflow_ratio", "op": "crosses", "threshold": 0}])
    assert true_now(crossing, main, None, [ratio]) == []  # a crossing is never true at rest

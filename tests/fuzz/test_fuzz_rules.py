"""Fuzzing the alert rule parser (core/alert_rules.py): parse_expression raises only
FlowDeckError 1001/1002, rules_from_config never raises (bad tables become
RuleProblems), and every rule it accepts survives a round trip through its table."""

from hypothesis import example, given, settings

from .budgets import examples
from .strategies import json_values, rule_expressions, rule_tables
from .targets import rule_expression_target, rules_config_target

OK_TABLE = {"scope": "all", "field": "main_net_inflow", "op": ">", "threshold": "5000万"}


@settings(max_examples=examples(400))
@given(rule_expressions())
@example("main_net_inflow > 1e400")
@example("主力净流入 crosses 0.5亿")
def test_expressions(text):
    rule_expression_target(text)


@settings(max_examples=examples(300))
@given(rule_tables())
# Found: an integer threshold or cooldown past float range raised OverflowError.
@example([{**OK_TABLE, "threshold": 10**400}])
@example([{**OK_TABLE, "cooldown_s": 10**400}])
@example([{**OK_TABLE, "hysteresis": -(10**400)}])
def test_config_tables(tables):
    rules_config_target(tables)


@settings(max_examples=examples(150))
@given(json_values)
def test_config_of_any_value(value):
    rules_config_target(value if isinstance(value, list) else [value])

"""Alert rules: thresholds with units, expressions, scopes, config tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.alert_rules import (
    Op,
    RuleProblem,
    make_rule,
    parse_amount,
    parse_expression,
    parse_field,
    parse_scope,
    rule_from_table,
    rule_to_table,
    rules_from_config,
    rules_to_config,
)
from flowdeck.core.errors import ErrorCode, FlowDeckError


@pytest.mark.parametrize(("text", "value"), [
    ("5e7", 5e7), ("5000万", 5e7), ("0.5亿", 5e7), ("50M", 5e7), ("50m", 5e7),
    ("-1.5B", -1.5e9), ("2万亿", 2e12), ("50,000,000", 5e7), (" 12K ", 12e3),
    (5e7, 5e7), (3, 3.0), ("+.5亿", 5e7),
])
def test_amount_units(text, value):
    assert parse_amount(text, "main_net_inflow") == pytest.approx(value)


@pytest.mark.parametrize(("text", "value"), [("12%", 0.12), ("-3.5%", -0.035), (0.12, 0.12),
                                             ("0.12", 0.12), ("100%", 1.0)])
def test_ratio_units(text, value):
    assert parse_amount(text, "main_net_inflow_ratio") == pytest.approx(value)


@pytest.mark.parametrize(("text", "field", "fragment"), [
    ("12", "main_net_inflow_ratio", "ratio between"),
    ("12万", "main_net_inflow_ratio", "is a ratio"),
    ("12%", "main_net_inflow", "is an amount"),
    ("five", "main_net_inflow", "not a number"),
    ("5e7x", "main_net_inflow", "not a number"),
    ("inf", "main_net_inflow", "not a number"),
    (float("nan"), "main_net_inflow", "finite"),
    (True, "main_net_inflow", "must be a number"),
])
def test_bad_amounts_say_what_is_wrong(text, field, fragment):
    with pytest.raises(FlowDeckError) as err:
        parse_amount(text, field)
    assert err.value.code == ErrorCode.INVALID_PARAM
    assert fragment in err.value.message


def test_field_names_in_both_languages():
    assert parse_field("主力净流入") == "main_net_inflow"
    assert parse_field("Retail net ratio") == "retail_net_inflow_ratio"
    with pytest.raises(FlowDeckError, match="unknown field"):
        parse_field("code")


def test_scopes():
    assert parse_scope("code:hk.700") == "code:HK.00700"
    assert parse_scope("watchlist: Core ") == "watchlist:Core"
    assert parse_scope("ALL") == "all"
    with pytest.raises(FlowDeckError) as err:
        parse_scope("code:XX.1")
    assert err.value.code == ErrorCode.INVALID_CODE
    for bad in ("everything", "code:", "watchlist:", "all:x"):
        with pytest.raises(FlowDeckError) as err:
            parse_scope(bad)
        assert err.value.code == ErrorCode.INVALID_PARAM


def test_expression():
    rule = parse_expression("main_net_inflow > 5e7")
    assert (rule.field, rule.op, rule.threshold, rule.scope) == ("main_net_inflow", Op.GT, 5e7,
                                                                  "all")
    rule = parse_expression("super_net_inflow_ratio crosses -12%", scope="code:US.AAPL")
    assert (rule.op, rule.threshold, rule.scope) == (Op.CROSSES, -0.12, "code:US.AAPL")
    assert parse_expression("主力净流入>=0.5亿").threshold == 5e7


@pytest.mark.parametrize(("text", "fragment"), [
    ("main_net_inflow 5e7", "must look like"),
    ("main_net_inflow >", "must look like"),
    ("main_inflow > 5e7", "unknown field"),
    ("main_net_inflow > lots", "not a number"),
    ("main_net_inflow => 5", "unknown field"),
])
def test_bad_expressions(text, fragment):
    with pytest.raises(FlowDeckError) as err:
        parse_expression(text)
    assert fragment in err.value.message and text in err.value.message


def test_make_rule_checks_every_part():
    with pytest.raises(FlowDeckError, match="hysteresis"):
        make_rule("all", "main_net_inflow", ">", "5e7", hysteresis="-1M")
    with pytest.raises(FlowDeckError, match="cooldown_s"):
        make_rule("all", "main_net_inflow", ">", "5e7", cooldown_s="soon")
    with pytest.raises(FlowDeckError, match="cooldown_s"):
        make_rule("all", "main_net_inflow", ">", "5e7", cooldown_s=-5)
    with pytest.raises(FlowDeckError, match="enabled"):
        make_rule("all", "main_net_inflow", ">", "5e7", enabled="yes")
    with pytest.raises(FlowDeckError, match="operator"):
        make_rule("all", "main_net_inflow", "!=", "5e7")


def test_table_round_trip():
    rule = make_rule("code:HK.00700", "main_net_inflow", ">", "5000万", "500万", 60, False,
                     "Tencent")
    assert rule_from_table(rule_to_table(rule)) == rule


def test_bad_tables_are_reported_and_kept():
    good = {"scope": "all", "field": "main_net_inflow", "op": ">", "threshold": "50M"}
    tables = [good,
              {"scope": "all", "field": "main_net_inflow", "op": ">"},
              {**good, "colour": "red"},
              "not a table",
              {**good, "threshold": "12%"},
              {**good, "scope": "code:ZZ.1"}]
    rules, problems = rules_from_config(tables)
    assert len(rules) == 1 and rules[0].threshold == 5e7
    assert [p.index for p in problems] == [1, 2, 3, 4, 5]
    messages = [str(p) for p in problems]
    assert "missing threshold" in messages[0] and messages[0].startswith("alert rule #2")
    assert "unknown key(s) colour" in messages[1]
    assert "must be a table" in messages[2]
    assert "is an amount" in messages[3]
    # Saving writes the bad tables back as they were read: never less than the file had.
    saved = rules_to_config(rules, problems)
    assert saved[1:] == tables[1:]
    assert isinstance(problems[0], RuleProblem)


@given(st.floats(min_value=-1e13, max_value=1e13, allow_nan=False),
       st.sampled_from(["", "K", "M", "B", "万", "亿"]))
def test_any_number_with_units_parses(value, suffix):
    scale = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "万": 1e4, "亿": 1e8}[suffix]
    assert parse_amount(f"{value!r}{suffix}", "large_net_inflow") == pytest.approx(value * scale)


@given(st.text(max_size=30))
def test_expression_parser_never_crashes(text):
    try:
        parse_expression(text)
    except FlowDeckError as exc:
        assert exc.code in (ErrorCode.INVALID_PARAM, ErrorCode.INVALID_CODE)

"""Rules with a threshold per market, or one threshold in one currency converted to each
code's: what the engine compares each code with, what fires, what stays silent without
a rate, and rules written before either loading and saving as they were."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.alert_rules import make_rule, rule_from_table, rule_to_table
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import RecordColumns
from flowdeck.core.currency import Rate, Rates
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.core.rule_now import true_now
from flowdeck.core.rule_thresholds import missing_rates

MAIN = NUMERIC_KEYS.index("main_net_inflow")
CODES = ("HK.00700", "US.AAPL", "SH.600519", "SZ.000001")
RATES = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"), Rate("CNY", 1.1, "2026-12-01")))


def cols(values: dict[str, float]) -> RecordColumns:
    out = np.zeros((len(values), len(NUMERIC_KEYS)))
    out[:, MAIN] = list(values.values())
    return RecordColumns(list(values), out, ["2026-12-01 10:00:00"] * len(values))


def fired(engine: AlertEngine, steps: list[dict[str, float]]) -> list[list[str]]:
    """The codes that fired at each step (the first step is the baseline)."""
    return [sorted(a.code for a in engine.evaluate(cols(step), 1000.0 + i))
            for i, step in enumerate(steps)]


def test_per_market_thresholds_fire_each_market_at_its_own() -> None:
    rule = make_rule("all", "main_net_inflow", ">", "50M", cooldown_s=0,
                     thresholds={"US": "5M", "a": "2亿"})
    engine = AlertEngine([rule])
    zero = dict.fromkeys(CODES, 0.0)
    steps = [zero, {"HK.00700": 40e6, "US.AAPL": 6e6, "SH.600519": 1.5e8, "SZ.000001": 0.0},
             {"HK.00700": 60e6, "US.AAPL": 6e6, "SH.600519": 2.5e8, "SZ.000001": 2.1e8}]
    assert fired(engine, steps) == [[], ["US.AAPL"], ["HK.00700", "SH.600519", "SZ.000001"]]
    alerts = engine.evaluate(cols({"US.AAPL": 0.0}), 2000.0) + \
        engine.evaluate(cols({"US.AAPL": 9e6}), 2001.0)
    assert [(a.code, a.limit) for a in alerts] == [("US.AAPL", 5e6)]
    assert alerts[0].to_json()["threshold"] == 5e6
    assert true_now(rule, {"HK.00700": 6e7, "US.AAPL": 4e6, "SZ.000001": 1e8}) == \
        [("HK.00700", 6e7)]


def test_a_threshold_in_one_currency_is_converted_to_each_code_s() -> None:
    rule = make_rule("all", "main_net_inflow", ">", "78M", currency="HKD", cooldown_s=0)
    engine = AlertEngine([rule], rates=RATES)
    # 78M HKD = 10M USD = 70.9M CNY.
    steps = [dict.fromkeys(CODES, 0.0),
             {"HK.00700": 77e6, "US.AAPL": 10.1e6, "SH.600519": 70e6},
             {"HK.00700": 79e6, "US.AAPL": 10.1e6, "SH.600519": 71e6}]
    assert fired(engine, steps) == [[], ["US.AAPL"], ["HK.00700", "SH.600519"]]
    assert [a for a in true_now(rule, {"US.AAPL": 9e6, "SH.600519": 71e6}, RATES)] == \
        [("SH.600519", 71e6)]


def test_without_a_rate_a_converted_rule_is_silent_for_that_currency() -> None:
    rule = make_rule("all", "main_net_inflow", ">", "10M", currency="USD", cooldown_s=0)
    rates = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),))
    engine = AlertEngine([rule], rates=rates)
    steps = [{"HK.00700": 0.0, "SH.600519": 0.0},
             {"HK.00700": 80e6, "SH.600519": 1e12}]  # no CNY rate: never as if 1 USD = 1 CNY
    assert fired(engine, steps) == [[], ["HK.00700"]]
    assert missing_rates(rule, CODES, rates) == ["CNY"]
    engine.set_rates(RATES)  # the rate entered: the pair's threshold, its state kept
    assert fired(engine, [{"SH.600519": 0.0}, {"SH.600519": 86e6}]) == [[], ["SH.600519"]]


def test_a_market_s_own_key_wins_over_a() -> None:
    rule = make_rule("all", "main_net_inflow", ">", 1.0, thresholds={"A": 5.0, "SZ": 9.0})
    engine = AlertEngine([rule], rates=RATES)
    assert fired(engine, [{"SH.600519": 0.0, "SZ.000001": 0.0},
                          {"SH.600519": 6.0, "SZ.000001": 6.0}]) == [[], ["SH.600519"]]


def test_an_old_rule_table_loads_and_saves_as_it_was() -> None:
    old = {"scope": "all", "field": "main_net_inflow", "op": ">", "threshold": 5e7,
           "hysteresis": 0.0, "cooldown_s": 300.0, "enabled": True, "note": ""}
    rule = rule_from_table(old)
    assert (rule.thresholds, rule.currency) == ((), "")
    assert rule_to_table(rule) == old
    engine = AlertEngine([rule.with_changes(cooldown_s=0)], rates=RATES)
    # As before: each code against 50M in its own currency, whatever the rates.
    assert fired(engine, [dict.fromkeys(CODES, 0.0), dict.fromkeys(CODES, 51e6)]) == \
        [[], sorted(CODES)]


def test_a_new_rule_table_round_trips() -> None:
    rule = make_rule("all", "main_net_inflow", ">", "50M", thresholds={"a": "2亿", "us": 5e6},
                     currency="hkd")
    table = rule_to_table(rule)
    assert table["thresholds"] == {"US": 5e6, "A": 2e8} and table["currency"] == "HKD"
    assert rule_from_table(table) == rule
    assert rule.describe() == "Main net inflow > 50M HKD (US 5M, A 200M)"


@pytest.mark.parametrize(("options", "words"), [
    ({"thresholds": {"JP": "5M"}}, "market 'JP'"),
    ({"thresholds": {"US": "5%"}}, "threshold for US"),
    ({"thresholds": {"us": 1, "US": 2}}, "given twice"),
    ({"thresholds": ["US", 5]}, "must be a table"),
    ({"currency": "dollar"}, "three-letter"),
])
def test_bad_per_market_input_is_1001_naming_it(options, words) -> None:
    with pytest.raises(FlowDeckError) as info:
        make_rule("all", "main_net_inflow", ">", "50M", **options)
    assert info.value.code == 1001 and words in info.value.message


def test_a_ratio_has_no_currency_but_may_differ_per_market() -> None:
    with pytest.raises(FlowDeckError, match="not an amount"):
        make_rule("all", "main_net_inflow_ratio", ">", "10%", currency="HKD")
    rule = make_rule("all", "main_net_inflow_ratio", ">", "10%", thresholds={"US": "5%"})
    assert rule.thresholds == (("US", 0.05),)
    assert true_now(rule, {"HK.00700": 0.06, "US.AAPL": 0.06}) == [("US.AAPL", 0.06)]

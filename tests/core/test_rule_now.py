"""true_now: which codes already meet a rule's condition (the editor's warning)."""

from __future__ import annotations

import math

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.rule_now import true_now

VALUES = {"HK.00700": 74.07e6, "HK.09988": -3e6, "US.AAPL": 5e7, "SH.600519": math.nan}


def test_each_operator_against_the_threshold_itself() -> None:
    def codes(op: str) -> list[str]:
        return [c for c, _ in true_now(make_rule("all", "main_net_inflow", op, "50M"),
                                       VALUES)]

    assert codes(">") == ["HK.00700"]
    assert codes(">=") == ["HK.00700", "US.AAPL"]
    assert codes("<") == ["HK.09988"]
    assert codes("<=") == ["HK.09988", "US.AAPL"]


def test_crosses_is_never_true_at_rest_and_nan_never_counts() -> None:
    assert true_now(make_rule("all", "main_net_inflow", "crosses", "0"), VALUES) == []
    assert true_now(make_rule("all", "main_net_inflow", "<", "1e30"),
                    {"SH.600519": math.nan}) == []


def test_values_come_back_exact() -> None:
    rule = make_rule("all", "main_net_inflow_ratio", ">", "1%")
    assert true_now(rule, {"HK.00700": 0.1234567890123}) == [("HK.00700", 0.1234567890123)]

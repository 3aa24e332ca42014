"""Amounts and percentages as people read them: zero without a sign, the same decimals
in a table column, trailing zeros dropped in a sentence."""

from __future__ import annotations

import pytest

from flowdeck.core.alert_rules import format_value
from flowdeck.core.units import format_amount, format_ratio


@pytest.mark.parametrize(("value", "kmb", "wan"), [
    (0.0, "0.00", "0.00"),
    (-0.0, "0.00", "0.00"),
    (-0.004, "0.00", "0.00"),        # rounds to zero: no "-0.00"
    (512.0, "512.00", "512.00"),     # below the smallest unit, the same two decimals
    (-9_999.0, "-10.00K", "-9999.00"),
    (75_000_000.0, "75.00M", "7500.00万"),
])
def test_amounts_in_a_column(value, kmb, wan) -> None:
    assert format_amount(value, "kmb") == kmb
    assert format_amount(value, "wan") == wan


@pytest.mark.parametrize(("value", "text"), [
    (0.0, "0.00%"), (-0.0, "0.00%"), (-0.00004, "0.00%"), (-0.00005001, "-0.01%"),
    (0.1234, "12.34%"), (-1.0, "-100.00%")])
def test_ratios_never_show_minus_zero(value, text) -> None:
    assert format_ratio(value) == text


@pytest.mark.parametrize(("field", "value", "units", "text"), [
    ("main_net_inflow", 7.5e7, "wan", "7500万"),
    ("main_net_inflow", 7.5e7, "kmb", "75M"),
    ("main_net_inflow", 7.41e7, "kmb", "74.1M"),
    ("main_net_inflow", 74_071_234.0, "kmb", "74.07M"),
    ("main_net_inflow", 1.2e8, "wan", "1.2亿"),
    ("main_net_inflow", 0.0, "kmb", "0"),
    ("main_net_inflow", -0.001, "kmb", "0"),
    ("main_net_inflow", 500.0, "kmb", "500"),
    ("main_net_inflow_ratio", 0.12, "kmb", "12%"),
    ("main_net_inflow_ratio", -0.125, "kmb", "-12.5%"),
    ("main_net_inflow_ratio", -0.00001, "kmb", "0%"),
])
def test_values_in_sentences_drop_trailing_zeros(field, value, units, text) -> None:
    assert format_value(field, value, units) == text


def test_nothing_to_show() -> None:
    assert format_amount(float("nan")) == format_ratio(float("inf")) == "—"

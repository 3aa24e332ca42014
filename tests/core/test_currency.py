"""Rates to a base currency: conversion by each row's currency in one step, never a
silent 1.0 for an unknown rate, the settings table both ways, 1001 for bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import Market
from flowdeck.core.currency import (
    DEFAULT_BASE,
    Rate,
    Rates,
    make_rate,
    rates_from_table,
    rates_to_table,
)
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.markets import MARKET_ORDER

HKD_BASE = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"), Rate("CNY", 1.08, "2026-11-28")))


def test_the_issue_s_example_ranks_by_value_in_the_base() -> None:
    # US.TSLA 327M USD against HK.00700 74M HKD and a 300M CNY code.
    amounts = np.array([327e6, 74e6, 300e6])
    converted = HKD_BASE.convert(amounts, HKD_BASE.factors(["USD", "HKD", "CNY"]))
    assert converted.values.tolist() == [327e6 * 7.8, 74e6, 300e6 * 1.08]
    assert converted.known.all()


def test_an_unknown_rate_is_no_conversion_and_says_so() -> None:
    rates = Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),))
    converted = rates.convert(np.array([1.0, 2.0, 3.0]), rates.factors(["CNY", "USD", "HKD"]))
    assert converted.values.tolist() == [1.0, 2.0 * 7.8, 3.0]
    assert converted.known.tolist() == [False, True, True]
    assert rates.missing(["CNY", "USD", "HKD", "CNY"]) == ["CNY"]
    assert rates.rate_of("CNY") is None and rates.rate_of("HKD") == 1.0


def test_market_factors_follow_each_market_s_currency() -> None:
    factors = HKD_BASE.market_factors()
    by_market = dict(zip(MARKET_ORDER, factors.tolist(), strict=True))
    assert by_market == {Market.HK: 1.0, Market.US: 7.8, Market.SH: 1.08, Market.SZ: 1.08}
    assert np.isnan(Rates("CNY").market_factors()).sum() == 2  # HK and US unknown


def test_a_table_of_columns_converts_row_by_row() -> None:
    values = np.array([[1.0, 2.0], [3.0, 4.0]])
    converted = HKD_BASE.convert(values, np.array([7.8, math.nan]))
    assert converted.values.tolist() == [[7.8, 15.6], [3.0, 4.0]]


@given(st.lists(st.tuples(st.sampled_from(["HKD", "USD", "CNY", "EUR"]),
                          st.floats(-1e12, 1e12)), max_size=40))
def test_conversion_is_the_row_s_rate_or_nothing(rows) -> None:
    currencies = [c for c, _ in rows]
    values = np.array([v for _, v in rows])
    converted = HKD_BASE.convert(values, HKD_BASE.factors(currencies))
    for (currency, value), out, known in zip(rows, converted.values.tolist(),
                                             converted.known.tolist(), strict=True):
        rate = HKD_BASE.rate_of(currency)
        assert known == (rate is not None)
        assert out == (value * rate if rate is not None else value)


@given(st.sampled_from(["USD", "CNY"]),
       st.floats(1e-3, 1e3), st.floats(1e-3, 1e3))
def test_rebasing_keeps_every_cross_rate(base, usd, cny) -> None:
    rates = Rates("HKD", (Rate("USD", usd, "2026-12-01"), Rate("CNY", cny, "2026-12-02")))
    moved = rates.rebased(base)
    assert moved.base == base and moved.rate_of(base) == 1.0
    for a in ("HKD", "USD", "CNY"):
        for b in ("HKD", "USD", "CNY"):
            assert moved.rate_of(a) / moved.rate_of(b) == pytest.approx(
                rates.rate_of(a) / rates.rate_of(b), rel=1e-12)


def test_rebasing_to_a_currency_without_a_rate_drops_the_rates() -> None:
    assert Rates("HKD", (Rate("USD", 7.8, "2026-12-01"),)).rebased("CNY") == Rates("CNY")


def test_the_settings_table_round_trips_and_defaults() -> None:
    assert rates_from_table(rates_to_table(HKD_BASE)) == HKD_BASE
    assert rates_from_table(None) == Rates(DEFAULT_BASE)
    loose = rates_from_table({"base": "cny", "rates": [
        {"currency": "usd", "rate": "7.1", "date": "2026-12-01", "source": "futu"}]})
    assert loose == Rates("CNY", (Rate("USD", 7.1, "2026-12-01", "futu"),))
    assert loose.describe() == "CNY; USD 7.1 (2026-12-01, futu)"


@pytest.mark.parametrize(("table", "words"), [
    ({"base": "dollars"}, "base currency"),
    ({"rates": {"USD": 7.8}}, "list of tables"),
    ({"rates": [{"currency": "USD", "rate": 0, "date": "2026-12-01"}]}, "above 0"),
    ({"rates": [{"currency": "USD", "rate": "x", "date": "2026-12-01"}]}, "not a number"),
    ({"rates": [{"currency": "USD", "rate": True, "date": "2026-12-01"}]}, "a number"),
    ({"rates": [{"currency": "USD", "rate": 7.8, "date": "1 Dec"}]}, "YYYY-MM-DD"),
    ({"rates": [{"currency": "USD", "rate": 7.8, "date": "2026-12-01"},
                {"currency": "USD", "rate": 7.7, "date": "2026-12-02"}]}, "twice"),
])
def test_bad_settings_are_1001_naming_the_part(table, words) -> None:
    with pytest.raises(FlowDeckError) as info:
        rates_from_table(table)
    assert info.value.code == 1001 and words in info.value.message


def test_a_rate_of_nan_or_infinity_is_refused() -> None:
    for bad in (math.nan, math.inf, -1.0):
        with pytest.raises(FlowDeckError):
            make_rate("USD", bad, "2026-12-01")

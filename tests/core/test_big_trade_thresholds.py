"""Big-trade thresholds: the large tier's bound per market by default, the user's per
market and per code, checked values (1001 naming them), one array per engine symbol."""

import math

import numpy as np
import pytest

from flowdeck.core.big_trade_thresholds import (
    DEFAULT_MIN_VALUES,
    BigTradeThresholds,
    TapeSettings,
    check_min_value,
    tape_from_table,
    tape_to_table,
)
from flowdeck.core.codes import Market
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.markets import MARKET_ORDER
from flowdeck.core.tiers import FIXED_THRESHOLDS


def test_the_default_per_market_is_the_large_tiers_lower_bound():
    thresholds = BigTradeThresholds()
    assert {m: thresholds.of_market(m) for m in Market} == {
        Market.HK: 500_000.0, Market.US: 40_000.0, Market.SH: 200_000.0,
        Market.SZ: 200_000.0}
    assert DEFAULT_MIN_VALUES == {m: t.large for m, t in FIXED_THRESHOLDS.items()}
    assert thresholds.min_value("US.AAPL") == 40_000.0


def test_a_code_takes_its_own_value_else_its_markets():
    thresholds = (BigTradeThresholds().with_market("hk", "100万")
                  .with_code("HK.700", "1000万").with_market(Market.US, 5e6))
    assert thresholds.min_value("HK.00700") == 1e7
    assert thresholds.min_value("HK.00005") == 1e6
    assert thresholds.min_value("US.AAPL") == 5e6
    assert thresholds.min_value("SH.600519") == 200_000.0
    lowered = thresholds.with_market("HK", 0)  # lower than the default: allowed
    assert lowered.min_value("HK.00005") == 0.0
    back = thresholds.with_code("HK.00700", None).with_market("HK", None)
    assert back.min_value("HK.00700") == 500_000.0


@pytest.mark.parametrize("value", [-1, math.inf, math.nan, "abc", "5%", True, None, [1]])
def test_a_bad_value_is_a_1001_naming_it(value):
    with pytest.raises(FlowDeckError) as caught:
        check_min_value(value, "the minimum of HK")
    assert caught.value.code == ErrorCode.INVALID_PARAM
    assert "the minimum of HK" in caught.value.message
    assert repr(value)[:20] in caught.value.message


def test_with_code_refuses_a_bad_code():
    with pytest.raises(FlowDeckError) as caught:
        BigTradeThresholds().with_code("ZZ.1", 5)
    assert "ZZ.1" in caught.value.message


def test_one_minimum_per_engine_symbol():
    order = {m: i for i, m in enumerate(MARKET_ORDER)}
    market_index = np.array([order[Market.HK], order[Market.US], order[Market.SZ],
                             order[Market.HK]], np.int8)
    thresholds = BigTradeThresholds().with_market("US", "1M").with_code("HK.00700", 3e6)
    got = thresholds.per_symbol(market_index, {"HK.00700": 3, "HK.09999": 99})
    assert got.dtype == np.float64
    assert got.tolist() == [500_000.0, 1e6, 200_000.0, 3e6]


def test_the_table_reads_back_what_it_wrote():
    settings = TapeSettings(BigTradeThresholds().with_market("SZ", "50万")
                            .with_code("US.BRK.B", "2M"), per_code=500, total=9_000)
    table = tape_to_table(settings)
    assert table == {"per_code": 500, "total": 9_000,
                     "min_value": {"SZ": 500_000.0, "US.BRK.B": 2e6}}
    assert tape_from_table(table) == (settings, [])
    assert tape_from_table(None) == (TapeSettings(), [])
    assert tape_from_table({}) == (TapeSettings(), [])


def test_bad_values_fall_back_one_by_one_and_are_named():
    settings, problems = tape_from_table({
        "per_code": 0, "total": 70_000,
        "min_value": {"HK": "1000万", "US": -5, "HK.00700": "2亿", "XX.1": 5, "SH": "x"}})
    assert settings.per_code == 2_000 and settings.total == 70_000
    assert settings.thresholds.min_value("HK.00700") == 2e8
    assert settings.thresholds.min_value("HK.00005") == 1e7
    assert settings.thresholds.of_market("US") == 40_000.0  # its default
    assert settings.thresholds.of_market("SH") == 200_000.0
    assert len(problems) == 4
    assert [p.split(":")[0] for p in problems] == [
        "tape.per_code", "tape.min_value.US", "tape.min_value.XX.1", "tape.min_value.SH"]


@pytest.mark.parametrize("table", [5, "x", {"min_value": [1, 2]}, {"total": 1.5}])
def test_a_table_of_the_wrong_shape_is_named_and_the_defaults_kept(table):
    settings, problems = tape_from_table(table)
    assert settings == TapeSettings() and len(problems) == 1

import json
import math

import numpy as np
import pytest

from flowdeck.core.envelope import all_failed, success_envelope
from flowdeck.core.errors import RET_ERROR, RET_OK, ErrorCode, FlowDeckError
from flowdeck.core.records import (
    FIELD_BY_KEY,
    FIELDS,
    RECORD_KEYS,
    CapitalFlowDetail,
    CapitalFlowRecord,
)
from flowdeck.core.units import format_amount, format_ratio

SPEC_KEYS = [
    "code", "update_time", "main_net_inflow", "main_net_inflow_ratio", "retail_net_inflow",
    "retail_net_inflow_ratio", "super_net_inflow", "super_net_inflow_ratio",
    "large_net_inflow", "large_net_inflow_ratio", "medium_net_inflow",
    "medium_net_inflow_ratio", "small_net_inflow", "small_net_inflow_ratio",
]


def test_record_keys_follow_the_spec_order():
    assert list(RECORD_KEYS) == SPEC_KEYS
    rec = CapitalFlowRecord("HK.00700", "2024-03-20 10:00:00")
    assert list(rec.to_dict()) == SPEC_KEYS
    assert CapitalFlowRecord.from_dict(rec.to_dict()) == rec


def test_record_is_immutable_with_slots():
    rec = CapitalFlowRecord("HK.00700", "t")
    with pytest.raises(AttributeError):
        rec.code = "x"  # type: ignore[misc]
    assert not hasattr(rec, "__dict__")


def test_from_tier_values_sums_and_ratios():
    buy = np.array([5e6, 3e6, 1e6, 2e5])
    sell = np.array([1e6, 4e6, 5e5, 7e5])
    rec = CapitalFlowRecord.from_tier_values("HK.00700", "t", buy, sell, 2e7)
    assert rec.super_net_inflow == 4e6 and rec.large_net_inflow == -1e6
    assert rec.main_net_inflow == rec.super_net_inflow + rec.large_net_inflow
    assert rec.retail_net_inflow == rec.medium_net_inflow + rec.small_net_inflow
    assert rec.main_net_inflow_ratio == pytest.approx(3e6 / 2e7)
    assert rec.small_net_inflow_ratio == pytest.approx(-5e5 / 2e7)


def test_idle_stock_is_all_zero_never_nan():
    rec = CapitalFlowRecord.from_tier_values("US.AAPL", "", np.zeros(4), np.zeros(4), 0.0)
    values = [v for k, v in rec.to_dict().items() if k not in ("code", "update_time")]
    assert values == [0.0] * 12
    assert not any(math.isnan(v) for v in values)


def test_ratio_clipped_against_rounding():
    buy = np.array([1.0 + 2e-16, 0, 0, 0])
    rec = CapitalFlowRecord.from_tier_values("US.AAPL", "", buy, np.zeros(4), 1.0)
    assert -1.0 <= rec.super_net_inflow_ratio <= 1.0


def test_field_metadata_has_both_languages():
    assert len(FIELDS) == 14
    assert FIELD_BY_KEY["main_net_inflow"].label_zh == "主力净流入"
    assert FIELD_BY_KEY["retail_net_inflow_ratio"].label_zh == "散户净占比"
    assert FIELD_BY_KEY["super_net_inflow"].label("zh") == "超大单净流入"
    assert FIELD_BY_KEY["small_net_inflow"].label("en") == "Small net inflow"
    assert {f.kind for f in FIELDS[2:]} == {"net", "ratio"}


def test_field_metadata_in_hong_kong_traditional():
    assert FIELD_BY_KEY["main_net_inflow"].label("zh_HK") == "主力淨流入"
    assert FIELD_BY_KEY["retail_net_inflow_ratio"].label("zh_HK") == "散戶淨佔比"
    assert FIELD_BY_KEY["medium_net_inflow"].label("zh_HK") == "中單淨流入"
    assert FIELD_BY_KEY["update_time"].label("zh_HK") == "更新時間"
    # "zh" (the CLI's --lang) and zh_CN are Simplified; zh_TW reads the Traditional labels.
    assert FIELD_BY_KEY["small_net_inflow"].label("zh") == "小单净流入"
    assert FIELD_BY_KEY["small_net_inflow"].label("zh_CN") == "小单净流入"
    assert FIELD_BY_KEY["small_net_inflow"].label("zh_TW") == "小單淨流入"
    assert all(f.label_hk for f in FIELDS)


def test_detail_roundtrip():
    d = CapitalFlowDetail("HK.00700", "t", 1e9, 10, (1.0, 2.0, 3.0, 4.0), (4.0, 3.0, 2.0, 1.0))
    assert CapitalFlowDetail.from_dict(d.to_dict()) == d


def test_envelopes():
    rec = CapitalFlowRecord("HK.00700", "t")
    env = success_envelope([rec], {"US.AAPL": (1016, "timed out")})
    assert env["ret_code"] == RET_OK == 0 and env["ret_msg"] == "SUCCESS"
    assert list(env["data"]["capital_flow_list"][0]) == SPEC_KEYS
    assert env["data"]["errors"] == [
        {"code": "US.AAPL", "ret_code": 1016, "ret_msg": "GET_CAPITAL_FLOW_FAILED: timed out"}]
    json.dumps(env)
    assert "errors" not in success_envelope([rec])["data"]
    err = FlowDeckError(ErrorCode.INVALID_CODE, "bad code 'X'")
    assert err.envelope() == {"ret_code": 1002, "ret_msg": "INVALID_CODE: bad code 'X'",
                              "data": None}
    assert all_failed(["A"], {"A": (1016, "down")}).code is ErrorCode.GET_CAPITAL_FLOW_FAILED
    assert RET_ERROR == -1


def test_units():
    assert format_amount(12_345_678) == "12.35M"
    assert format_amount(-2.5e9) == "-2.50B"
    assert format_amount(12_345_678, "wan") == "1234.57万"
    assert format_amount(3.2e8, "wan") == "3.20亿"
    assert format_amount(512) == "512.00"
    assert format_amount(float("nan")) == "—"
    assert format_ratio(0.1234) == "12.34%"

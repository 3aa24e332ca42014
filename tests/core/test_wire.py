"""core/wire.py: what the gateway encodes, the client decodes to the same values, and a
peer's bad items fail their own code only (1016) while the rest survive."""

import asyncio
import copy
import datetime as dt
import json

import numpy as np
import pytest

from flowdeck.core.batch import Batch
from flowdeck.core.envelope import success_envelope
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import RECORD_KEYS, SERIES_NAMES
from flowdeck.core.wire import (
    QUOTE_ITEM_KEYS,
    decode_batch,
    decode_detail_item,
    decode_envelope,
    decode_quote_item,
    decode_record,
    encode_batch,
    encode_detail_item,
)
from flowdeck.feeds.sim.feed import SimFeed

WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)
CODES = ["HK.00700", "US.AAPL", "SZ.300750", "SH.600519"]
FAILED = int(ErrorCode.GET_CAPITAL_FLOW_FAILED)


@pytest.fixture(scope="module")
def sim_batch() -> Batch:
    feed = SimFeed("sim?speed=600", speed=600.0, now=WED_1030_HK)
    return asyncio.run(feed.snapshot(CODES))


def over_the_wire(obj: dict) -> dict:
    return json.loads(json.dumps(obj))


def test_batch_round_trip_from_a_real_sim_batch(sim_batch):
    assert sim_batch.snapshot and set(sim_batch.records) == set(CODES)
    assert len(sim_batch.points) > 0
    got = decode_batch(over_the_wire(encode_batch(sim_batch)))
    assert got.snapshot is True
    assert got.records == sim_batch.records
    assert got.details == sim_batch.details
    assert got.errors == sim_batch.errors
    assert got.markets == sim_batch.markets
    assert got.points.codes == sim_batch.points.codes
    np.testing.assert_array_equal(got.points.minutes, sim_batch.points.minutes)
    np.testing.assert_array_equal(got.points.values, sim_batch.points.values)
    assert got.points.minutes.dtype == np.int32 and got.points.values.dtype == np.float64


def test_record_keys_keep_the_spec_order(sim_batch):
    msg = over_the_wire(encode_batch(sim_batch))
    for rec in msg["records"]:
        assert list(rec) == list(RECORD_KEYS)
        assert list(decode_record(rec).to_dict()) == list(RECORD_KEYS)


def test_errors_round_trip():
    batch = Batch(errors={"HK.00700": (FAILED, "upstream timed out")}, snapshot=False)
    got = decode_batch(over_the_wire(encode_batch(batch)))
    assert got.errors == {"HK.00700": (FAILED, "upstream timed out")}
    assert got.snapshot is False


def test_detail_item_round_trip(sim_batch):
    code = "HK.00700"
    detail = sim_batch.details[code]
    mask = np.array([c == code for c in sim_batch.points.codes])
    minutes, values = sim_batch.points.minutes[mask], sim_batch.points.values[mask]
    item = over_the_wire(encode_detail_item(detail, minutes, values))
    assert set(item["series"]) == set(SERIES_NAMES)
    got_detail, got_minutes, got_values = decode_detail_item(item)
    assert got_detail == detail
    np.testing.assert_array_equal(got_minutes, minutes)
    np.testing.assert_array_equal(got_values, values)
    assert got_values.shape == (len(minutes), 6)


def test_detail_item_without_points(sim_batch):
    detail = sim_batch.details["US.AAPL"]
    item = over_the_wire(encode_detail_item(detail, np.zeros(0, np.int32),
                                            np.zeros((0, 6), np.float32)))
    _, minutes, values = decode_detail_item(item)
    assert minutes.shape == (0,) and values.shape == (0, 6)


BAD_NUMBERS = [float("nan"), float("inf"), float("-inf"), "1000", None, True, [1]]


@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
def test_non_finite_or_non_numeric_fields_fail_their_code_only(sim_batch, bad):
    msg = over_the_wire(encode_batch(sim_batch))
    msg["records"][0]["main_net_inflow"] = bad
    # NaN and Infinity travel as the JSON extensions Python's json reads back.
    got = decode_batch(json.loads(json.dumps(msg)))
    victim = msg["records"][0]["code"]
    assert got.errors[victim][0] == FAILED
    assert "main_net_inflow" in got.errors[victim][1]
    assert victim not in got.records and victim not in got.details
    assert set(got.records) == set(CODES) - {victim}


@pytest.mark.parametrize("mutate, word", [
    (lambda r: r.pop("small_net_inflow_ratio"), "small_net_inflow_ratio"),
    (lambda r: r.update(super_net_inflow_ratio=1.5), "outside"),
    (lambda r: r.update(update_time=20250312), "update_time"),
    (lambda r: r.update(code="HK.ABCDEF"), "HK.ABCDEF"),
])
def test_malformed_records_fail_their_code_only(sim_batch, mutate, word):
    msg = over_the_wire(encode_batch(sim_batch))
    target = next(r for r in msg["records"] if r["code"] == "US.AAPL")
    mutate(target)
    got = decode_batch(msg)
    assert len(got.errors) == 1
    (_code, (number, text)), = got.errors.items()
    assert number == FAILED and word in text
    assert set(got.records) >= set(CODES) - {"US.AAPL"}


def test_malformed_details_and_points_fail_their_code_only(sim_batch):
    msg = over_the_wire(encode_batch(sim_batch))
    next(d for d in msg["details"] if d["code"] == "HK.00700")["turnover"] = "lots"
    points = msg["points"]["SZ.300750"]
    points["values"] = [row[:5] for row in points["values"]]  # a series short of a column
    got = decode_batch(msg)
    assert set(got.errors) == {"HK.00700", "SZ.300750"}
    assert all(n == FAILED for n, _ in got.errors.values())
    assert "SZ.300750" not in got.points.codes
    assert set(got.records) == {"US.AAPL", "SH.600519"}
    assert "SH.600519" in got.points.codes


def test_infinite_minute_point_is_rejected(sim_batch):
    msg = over_the_wire(encode_batch(sim_batch))
    msg["points"]["US.AAPL"]["values"][0][2] = float("inf")
    got = decode_batch(json.loads(json.dumps(msg)))
    assert got.errors["US.AAPL"][0] == FAILED
    assert "US.AAPL" not in got.points.codes


@pytest.mark.parametrize("msg", [
    None, [], "batch", {"type": "snapshot"}, {"records": []},
    {"type": "batch", "records": 5},
    {"type": "batch", "errors": [{"code": "HK.00700"}]},
    {"type": "batch", "markets": {"HK": {"state": "on fire", "local_time": "x"}}},
], ids=repr)
def test_not_a_batch_raises_1016(msg):
    with pytest.raises(FlowDeckError) as err:
        decode_batch(copy.deepcopy(msg))
    assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED


def test_envelope_success_with_partial_errors(sim_batch):
    records = list(sim_batch.records.values())[:2]
    env = over_the_wire(success_envelope(records, {"SZ.300750": (FAILED, "no quote")}))
    items, errors = decode_envelope(env, "capital_flow_list")
    assert [decode_record(i) for i in items] == records
    assert errors == {"SZ.300750": (FAILED, "no quote")}


@pytest.mark.parametrize("code", list(ErrorCode))
def test_envelope_error_raises_its_code(code):
    env = FlowDeckError(code, "something specific").envelope()
    with pytest.raises(FlowDeckError) as err:
        decode_envelope(over_the_wire(env), "capital_flow_list")
    assert err.value.code is code and err.value.message == "something specific"


@pytest.mark.parametrize("obj", [
    None, [], {"ret_msg": "SUCCESS"}, {"ret_code": 0, "ret_msg": "SUCCESS", "data": None},
    {"ret_code": 0, "data": {"capital_flow_list": "x"}},
    {"ret_code": 7, "ret_msg": "what"},
    {"ret_code": 0, "data": {"capital_flow_list": [], "errors": [{"code": "HK.00700"}]}},
], ids=repr)
def test_not_an_envelope_raises_1016(obj):
    with pytest.raises(FlowDeckError) as err:
        decode_envelope(obj, "capital_flow_list")
    assert err.value.code is ErrorCode.GET_CAPITAL_FLOW_FAILED


def test_json_nested_too_deep_is_a_value_error_like_any_bad_json():
    import pytest

    from flowdeck.core import json_text

    assert json_text.loads(b'{"a": [1, 2]}') == {"a": [1, 2]}
    for bad in (b"[" * 100_000, b"{", b"\xff\xfe", "nul\x00"):
        with pytest.raises(ValueError):
            json_text.loads(bad)


def test_a_quote_item_of_an_older_gateway_has_no_traditional_name():
    item = {"code": "HK.00700", "name": "腾讯控股", "name_en": "Tencent Holdings",
            "name_zh": "腾讯控股", "last": 320.5, "prev_close": 318.0, "change": 2.5,
            "change_ratio": 2.5 / 318.0, "turnover": 1e9, "update_time": "10:00:00"}
    decoded = decode_quote_item(item)
    assert list(decoded) == list(QUOTE_ITEM_KEYS) and decoded["name_zh_hant"] == ""
    assert decode_quote_item({**item, "name_zh_hant": "騰訊控股"})["name_zh_hant"] == "騰訊控股"
    with pytest.raises(ValueError, match="name_zh_hant"):
        decode_quote_item({**item, "name_zh_hant": 7})

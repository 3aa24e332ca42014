"""FlowTable: the live table's numpy store; Batch.columns and its helpers."""

import numpy as np
import pytest

from flowdeck.core.batch import Batch, RecordColumns, merge_columns
from flowdeck.core.flow_table import FlowTable
from flowdeck.core.markets import MARKET_ORDER
from flowdeck.core.records import NUMERIC_KEYS, CapitalFlowRecord


def record(code: str, net: float, time: str = "2025-03-12 10:30:00") -> CapitalFlowRecord:
    return CapitalFlowRecord.from_tier_values(code, time, np.array([net, 2.0, 3.0, 4.0]),
                                              np.array([0.0, 1.0, 1.0, 1.0]), 1000.0)


def test_set_codes_orders_rows_and_keeps_values_of_kept_codes():
    t = FlowTable()
    t.set_codes(["HK.00700", "US.AAPL", "HK.00700"])
    assert t.codes == ["HK.00700", "US.AAPL"] and t.n == 2
    assert t.currency == ["HKD", "USD"]
    assert [MARKET_ORDER[m].value for m in t.market] == ["HK", "US"]
    assert np.isnan(t.values).all() and np.isnan(t.last_wall).all()
    t.apply(Batch(records={"US.AAPL": record("US.AAPL", 7.0)}), wall=5.0)
    t.set_codes(["SH.600519", "US.AAPL"])
    assert t.row_of("US.AAPL") == 1 and t.row_of("HK.00700") is None
    assert t.values[1, 0] == record("US.AAPL", 7.0).main_net_inflow
    assert np.isnan(t.values[0]).all() and t.last_wall[1] == 5.0
    assert t.update_time.tolist() == ["", "2025-03-12 10:30:00"]


def test_apply_writes_records_and_returns_touched_rows():
    t = FlowTable()
    t.set_codes(["HK.00700", "US.AAPL", "SH.600519"])
    rec = record("SH.600519", 10.0)
    touched = t.apply(Batch(records={"SH.600519": rec, "HK.00001": record("HK.00001", 1)},
                            errors={"HK.00700": (1016, "timed out")}), wall=1.0)
    assert touched.tolist() == [0, 2]
    assert t.values[2].tolist() == [getattr(rec, k) for k in NUMERIC_KEYS]
    assert t.values[2, 0] == t.values[2, 4] + t.values[2, 6]  # main = super + large
    assert t.error.tolist() == [(1016, "timed out"), None, None]
    # A later record clears the error.
    t.apply(Batch(records={"HK.00700": record("HK.00700", 1.0)}), wall=2.0)
    assert t.error[0] is None


def test_apply_prefers_columns_and_they_match_records():
    recs = {c: record(c, i) for i, c in enumerate(["HK.00700", "US.AAPL"])}
    cols = RecordColumns.from_records(recs)
    assert cols.values.shape == (2, 12)
    assert cols.values[1].tolist() == [getattr(recs["US.AAPL"], k) for k in NUMERIC_KEYS]
    t = FlowTable()
    t.set_codes(["US.AAPL"])
    fake = RecordColumns(["US.AAPL"], np.full((1, 12), 3.0), ["x"])
    t.apply(Batch(records=recs, columns=fake), wall=0.0)
    assert (t.values == 3.0).all() and t.update_time.tolist() == ["x"]


def test_merge_columns_later_rows_win():
    a = RecordColumns(["A", "B"], np.array([[1.0] * 12, [2.0] * 12]), ["a1", "b1"])
    b = RecordColumns(["B", "C"], np.array([[3.0] * 12, [4.0] * 12]), ["b2", "c2"])
    m = merge_columns([a, RecordColumns.empty(), b])
    got = {c: (v[0], t) for c, v, t in zip(m.codes, m.values, m.update_times, strict=True)}
    assert got == {"A": (1.0, "a1"), "B": (3.0, "b2"), "C": (4.0, "c2")}
    assert merge_columns([]).values.shape == (0, 12)


def test_stale_only_while_the_market_is_open():
    t = FlowTable()
    t.set_codes(["HK.00700", "US.AAPL", "SH.600519"])
    t.apply(Batch(records={"HK.00700": record("HK.00700", 1), "US.AAPL": record("US.AAPL", 1)}),
            wall=100.0)
    all_open = {"HK": True, "US": True, "SH": True}
    assert t.stale_mask(120.0, 30.0, all_open).tolist() == [False, False, False]
    # SH.600519 never had a record: not stale (it shows no numbers at all).
    assert t.stale_mask(131.0, 30.0, all_open).tolist() == [True, True, False]
    assert t.stale_mask(131.0, 30.0, {"HK": False, "US": True}).tolist() == [False, True, False]


@pytest.mark.parametrize("codes", [[], ["US.BRK.B"]])
def test_empty_batches(codes):
    t = FlowTable()
    t.set_codes(codes)
    assert t.apply(Batch(), wall=0.0).tolist() == []

"""Merging batches: latest record/detail per code, points accumulate, snapshots restart."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.coalesce import Coalescer, concat_points, merge_batches, snapshot_codes
from flowdeck.core.codes import Market
from flowdeck.core.history import IntradayHistory
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord

CODES = ["HK.00700", "US.AAPL", "SH.600519"]


def record(code: str, value: float, t: str = "2024-01-02 10:00:00") -> CapitalFlowRecord:
    return CapitalFlowRecord(code, t, main_net_inflow=value)


def detail(code: str, turnover: float) -> CapitalFlowDetail:
    return CapitalFlowDetail(code, "2024-01-02 10:00:00", turnover, 1,
                             (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0))


def points(rows: list[tuple[str, int, float]]) -> MinutePoints:
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    return MinutePoints([r[0] for r in rows], np.array([r[1] for r in rows], np.int32),
                        np.array([[r[2]] * 6 for r in rows], np.float32).reshape(-1, 6))


def test_latest_record_and_detail_win() -> None:
    a = Batch(records={"HK.00700": record("HK.00700", 1.0)},
              details={"HK.00700": detail("HK.00700", 10.0)})
    b = Batch(records={"HK.00700": record("HK.00700", 2.0), "US.AAPL": record("US.AAPL", 5.0)},
              details={"HK.00700": detail("HK.00700", 20.0)})
    merged = merge_batches([a, b])
    assert merged.records["HK.00700"].main_net_inflow == 2.0
    assert merged.records["US.AAPL"].main_net_inflow == 5.0
    assert merged.details["HK.00700"].turnover == 20.0
    assert not merged.snapshot


def test_points_accumulate_sorted_later_wins() -> None:
    a = Batch(points=points([("US.AAPL", 3, 1.0), ("HK.00700", 5, 1.0)]))
    b = Batch(points=points([("HK.00700", 5, 2.0), ("HK.00700", 6, 3.0)]))
    merged = merge_batches([a, b])
    got = list(zip(merged.points.codes, merged.points.minutes.tolist(),
                   merged.points.values[:, 0].tolist(), strict=True))
    assert got == [("HK.00700", 5, 1.0), ("HK.00700", 5, 2.0), ("HK.00700", 6, 3.0),
                   ("US.AAPL", 3, 1.0)]


def test_errors_markets_latest_and_record_clears_error() -> None:
    a = Batch(errors={"HK.00700": (1016, "down"), "US.AAPL": (1016, "down")},
              markets={"HK": MarketStatus(MarketState.OPEN, "2024-01-02 10:00:00")})
    b = Batch(records={"HK.00700": record("HK.00700", 1.0)},
              errors={"US.AAPL": (1016, "still down")},
              markets={"HK": MarketStatus(MarketState.LUNCH_BREAK, "2024-01-02 12:00:00")})
    merged = merge_batches([a, b])
    assert merged.errors == {"US.AAPL": (1016, "still down")}
    assert merged.markets["HK"].state is MarketState.LUNCH_BREAK


def test_error_after_record_is_kept() -> None:
    a = Batch(records={"HK.00700": record("HK.00700", 1.0)})
    b = Batch(errors={"HK.00700": (1016, "down")})
    merged = merge_batches([a, b])
    assert "HK.00700" in merged.records and merged.errors["HK.00700"][0] == 1016


def test_snapshot_drops_earlier_points_of_its_codes_and_names_them() -> None:
    c = Coalescer()
    c.add(Batch(points=points([("HK.00700", 1, 9.0), ("US.AAPL", 1, 9.0)])))
    snap = Batch(records={"HK.00700": record("HK.00700", 1.0)},
                 points=points([("HK.00700", 0, 1.0)]), snapshot=True)
    c.add(snap)
    c.add(Batch(points=points([("HK.00700", 2, 2.0)])))
    assert c.batches == 3 and c.received == 1
    merged, restart = c.take()
    assert merged.snapshot and restart == {"HK.00700"}
    got = list(zip(merged.points.codes, merged.points.minutes.tolist(), strict=True))
    assert got == [("HK.00700", 0), ("HK.00700", 2), ("US.AAPL", 1)]
    assert not c and c.take()[0].records == {}


def test_snapshot_codes() -> None:
    b = Batch(records={"A": record("A", 0)}, errors={"B": (1016, "x")},
              points=points([("C", 0, 0.0)]), snapshot=True)
    assert snapshot_codes(b) == {"A", "B", "C"}


def test_concat_empty() -> None:
    assert len(concat_points([])) == 0
    assert len(concat_points([MinutePoints.empty(), MinutePoints.empty()])) == 0


# Within a batch any order; across batches a code's minutes never go back (a feed resends
# the current minute and adds new ones): batch k holds minutes 10k .. 10k + 10.
_point = st.tuples(st.sampled_from(CODES), st.integers(0, 10),
                   st.floats(-1e9, 1e9, allow_nan=False, width=32))
_batch = st.builds(
    lambda pts, recs: Batch(records={c: record(c, v) for c, v in recs},
                            points=points(pts)),
    st.lists(_point, max_size=12),
    st.lists(st.tuples(st.sampled_from(CODES), st.floats(-1e9, 1e9, allow_nan=False)),
             max_size=4))


def _history() -> IntradayHistory:
    h = IntradayHistory()
    for code in CODES:
        h.add(code, Market(code.split(".")[0]))
    return h


@given(st.lists(_batch, max_size=8))
def test_merged_equals_one_by_one(batches: list[Batch]) -> None:
    for k, b in enumerate(batches):
        b.points.minutes += 10 * k
    one_by_one, merged_h = _history(), _history()
    records: dict = {}
    for b in batches:
        one_by_one.apply(b.points)
        records.update(b.records)
    merged = merge_batches(batches)
    merged_h.apply(merged.points)
    for code in CODES:
        np.testing.assert_array_equal(one_by_one.series(code), merged_h.series(code))
    assert merged.records == records


@given(st.lists(_batch, max_size=8), st.integers(0, 8))
def test_merge_is_associative(batches: list[Batch], cut: int) -> None:
    whole = merge_batches(batches)
    halves = merge_batches([merge_batches(batches[:cut]), merge_batches(batches[cut:])])
    assert whole.records == halves.records
    assert whole.points.codes == halves.points.codes
    np.testing.assert_array_equal(whole.points.minutes, halves.points.minutes)
    np.testing.assert_array_equal(whole.points.values, halves.points.values)


def test_columns_merged_when_a_producer_fills_them() -> None:
    from flowdeck.core.batch import RecordColumns
    a = Batch(records={"HK.00700": record("HK.00700", 1.0), "US.AAPL": record("US.AAPL", 3.0)})
    recs = {"HK.00700": record("HK.00700", 2.0)}
    b = Batch(records=recs, columns=RecordColumns.from_records(recs))
    merged = merge_batches([a, b])
    assert merged.columns is not None
    assert merged.columns.codes == list(merged.records)
    assert merged.columns.values[:, 0].tolist() == [2.0, 3.0]
    assert merge_batches([a]).columns is None

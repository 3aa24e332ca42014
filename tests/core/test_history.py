"""Intraday history buffers: points in, gap-free series out."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import Market
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.history import IntradayHistory, bytes_per_code, series_values
from flowdeck.core.markets import session_minutes
from flowdeck.feeds.base import MinutePoints


def pts(*items: tuple[str, int, float]) -> MinutePoints:
    """(code, minute, v): tiers super, large, medium, small = v - 1, 1, v + 2, 3, so
    main = v and retail = v + 5 (consistent, as a feed sends them: the history stores
    the tiers and derives main and retail), each series told apart."""
    tiers = np.array([[v - 1, 1.0, v + 2, 3.0] for _, _, v in items], np.float64)
    return MinutePoints([c for c, _, _ in items], np.array([m for _, m, _ in items],
                                                           np.int32),
                        series_values(tiers.reshape(len(items), 4)))


def row(h: IntradayHistory, code: str, series: int = 0) -> list[float]:
    return [None if math.isnan(x) else float(x) for x in h.series(code)[series]]


def test_series_values_are_the_float64_tiers_and_their_float64_sums():
    big = 2.0**24 + 1  # float32 cannot hold it
    out = series_values(np.array([[big, 1.0, -3.0, 0.5], [1000.1, 1e15 + 0.1, 0.1, 0.2]]))
    assert out.dtype == np.float64 and out.shape == (2, 6)
    assert out[0].tolist() == [2.0**24 + 2, -2.5, big, 1.0, -3.0, 0.5]
    # main and retail as the record sums them: Python floats, super + large.
    assert out[1].tolist() == [1000.1 + (1e15 + 0.1), 0.1 + 0.2, 1000.1, 1e15 + 0.1, 0.1, 0.2]
    assert series_values(np.zeros((0, 4))).shape == (0, 6)


def test_apply_writes_points_and_fills_gaps():
    h = IntradayHistory()
    h.add("HK.00700", Market.HK)
    assert h.series("HK.00700").shape == (6, session_minutes(Market.HK))
    assert h.last_minute("HK.00700") == -1
    assert all(x is None for x in row(h, "HK.00700"))
    h.apply(pts(("HK.00700", 2, 10.0), ("HK.00700", 5, 20.0)))
    assert row(h, "HK.00700")[:7] == [None, None, 10.0, 10.0, 10.0, 20.0, None]
    assert row(h, "HK.00700", 4)[:7] == [None, None, 12.0, 12.0, 12.0, 22.0, None]
    assert row(h, "HK.00700", 1)[:7] == [None, None, 15.0, 15.0, 15.0, 25.0, None]
    assert row(h, "HK.00700", 5)[:7] == [None, None, 3.0, 3.0, 3.0, 3.0, None]
    assert h.last_minute("HK.00700") == 5
    # Across batches: the gap after the stored last minute repeats its value.
    h.apply(pts(("HK.00700", 8, 30.0)))
    assert row(h, "HK.00700")[4:10] == [10.0, 20.0, 20.0, 20.0, 30.0, None]
    # The same minute again (a live minute still moving): overwritten, nothing filled.
    h.apply(pts(("HK.00700", 8, 31.0), ("HK.00700", 8, 32.0)))
    assert row(h, "HK.00700")[7:10] == [20.0, 32.0, None]
    assert h.last_minute("HK.00700") == 8
    # A late point for an earlier minute is written; the last minute stays.
    h.apply(pts(("HK.00700", 3, 11.0)))
    assert row(h, "HK.00700")[2:6] == [10.0, 11.0, 10.0, 20.0]
    assert h.last_minute("HK.00700") == 8


def test_unknown_codes_and_minutes_outside_the_session_are_ignored():
    h = IntradayHistory()
    h.add("US.AAPL", Market.US)
    h.add("SH.600519", "SH")
    before = h.version("US.AAPL")
    h.apply(pts(("HK.00700", 1, 1.0), ("SH.600519", 0, 2.0), ("SH.600519", 240, 3.0),
                ("US.ZZZ", 3, 4.0), ("SH.600519", -1, 5.0)))
    assert h.version("US.AAPL") == before
    assert row(h, "SH.600519")[:2] == [2.0, None]
    assert h.last_minute("SH.600519") == 0 and "HK.00700" not in h
    h.apply(MinutePoints.empty())


def test_version_grows_on_every_change_and_never_repeats():
    h = IntradayHistory()
    h.add("HK.00700", Market.HK)
    h.add("HK.00005", Market.HK)
    v0 = h.version("HK.00700")
    h.add("HK.00700", Market.HK)  # idempotent
    assert h.version("HK.00700") == v0
    h.apply(pts(("HK.00700", 0, 1.0)))
    v1 = h.version("HK.00700")
    assert v1 > v0
    other = h.version("HK.00005")
    h.apply(pts(("HK.00700", 1, 2.0)))
    assert h.version("HK.00700") > v1 and h.version("HK.00005") == other
    h.clear("HK.00700")
    v2 = h.version("HK.00700")
    assert v2 > v1 and h.last_minute("HK.00700") == -1
    assert all(x is None for x in row(h, "HK.00700"))
    h.remove("HK.00700")
    h.add("HK.00700", Market.HK)
    assert h.version("HK.00700") > v2


def test_remove_frees_the_row_for_reuse():
    h = IntradayHistory()
    for i in range(16):
        h.add(f"US.A{chr(65 + i)}", Market.US)
    size = h.nbytes
    h.apply(pts(("US.AA", 3, 7.0)))
    h.remove("US.AA")
    h.remove("US.AA")  # no-op
    assert "US.AA" not in h and len(h) == 15
    h.add("US.NEW", Market.US)  # takes the freed row: nothing grows, nothing left over
    assert h.nbytes == size
    assert h.last_minute("US.NEW") == -1 and all(x is None for x in row(h, "US.NEW"))
    h.add("US.MORE", Market.US)
    assert h.nbytes > size
    with pytest.raises(KeyError):
        h.series("US.AA")


def test_memory_figures():
    # 4 bytes x 4 tiers x session minutes: main and retail are derived, not stored.
    assert bytes_per_code(Market.HK) == 5_280
    assert bytes_per_code(Market.US) == 6_240
    assert bytes_per_code(Market.SH) == bytes_per_code(Market.SZ) == 3_840
    assert 5_000 * bytes_per_code(Market.US) == 31_200_000
    h = IntradayHistory()
    for i in range(1_000):
        h.add(f"SZ.{i:06d}", Market.SZ)
    data = h.nbytes - 1_024 * (4 + 8)  # minus per-row bookkeeping (last, version)
    assert 1_000 * 3_840 <= data <= 2 * 1_000 * 3_840
    assert h.series("SZ.000999").dtype == np.float32
    assert h.series("SZ.000999").shape == (6, 240)


def test_a_code_under_two_markets_is_refused_and_series_are_read_only():
    h = IntradayHistory()
    h.add("HK.00700", Market.HK)
    with pytest.raises(FlowDeckError):
        h.add("HK.00700", Market.US)
    with pytest.raises(ValueError):
        h.series("HK.00700")[0, 0] = 1.0


def test_points_out_of_order_are_regrouped():
    h = IntradayHistory()
    h.add("HK.00001", Market.HK)
    h.add("HK.00002", Market.HK)
    h.apply(pts(("HK.00002", 4, 40.0), ("HK.00001", 3, 3.0), ("HK.00002", 1, 10.0),
                ("HK.00001", 1, 1.0)))
    assert row(h, "HK.00001")[:5] == [None, 1.0, 1.0, 3.0, None]
    assert row(h, "HK.00002")[:6] == [None, 10.0, 10.0, 10.0, 40.0, None]


# --- property: against a one-point-at-a-time model ---------------------------------------

CODES = {"HK.00001": Market.HK, "US.AAPL": Market.US, "SZ.000001": Market.SZ,
         "SH.600000": Market.SH}


@given(st.lists(st.lists(st.tuples(st.sampled_from([*CODES, "US.NOPE"]),
                                   st.integers(0, 30), st.integers(-5, 5)),
                         max_size=12), max_size=6))
def test_matches_a_simple_model(batches):
    h = IntradayHistory()
    for code, market in CODES.items():
        h.add(code, market)
    model = {c: [math.nan] * session_minutes(m) for c, m in CODES.items()}
    last = dict.fromkeys(CODES, -1)
    base = dict.fromkeys(CODES, 0)
    for batch in batches:
        # Minutes never go back across batches (a feed moves forward); inside a batch the
        # order is free and a later point for the same minute wins.
        items = [(c, base.get(c, 0) + m, float(v)) for c, m, v in batch]
        h.apply(pts(*items))
        for c, m, v in sorted(items, key=lambda x: (x[0], x[1])):  # stable: later wins
            if c not in model:
                continue
            if last[c] >= 0:
                for gap in range(last[c] + 1, m):
                    model[c][gap] = model[c][last[c]]
            model[c][m] = v
            last[c] = max(last[c], m)
        base = {c: max(last[c], 0) for c in CODES}
    for c in CODES:
        got = h.series(c)[0].tolist()
        assert [None if math.isnan(x) else x for x in got] == \
            [None if math.isnan(x) else x for x in model[c]]
        assert h.last_minute(c) == last[c]


def test_add_many_allocates_once_and_exactly():
    h = IntradayHistory()
    codes = [f"HK.{i:05d}" for i in range(1, 101)] + ["US.AAPL"]
    h.add_many(codes, ["HK"] * 100 + ["US"])
    h.add_many(["HK.00001"], ["HK"])  # kept codes: nothing happens
    assert len(h) == 101 and h.codes() == codes
    assert h.nbytes == 100 * bytes_per_code(Market.HK) + bytes_per_code(Market.US) \
        + 101 * (4 + 8)
    pts = MinutePoints(["HK.00100", "US.AAPL"], np.array([3, 4], np.int32),
                       np.ones((2, 6), np.float32))
    h.apply(pts)
    assert h.last_minute("HK.00100") == 3 and h.last_minute("US.AAPL") == 4


def test_the_same_codes_again_reuse_their_lookup_until_the_codes_change():
    h = IntradayHistory()
    h.add_many(["HK.00001", "US.AAPL"], ["HK", "US"])
    codes = ["HK.00001", "US.AAPL", "SH.600000"]  # the last one is not kept: ignored
    for v in (1.0, 2.0):
        h.apply(MinutePoints(codes, np.array([0, 0, 0], np.int32),
                             np.full((3, 6), v, np.float32)))
        assert h.series("US.AAPL")[2, 0] == v  # a stored tier (main would be 2v)
    h.add("SH.600000", "SH")
    h.apply(MinutePoints(codes, np.array([1, 1, 1], np.int32), np.full((3, 6), 3.0, np.float32)))
    assert h.series("SH.600000")[2, 1] == 3.0 and h.series("HK.00001")[5, 1] == 3.0
    h.remove("HK.00001")
    h.add("HK.00002", "HK")  # takes the freed row
    h.apply(MinutePoints(codes, np.array([2, 2, 2], np.int32), np.full((3, 6), 4.0, np.float32)))
    assert np.isnan(h.series("HK.00002")).all()


# --- main and retail: derived from the stored tiers --------------------------------------

def test_main_and_retail_are_derived_from_the_tiers_and_nan_stays_nan():
    h = IntradayHistory()
    h.add("US.AAPL", Market.US)
    tiers = np.array([[1.5, -4.0, 2.25, 0.5], [3e9, 7.0, -1e6, 1e6]])
    # The stored main/retail columns are not read back: only the tiers are kept.
    values = series_values(tiers)
    values[:, :2] = 999.0
    h.apply(MinutePoints(["US.AAPL"] * 2, np.array([1, 3], np.int32), values))
    s = h.series("US.AAPL")
    assert s.shape == (6, session_minutes(Market.US)) and s.dtype == np.float32
    assert np.isnan(s[:, 0]).all() and np.isnan(s[:, 4:]).all()
    assert s[:, 1].tolist() == [-2.5, 2.75, 1.5, -4.0, 2.25, 0.5]
    assert s[:, 2].tolist() == s[:, 1].tolist()  # the gap repeats the last value
    t32 = tiers.astype(np.float32).astype(np.float64)
    assert s[0, 3] == np.float32(t32[1, 0] + t32[1, 1])
    assert s[1, 3] == np.float32(t32[1, 2] + t32[1, 3]) == 0.0
    assert s[2:, 3].tolist() == tiers[1].astype(np.float32).tolist()  # tiers exact
    for i in range(6):
        np.testing.assert_array_equal(h.series_row("US.AAPL", i), s[i])
    with pytest.raises(IndexError):
        h.series_row("US.AAPL", 6)


@pytest.mark.parametrize("seed", range(5))
def test_derived_main_and_retail_are_as_close_to_the_feeds_as_float32_tiers_allow(seed):
    rng = np.random.default_rng(seed)
    h = IntradayHistory()
    h.add("SZ.000001", Market.SZ)
    h.add("SZ.000002", Market.SZ)
    minutes = np.arange(240, dtype=np.int32)
    # Tiers of one sign per pair (super/large, medium/small), then of mixed signs.
    same = np.cumsum(np.abs(rng.normal(0, 1e7, (240, 4))), axis=0) * [1, 1, -1, -1]
    mixed = np.cumsum(rng.normal(0, 1e7, (240, 4)), axis=0)
    feed_same, feed_mixed = series_values(same), series_values(mixed)  # float64 sums
    h.apply(MinutePoints(["SZ.000001"] * 240 + ["SZ.000002"] * 240,
                         np.concatenate([minutes, minutes]),
                         np.concatenate([feed_same, feed_mixed])))
    s, m = h.series("SZ.000001"), h.series("SZ.000002")
    # The tiers are stored as sent, rounded once to float32.
    np.testing.assert_array_equal(s[2:], feed_same[:, 2:].T.astype(np.float32))
    np.testing.assert_array_equal(m[2:], feed_mixed[:, 2:].T.astype(np.float32))
    # main/retail are re-summed from the float32 tiers, not from the feed's float64
    # ones, so they are not bit-equal to the feed's: with tiers of one sign within
    # one float32 ulp.
    np.testing.assert_array_max_ulp(s[:2], feed_same[:, :2].T.astype(np.float32), maxulp=1)
    # Where super and large (or medium and small) nearly cancel, the sum can be many
    # ulps of itself off, but never more than the tiers' own float32 rounding (half
    # an ulp of each) plus one ulp of the sum: no worse than storing the tiers.
    spacing = np.spacing(np.abs(feed_mixed.T).astype(np.float32)).astype(np.float64)
    bound = np.stack([(spacing[2] + spacing[3]) / 2, (spacing[4] + spacing[5]) / 2]) \
        + spacing[:2]
    assert (np.abs(m[:2] - feed_mixed[:, :2].T.astype(np.float64)) <= bound).all()


def test_series_is_a_read_only_snapshot():
    h = IntradayHistory()
    h.add("HK.00700", Market.HK)
    before = h.series("HK.00700")
    h.apply(pts(("HK.00700", 0, 4.0)))
    assert np.isnan(before[0, 0]) and h.series("HK.00700")[0, 0] == 4.0
    assert not before.flags.writeable


# --- float64: what the gateway keeps for the API -----------------------------------------

def test_a_float64_history_gives_back_the_feeds_numbers_exactly():
    h = IntradayHistory(np.float64)
    h.add("HK.00700", Market.HK)
    # Values float32 cannot hold, and tiers that nearly cancel.
    tiers = np.array([[1000.1, 1e15 + 0.1, -0.3, 0.1],
                      [1e15 + 0.1, -1e15, 1e-3, -68_399_850.17]])
    values = series_values(tiers)
    h.apply(MinutePoints(["HK.00700"] * 2, np.array([3, 6], np.int32), values))
    s = h.series("HK.00700")
    assert s.dtype == np.float64 and h.series_row("HK.00700", 0).dtype == np.float64
    assert s[:, 3].tolist() == values[0].tolist()
    assert s[:, 4].tolist() == s[:, 5].tolist() == values[0].tolist()  # the gap
    assert s[:, 6].tolist() == values[1].tolist()
    # main = super + large, retail = medium + small: the float sums a record makes.
    assert s[0, 6] == float(tiers[1, 0]) + float(tiers[1, 1])
    assert s[1, 6] == float(tiers[1, 2]) + float(tiers[1, 3])
    for i in range(6):
        np.testing.assert_array_equal(h.series_row("HK.00700", i), s[i])


def test_a_float64_history_costs_twice_a_float32_one():
    assert bytes_per_code(Market.HK, np.float64) == 10_560 == 2 * bytes_per_code(Market.HK)
    assert bytes_per_code(Market.US, np.float64) == 12_480
    h32, h64 = IntradayHistory(), IntradayHistory(np.float64)
    for h in (h32, h64):
        for i in range(100):
            h.add(f"SH.{600000 + i}", Market.SH)
    # 128 rows allocated (doubling from 16), each with its last minute and version.
    assert h64.nbytes - 128 * (4 + 8) == 128 * bytes_per_code(Market.SH, np.float64)
    assert h32.nbytes - 128 * (4 + 8) == 128 * bytes_per_code(Market.SH)
    with pytest.raises(FlowDeckError):
        IntradayHistory(np.int64)


def test_series_groups_are_series_and_versions_of_many_codes_by_market():
    h = IntradayHistory()
    codes = ["HK.00700", "US.AAPL", "HK.00005", "SH.600519"]
    for code, market in zip(codes, (Market.HK, Market.US, Market.HK, Market.SH), strict=True):
        h.add(code, market)
    h.apply(pts(("HK.00700", 3, 1.0), ("HK.00005", 5, -2.0), ("US.AAPL", 0, 4.0)))
    groups = h.series_groups(["SZ.000001", *codes])  # an unknown code is left out
    got = {code: (int(version), stack[i]) for names, versions, stack in groups
           for i, (code, version) in enumerate(zip(names, versions, strict=True))}
    assert sorted(got) == sorted(codes)
    assert groups[0][0] == ["HK.00700", "HK.00005"]  # the market's codes in one gather
    for code in codes:
        version, series = got[code]
        assert version == h.version(code)
        assert np.array_equal(series, h.series(code), equal_nan=True)
    # Only the codes `wanted` (by code and version) are read.
    asked = []
    only = h.series_groups(codes, lambda code, v: asked.append(code) or code == "US.AAPL")
    assert asked == codes and [names for names, _, _ in only] == [["US.AAPL"]]

"""A window's compact history (core/history_store.py's CompactStore): 2 bytes a number,
every read within 1.5 steps of the number written, a step under twice the series'
largest |value| / 32,767; the last point as written."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import Market
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.history import IntradayHistory, series_values
from flowdeck.core.markets import session_minutes
from flowdeck.feeds.base import MinutePoints

CODES = {"HK.00001": Market.HK, "US.AAPL": Market.US, "SZ.000001": Market.SZ}
STEPS = 32_767


def both() -> tuple[IntradayHistory, IntradayHistory]:
    exact, compact = IntradayHistory(np.float64), IntradayHistory(compact=True)
    for h in (exact, compact):
        h.add_many(list(CODES), list(CODES.values()))
    return exact, compact


def points(items: list[tuple[str, int, list[float]]]) -> MinutePoints:
    tiers = np.array([t for _, _, t in items], np.float64).reshape(len(items), 4)
    return MinutePoints([c for c, _, _ in items],
                        np.array([m for _, m, _ in items], np.int32), series_values(tiers))


def assert_within_the_bound(exact: IntradayHistory, compact: IntradayHistory,
                            written: dict[str, np.ndarray] | None = None) -> None:
    """`written`: per code, the largest |value| written per tier, overwritten points
    too (a live minute moves); by default the series' own."""
    for code in CODES:
        want, got = exact.series(code), compact.series(code)
        assert got.dtype == np.float32
        assert np.array_equal(np.isnan(want), np.isnan(got)), code
        assert compact.last_minute(code) == exact.last_minute(code)
        tiers = np.nan_to_num(want[2:])
        peak = np.abs(tiers).max(axis=1) if written is None else written[code]
        # a step is at least 2**-16 (of a currency unit), below any amount that matters
        bound = 1.5 * np.maximum(2 * peak / STEPS, 2.0**-16)
        err = np.abs(np.nan_to_num(got[2:].astype(np.float64)) - tiers)
        assert (err <= bound[:, None]).all(), (code, err.max(axis=1), bound)
        # main and retail: the sums of two such tiers
        sums = np.abs(np.nan_to_num(got[:2].astype(np.float64)) - np.nan_to_num(want[:2]))
        # ... and the float32 rounding of their sum
        rounding = 2.0**-23 * (peak[0::2] + peak[1::2])
        assert (sums <= (bound[0::2] + bound[1::2] + rounding)[:, None]).all()
        last = exact.last_minute(code)
        if last >= 0:  # the last point as written (float32), not rounded to a step
            assert np.array_equal(got[:, last], compact_truth(want[:, last]))


def compact_truth(column: np.ndarray) -> np.ndarray:
    """What a float32 history reads at a point written from float64 `column` (6,)."""
    tiers = column[2:].astype(np.float32)
    return np.concatenate([[np.float32(np.float64(tiers[0]) + np.float64(tiers[1])),
                            np.float32(np.float64(tiers[2]) + np.float64(tiers[3]))], tiers])


magnitude = st.sampled_from([1.0, 1e3, 1e6, 1e9, 1e12])
tier_values = st.lists(st.floats(-1, 1, allow_nan=False), min_size=4, max_size=4)


@given(st.lists(st.lists(st.tuples(st.sampled_from(list(CODES)), st.integers(0, 40),
                                   tier_values, magnitude), max_size=10), max_size=8))
def test_reads_are_within_one_and_a_half_steps_of_the_numbers_written(batches):
    exact, compact = both()
    written = {c: np.zeros(4) for c in CODES}
    base = 0
    for batch in batches:
        items = [(c, base + m, [v * scale for v in vs]) for c, m, vs, scale in batch]
        if not items:
            continue
        for h in (exact, compact):
            h.apply(points(items))
        for c, m, vs in items:
            if m < session_minutes(CODES[c]):
                written[c] = np.maximum(written[c], np.abs(vs))
        assert_within_the_bound(exact, compact, written)
        base = max(m for _, m, _ in items)


def test_a_series_that_grows_a_millionfold_keeps_its_early_numbers_within_the_bound():
    exact, compact = both()
    code, minutes = "US.AAPL", session_minutes(Market.US)
    rng = np.random.default_rng(3)
    growth = np.logspace(2, 9, minutes)         # 100 to 1e9 over the day
    for minute in range(0, minutes, 7):
        tiers = (rng.normal(0, 1, 4) * growth[minute]).tolist()
        for h in (exact, compact):
            h.apply(points([(code, minute, tiers)]))
    assert_within_the_bound(exact, compact)
    # The step coarsened ~2**23-fold as the series grew: the morning's numbers (~100)
    # are now under a step, but the curve drawn is off by < 1/10,000 of its height.
    height = np.nanmax(exact.series(code)[2]) - np.nanmin(exact.series(code)[2])
    assert np.nanmax(np.abs(compact.series(code)[2] - exact.series(code)[2])) < height / 1e4


def test_a_day_of_many_codes_reads_the_same_in_groups_and_one_by_one():
    h = IntradayHistory(compact=True)
    codes = [f"HK.{i:05d}" for i in range(1, 201)]
    h.add_many(codes, [Market.HK] * len(codes))
    rng = np.random.default_rng(5)
    cum = np.zeros((len(codes), 4))
    for minute in range(0, 120, 2):
        cum += rng.normal(0, 1e6, cum.shape)
        h.apply(MinutePoints(codes, np.full(len(codes), minute, np.int32),
                             series_values(cum)))
    (names, versions, stack), = h.series_groups(codes)
    assert names == codes
    for i, code in enumerate(codes):
        assert np.array_equal(stack[i], h.series(code), equal_nan=True)
        assert np.array_equal(h.series_row(code, 0), h.series(code)[0], equal_nan=True)
        assert versions[i] == h.version(code)
    # the last minute as written
    assert np.array_equal(stack[:, 2:, 118], cum.astype(np.float32))


def test_compact_costs_half_of_float32_and_a_few_bytes_a_row():
    plain, compact = IntradayHistory(), IntradayHistory(compact=True)
    codes = [f"US.S{i}" for i in range(1000)]
    for h in (plain, compact):
        h.add_many(codes, [Market.US] * len(codes))
    per_row_plain = 4 * 4 * 390 + 4 + 8
    assert plain.nbytes == 1000 * per_row_plain
    # int16 numbers, then last minute, version, 4 exponents (int8 and float64 2**-e)
    # and the 4 last points
    assert compact.nbytes == 1000 * (2 * 4 * 390 + 4 + 8 + 4 + 32 + 16)
    assert compact.nbytes < 0.52 * plain.nbytes


def test_a_removed_code_s_row_comes_back_empty_and_with_a_fine_step():
    h = IntradayHistory(compact=True)
    h.add("HK.00001", Market.HK)
    h.apply(points([("HK.00001", 3, [1e12, -1e12, 5.0, 1.0])]))
    h.remove("HK.00001")
    h.add("HK.00002", Market.HK)                  # takes the freed row
    assert np.isnan(h.series("HK.00002")).all() and h.last_minute("HK.00002") == -1
    h.apply(points([("HK.00002", 0, [1.5, 2.25, -3.0, 0.125]),
                    ("HK.00002", 1, [1.5, 2.25, -3.0, 0.25])]))
    # Small numbers after a large day: exact again (the step starts fine for a new code)
    assert h.series("HK.00002")[2:, 0].tolist() == [1.5, 2.25, -3.0, 0.125]


def test_compact_storage_is_float32_only():
    with pytest.raises(FlowDeckError) as err:
        IntradayHistory(np.float64, compact=True)
    assert err.value.code == 1001


def test_a_live_minute_moving_each_second_then_the_next_minute_and_a_gap():
    exact, compact = both()
    codes = ["HK.00001", "US.AAPL"]
    rng = np.random.default_rng(8)
    seen = {c: np.zeros(4) for c in CODES}
    for minute in (5, 6, 9):
        for _second in range(5):       # the same minute again and again: one point a row
            tiers = rng.normal(0, 1e8, (2, 4))
            items = [(c, minute, t.tolist()) for c, t in zip(codes, tiers, strict=True)]
            before = compact.version("HK.00001")
            for h in (exact, compact):
                h.apply(points(items))
            assert compact.version("HK.00001") > before
            for c, t in zip(codes, tiers, strict=True):
                seen[c] = np.maximum(seen[c], np.abs(t))
            # the live minute reads as written, the minutes before within the bound
            assert_within_the_bound(exact, compact, seen)
    assert compact.last_minute("US.AAPL") == 9
    # minutes 7 and 8 repeat minute 6's last value (within the bound, as minute 6)
    got = compact.series("US.AAPL")
    assert np.array_equal(got[:, 7], got[:, 6]) and np.array_equal(got[:, 8], got[:, 6])

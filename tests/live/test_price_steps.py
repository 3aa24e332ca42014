"""Prices a minute in 2 bytes (live/price_steps.py): every price read back within 1.5
steps of the one written, a step under 2/32,767 of the row's farthest price from its
first; the live minute exactly as written (float32)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.live.minute_prices import MinutePrices

ROWS = 3
MINUTES = 60


def model_day(points: list[tuple[int, float]]) -> list[float]:
    """A row's points (minute ascending, a later one of a minute winning) -> its day:
    the minutes between two points repeat the earlier price, NaN before and after."""
    day = [math.nan] * MINUTES
    last = -1
    for minute, price in points:
        if last >= 0:
            for gap in range(last + 1, minute):
                day[gap] = day[last]
        day[minute] = price
        last = max(last, minute)
    return day


batch = st.lists(st.tuples(st.integers(0, ROWS - 1), st.integers(0, 3),
                           st.floats(-0.6, 3.0)), max_size=6)


@given(st.lists(batch, max_size=10), st.sampled_from([1.0, 0.05, 420.0, 30_000.0]),
       st.booleans())
def test_every_price_within_one_and_a_half_steps_and_the_live_minute_as_written(
        batches, opening, one_each):
    prices = MinutePrices()
    prices.remap(np.full(ROWS, -1))
    written: dict[int, list[tuple[int, float]]] = {r: [] for r in range(ROWS)}
    base = 0
    for items in batches:
        if one_each:   # one point a row
            items = list({r: (r, m, f) for r, m, f in items}.values())
        else:          # a row's points together, minutes ascending
            items = sorted(items, key=lambda x: (x[0], x[1]))
        if not items:
            continue
        rows = np.array([r for r, _, _ in items])
        minutes = np.array([base + m for _, m, _ in items])
        values = np.array([opening * (1 + f) for _, _, f in items])
        prices.write(rows, minutes, values, one_each)
        for r, m, p in zip(rows.tolist(), minutes.tolist(), values.tolist(), strict=True):
            if p > 0:
                written[r].append((m, p))
        base = int(minutes.max())
    for r in range(ROWS):
        got = prices.day(r, MINUTES)
        want = np.array(model_day(written[r]))
        assert got.dtype == np.float32
        assert np.array_equal(np.isnan(got), np.isnan(want))
        if not written[r]:
            continue
        first = written[r][0][1]
        reach = max(abs(p - first) for _, p in written[r])
        step = max(2 * reach / 32_767, 2.0**-24)
        bound = 1.5 * step + 2.0**-23 * np.nanmax(np.abs(want))  # + float32's rounding
        err = np.abs(np.nan_to_num(got.astype(np.float64)) - np.nan_to_num(want))
        assert err.max() <= bound, (r, err.max(), bound)
        last = max(m for m, _ in written[r])
        assert got[last] == np.float32(want[last])


def test_a_day_of_a_stock_moving_40_percent_reads_within_a_third_of_a_cent():
    prices = MinutePrices()
    prices.remap(np.full(1, -1))
    rng = np.random.default_rng(4)
    walk = 100.0 * np.exp(np.cumsum(rng.normal(0, 0.01, 390)))
    walk = np.round(walk, 2)        # on the cent
    for minute, price in enumerate(walk):
        for _second in range(3):    # the live minute moves, then the next
            prices.write(np.array([0]), np.array([minute]), np.array([price]), True)
    day = prices.day(0, 390)
    assert np.abs(walk - walk[0]).max() > 39     # 99.35 to 139.03: a step of 2**-9
    assert np.abs(day - walk).max() < 1.5 * 2.0**-9
    assert day[-1] == np.float32(walk[-1])
    # the chart's label shows 2 decimals: every one as quoted
    assert [f"{p:.2f}" for p in day] == [f"{p:.2f}" for p in walk]

"""The live day's minutes merged into a stored series: new minutes win, the minutes
between points carry the last value, nothing before the first trade is made up."""

import numpy as np

from flowdeck.storage.archive.minute_merge import merge_minutes

NAN = np.nan


def grid(*rows) -> np.ndarray:
    return np.array([[v] * 4 if v is not None else [NAN] * 4 for v in rows], np.float64)


def test_new_minutes_go_over_the_stored_ones_and_gaps_carry_forward() -> None:
    old = grid(None, 1.0, 1.0, 2.5, None, None, None, None)
    new = grid(None, None, None, None, 3.0, None, 1000.1, None)
    got = merge_minutes(old, new)
    assert np.array_equal(got, grid(None, 1.0, 1.0, 2.5, 3.0, 3.0, 1000.1, None),
                          equal_nan=True)  # the minutes to come are not known yet
    closed = merge_minutes(old, new, complete=True)
    assert np.array_equal(closed, grid(None, 1.0, 1.0, 2.5, 3.0, 3.0, 1000.1, 1000.1),
                          equal_nan=True)  # the close: the last minute is the day's


def test_a_first_save_fills_between_its_points_only() -> None:
    got = merge_minutes(None, grid(None, None, 5.0, None, None, -1e15 - 0.5, None))
    assert np.array_equal(got, grid(None, None, 5.0, 5.0, 5.0, -1e15 - 0.5, None),
                          equal_nan=True)
    assert got.dtype == np.float64


def test_a_series_of_another_shape_is_replaced() -> None:
    got = merge_minutes(grid(1.0, 2.0), grid(None, 7.0, None))
    assert np.array_equal(got, grid(None, 7.0, None), equal_nan=True)

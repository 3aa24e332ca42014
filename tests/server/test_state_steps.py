"""A batch's minute points go into the history in steps too (state.apply_steps): the
first batch of an update iterator restarted with a new union repeats the day so far
(~130,000 points for 2,000 codes), which written at once held the loop ~35 ms. Written
in parts, cut between codes, it leaves the same history as one write."""

from __future__ import annotations

import itertools

import numpy as np

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.core.history import IntradayHistory
from flowdeck.core.markets import market_of
from flowdeck.server.state import POINTS_PER_STEP, FlowState, code_runs, point_slices

PER_CODE = 100
CODES = [f"HK.{i:05d}" for i in range(1, POINTS_PER_STEP // PER_CODE * 3 + 2)]


def day_points(codes: list[str]) -> MinutePoints:
    """PER_CODE minutes of each code, sorted by code then minute, as feeds send them."""
    n = len(codes)
    minutes = np.tile(np.arange(PER_CODE, dtype=np.int32), n)
    values = np.arange(n * PER_CODE * 6, dtype=np.float32).reshape(-1, 6)
    return MinutePoints([c for c in codes for _ in range(PER_CODE)], minutes, values)


def test_a_large_batch_is_written_in_steps_with_the_outcome_of_one_write():
    state = FlowState()
    state.add(CODES)
    steps = state.apply_steps(Batch(points=day_points(CODES)))
    first, last = CODES[0], CODES[-1]
    # Turn by turn: some turn sees the first code's day written and not yet the last's.
    seen_half_written = False
    while True:
        try:
            next(steps)
        except StopIteration:
            break
        if state.history.last_minute(first) >= 0 and state.history.last_minute(last) < 0:
            seen_half_written = True
    assert seen_half_written

    whole = IntradayHistory()
    for code in CODES:
        whole.add(code, market_of(code))
    whole.apply(day_points(CODES))
    for code in (first, CODES[len(CODES) // 2], last):
        assert state.history.last_minute(code) == PER_CODE - 1
        np.testing.assert_array_equal(state.history.series(code), whole.series(code))


def test_points_are_cut_between_codes_and_only_when_each_code_is_in_one_place():
    points = day_points(CODES)
    parts = point_slices(points, list(code_runs(points.codes)), POINTS_PER_STEP)
    assert len(parts) == 4
    assert all(len(p) == POINTS_PER_STEP for p in parts[:-1])
    assert [c for p in parts for c in p.codes] == points.codes
    for before, after in itertools.pairwise(parts):
        assert before.codes[-1] != after.codes[0]
    np.testing.assert_array_equal(np.concatenate([p.values for p in parts]), points.values)

    # A code in two places (not as feeds send them): one part, written in its order.
    mixed = MinutePoints(points.codes + points.codes[:1],
                         np.concatenate([points.minutes, points.minutes[:1]]),
                         np.concatenate([points.values, points.values[:1]]))
    (whole,) = point_slices(mixed, list(code_runs(mixed.codes)), POINTS_PER_STEP)
    assert whole is mixed
    # A small batch: one part.
    small = day_points(CODES[:3])
    (whole,) = point_slices(small, list(code_runs(small.codes)), POINTS_PER_STEP)
    assert whole is small

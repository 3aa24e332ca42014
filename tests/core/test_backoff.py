"""The one retry policy: exponential waits up to a cap, jitter drawn from the caller's
random source, and the failures-in-a-row counter the retry loops share."""

from __future__ import annotations

import random

import pytest

from flowdeck.core.backoff import Backoff, Retries


class FixedDraw(random.Random):
    """A random source that always draws `value`: the jitter becomes known."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize("policy, waits", [
    # The window's and `flowdeck watch`'s numbers: 1, 2, 4 ... 30 s.
    (Backoff(first=1.0, cap=30.0, jitter=0.0), [1, 2, 4, 8, 16, 30, 30]),
    # The gateway hub's source: 0.25 s doubling to 8 s.
    (Backoff(first=0.25, cap=8.0, jitter=0.0), [0.25, 0.5, 1, 2, 4, 8, 8]),
    (Backoff(first=0.5, factor=3.0, cap=10.0, jitter=0.0), [0.5, 1.5, 4.5, 10, 10, 10, 10]),
])
def test_waits_grow_by_the_factor_up_to_the_cap(policy, waits):
    assert [policy.delay(n) for n in range(1, 8)] == waits


def test_attempt_zero_or_below_waits_the_first_delay():
    policy = Backoff(first=2.0, cap=60.0, jitter=0.0)
    assert policy.delay(0) == policy.delay(-3) == 2.0


@pytest.mark.parametrize("draw, scale", [(0.0, 1.0), (0.5, 0.75), (1.0, 0.5)])
def test_jitter_scales_the_wait_down_by_the_draw(draw, scale):
    policy = Backoff(first=1.0, cap=30.0, jitter=0.5)
    assert policy.delay(3, FixedDraw(draw)) == pytest.approx(4.0 * scale)


def test_jitter_stays_in_its_band_and_varies():
    policy, rng = Backoff(first=0.25, factor=2.0, cap=10.0, jitter=0.5), random.Random(1)
    for attempt in range(1, 12):
        delays = [policy.delay(attempt, rng) for _ in range(50)]
        assert all(0.5 * policy.base(attempt) <= d <= policy.base(attempt) for d in delays)
        assert len(set(delays)) > 1


def test_retries_count_failures_in_a_row_and_start_over_after_a_success():
    retries = Retries(Backoff(first=1.0, cap=30.0, jitter=0.0))
    assert [retries.failed() for _ in range(3)] == [1.0, 2.0, 4.0]
    assert retries.attempt == 3
    retries.reset()
    assert retries.attempt == 0 and retries.failed() == 1.0


def test_retries_draw_their_jitter_from_the_given_source():
    retries = Retries(Backoff(first=1.0, cap=30.0, jitter=0.2), FixedDraw(1.0))
    assert retries.failed() == pytest.approx(0.8)
    assert retries.failed() == pytest.approx(1.6)

"""The rate of records the status bar shows: per second over a sliding window."""

from __future__ import annotations

import pytest

from flowdeck.live.rate import UpdateRate


def test_the_rate_is_the_records_of_the_window_per_second() -> None:
    rate = UpdateRate(window_s=2.0)
    rate.add(0.0, 10)
    rate.add(1.0, 10)
    assert rate.per_second(1.0) == pytest.approx(10.0)
    assert rate.per_second(2.5) == pytest.approx(5.0)   # the first 10 left the window
    assert rate.per_second(10.0) == 0.0

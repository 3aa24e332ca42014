"""DayPoints: the simulator's minute points (the 4 tier nets and the minute's last price:
VALUES columns), one book per market, each as wide as its session."""

import numpy as np

from flowdeck.core.markets import MARKET_ORDER, session_minutes
from flowdeck.feeds.minute_points import VALUES, DayPoints, capacity

WIDEST = max(session_minutes(m) for m in MARKET_ORDER)


class FullWidth:
    """The layout DayPoints replaced: every symbol as wide as the longest session."""

    def __init__(self, n: int) -> None:
        self.cum = np.zeros((n, WIDEST, VALUES), np.float64)
        self.stamp = np.zeros((n, WIDEST), np.int32)

    def store(self, symbols, minutes, cum_net, generation) -> None:
        self.cum[symbols, minutes] = cum_net
        self.stamp[symbols, minutes] = generation

    def since(self, symbols, since):
        rows, minutes = np.nonzero(self.stamp[symbols] > since)
        return rows, minutes, self.cum[symbols[rows], minutes]


def test_same_points_as_one_full_width_array():
    rng = np.random.default_rng(3)
    markets = rng.integers(0, len(MARKET_ORDER), 60).astype(np.int8)
    points, ref = DayPoints(), FullWidth(len(markets))
    points.add(markets[:7])    # in blocks of different sizes, markets interleaved
    points.add(markets[7:8])
    points.add(markets[8:])
    width = np.array([session_minutes(MARKET_ORDER[m]) for m in markets])
    for generation in range(1, 40):
        k = int(rng.integers(1, 200))
        symbols = np.sort(rng.integers(0, len(markets), k))
        minutes = (rng.random(k) * width[symbols]).astype(np.intp)
        cum = rng.normal(0, 1e7, (k, VALUES))
        points.store(symbols, minutes, cum, generation)
        ref.store(symbols, minutes, cum, generation)
        if generation == 25:
            points.clear(np.array([3, 11, 12]))
            ref.cum[[3, 11, 12]] = 0.0
            ref.stamp[[3, 11, 12]] = 0
    for since in (0, 1, 17, 38, 39):
        asked = rng.permutation(len(markets))[:45]
        got, want = points.since(asked, since), ref.since(asked, since)
        for a, b in zip(got, want, strict=True):
            assert np.array_equal(a, b)
    minutes, cum = points.day(5)
    assert np.array_equal(minutes, np.flatnonzero(ref.stamp[5]))
    assert np.array_equal(cum, ref.cum[5, minutes])


def test_each_code_costs_its_own_session_and_a_block_is_reserved_exactly():
    points = DayPoints()
    markets = np.repeat(np.arange(len(MARKET_ORDER), dtype=np.int8), 1250)
    points.add(markets)
    # float64 cumulative nets and price (40 bytes a minute) and an int32 stamp
    per_code = {m: 44 * session_minutes(m) for m in MARKET_ORDER}
    assert points.nbytes == 1250 * sum(per_code.values())
    assert points.nbytes < 5000 * 44 * WIDEST * 0.8


def test_capacity_doubles_for_small_additions_only():
    assert capacity(0, 0, 5000) == 5000        # a watchlist at once: exactly
    assert capacity(5000, 5000, 1) == 10_000   # one more: double
    assert capacity(16, 10, 3) == 16           # fits
    assert capacity(16, 16, 40) == 56          # larger than the book: exactly
    assert [capacity(c, c, 1) for c in (0, 1, 2, 4)] == [1, 2, 4, 8]


def test_recent_points_hold_the_last_minutes_and_say_what_they_lost():
    from flowdeck.feeds.minute_points import RecentPoints

    rng = np.random.default_rng(5)
    n, window = 9, 4
    ring, full = RecentPoints(window), FullWidth(n)
    ring.add(2)
    ring.add(n - 2)
    newest = np.zeros(n, np.intp)
    for generation in range(1, 30):
        symbols = np.sort(rng.choice(n, int(rng.integers(1, n)), replace=False))
        # Minutes go forward per symbol; now and then a long call (a reveal).
        span = 1 + (generation % 7 == 0) * 10
        parts = [np.arange(newest[s], newest[s] + span) for s in symbols]
        syms = np.repeat(symbols, [len(p) for p in parts])
        minutes = np.concatenate(parts)
        newest[symbols] += span - int(rng.integers(0, 2)) * (span == 1)
        cum = rng.normal(0, 1e7, (len(syms), VALUES))
        ring.store(syms, minutes, cum, generation)
        full.store(syms, minutes, cum, generation)
        if generation == 20:
            ring.clear(np.array([2]))
            full.cum[2], full.stamp[2] = 0.0, 0
        for since in (0, generation - 3, generation - 1):
            asked = rng.permutation(n)[:6]
            fine = ring.lost[asked] <= since
            got = ring.since(asked[fine], since)
            want = full.since(asked[fine], since)
            for a, b in zip(got, want, strict=True):
                assert np.array_equal(a, b)
            # A symbol that lost a point newer than `since` had one: it would be missed.
            for s in asked[~fine]:
                held = ring.since(np.array([s]), since)[1]
                assert len(np.setdiff1d(np.flatnonzero(full.stamp[s] > since), held))
    assert ring.nbytes == n * (window * 46) + 4 * n

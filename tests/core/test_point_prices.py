"""Each minute point's last trade price (the detail chart's price line): the engine's
against a trade-by-trade reading, the clock going back and minutes merged at lunch
included; the coalescer keeps them with their points."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.batch import Batch, MinutePoints
from flowdeck.core.coalesce import merge_batches
from flowdeck.core.codes import Market
from flowdeck.core.engine import FlowEngine
from flowdeck.core.markets import to_local_seconds, trading_minute

DAY = to_local_seconds(dt.datetime(2025, 3, 12))
MARKETS = [Market.HK, Market.US, Market.SH]


def last_prices(symbols, seconds, prices) -> dict[tuple[int, int], float]:
    """(symbol, trading minute) -> the price of its last trade: the latest minute of the
    clock (a print that came late counts where its time puts it; the minutes before the
    open, at lunch and after the close are one trading minute each), then the one
    executed last."""
    best: dict[tuple[int, int], tuple[int, int, float]] = {}
    for i, (s, t, p) in enumerate(zip(symbols.tolist(), seconds.tolist(), prices.tolist(),
                                      strict=True)):
        key = (s, int(trading_minute(MARKETS[s], t)))
        if key not in best or (t // 60, i) >= best[key][:2]:
            best[key] = (t // 60, i, p)
    return {key: p for key, (_, _, p) in best.items()}


def test_each_points_price_is_its_minutes_last_trade():
    rng = np.random.default_rng(11)
    engine = FlowEngine()
    engine.add_symbols(MARKETS)
    for _call in range(6):
        n = 400
        symbols = rng.integers(0, len(MARKETS), n)
        # Across the day (pre-open, lunch and after the close too), mostly forward but
        # now and then back in time inside a call.
        seconds = DAY + np.sort(rng.integers(9 * 3600, 16 * 3600 + 1800, n))
        back = rng.random(n) < 0.05
        seconds[back] -= rng.integers(60, 1800, back.sum())
        prices = np.round(rng.uniform(10, 500, n), 2)
        quantity = rng.integers(1, 50, n) * 100.0
        points = engine.process(symbols, seconds, prices, quantity, np.full(n, np.nan),
                                np.full(n, np.nan))
        want = last_prices(symbols, seconds, prices)
        got = {(int(s), int(m)): float(p) for s, m, p in
               zip(points.symbols, points.minutes, points.last_price, strict=True)}
        assert got == want
        assert points.with_prices().shape == (len(points), 5)
        np.testing.assert_array_equal(points.with_prices()[:, 4], points.last_price)


def points(code: str, minutes: list[int], prices: list[float] | None) -> MinutePoints:
    return MinutePoints([code] * len(minutes), np.array(minutes, np.int32),
                        np.zeros((len(minutes), 6)),
                        None if prices is None else np.array(prices, float))


def test_the_coalescer_keeps_each_points_price_and_none_when_a_part_has_none():
    merged = merge_batches([
        Batch(points=points("US.AAPL", [3, 4], [10.0, 11.0])),
        Batch(points=points("HK.00700", [1], [400.0])),
        Batch(points=points("US.AAPL", [4, 5], [11.5, 12.0]))])
    rows = list(zip(merged.points.codes, merged.points.minutes.tolist(),
                    merged.points.prices.tolist(), strict=True))
    assert rows == [("HK.00700", 1, 400.0), ("US.AAPL", 3, 10.0), ("US.AAPL", 4, 11.0),
                    ("US.AAPL", 4, 11.5), ("US.AAPL", 5, 12.0)]  # the later one last
    without = merge_batches([Batch(points=points("US.AAPL", [3], [10.0])),
                             Batch(points=points("HK.00700", [1], None))])
    assert without.points.prices is None

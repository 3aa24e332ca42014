"""The simulator's quotes: the last price is its tape's last trade so far, the previous
close is deterministic per (seed, code, day) and on the tick grid, a snapshot quotes
every code and an update the codes that changed; change and change % follow."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from flowdeck.core.markets import to_local_seconds
from flowdeck.feeds.sim.market import SimMarket
from flowdeck.feeds.sim.quotes import prev_close
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST, sim_stock
from flowdeck.feeds.sim.tape import day_tape

WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=dt.UTC)
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.300750", "HK.02800"]


class Wall:
    """The wall clock the market reads, moved by the test."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def market(seed: int = 0, wall: Wall | None = None) -> SimMarket:
    return SimMarket(seed=seed, speed=60.0, now=WED_1030_HK, monotonic=wall or Wall())


def test_a_snapshot_quotes_every_code_at_its_last_trade():
    batch = market().snapshot_batch(CODES)
    assert set(batch.quotes) == set(CODES)
    for code, quote in batch.quotes.items():
        assert quote.code == code
        assert quote.update_time == batch.records[code].update_time
        stock = sim_stock(code)
        when = dt.datetime.strptime(quote.update_time, "%Y-%m-%d %H:%M:%S")
        tape = day_tape(stock, when.date())
        before = tape.price[tape.times <= to_local_seconds(when)]
        assert quote.last == before[-1]


def test_the_previous_close_is_on_the_tick_grid_near_the_reference_price():
    for code in DEFAULT_WATCHLIST:
        stock = sim_stock(code)
        close = prev_close(stock, dt.date(2025, 3, 12), seed=0)
        assert close > 0
        assert abs(close / stock.tick - round(close / stock.tick)) < 1e-6
        assert abs(math.log(close / stock.price)) < 6 * stock.daily_vol


def test_quotes_are_the_same_for_a_seed_and_differ_across_seeds():
    a = market(seed=1).snapshot_batch(CODES).quotes
    b = market(seed=1).snapshot_batch(CODES).quotes
    c = market(seed=2).snapshot_batch(CODES).quotes
    assert a == b
    assert sum(a[x].prev_close != c[x].prev_close for x in CODES) >= len(CODES) - 1
    days = [prev_close(sim_stock("HK.00700"), dt.date(2025, 3, d), 0) for d in (10, 11, 12)]
    assert len(set(days)) > 1  # a new previous close every day


def test_an_update_quotes_the_codes_that_changed():
    wall = Wall()
    sim = market(wall=wall)
    sim.snapshot_batch(CODES)
    cursor = sim.cursor(CODES)
    seen = 0
    for _ in range(6):
        wall.now += 2.0
        sim.advance()
        batch = cursor.next_batch()
        assert set(batch.quotes) == set(batch.records)
        for code, quote in batch.quotes.items():
            assert quote.update_time == batch.records[code].update_time
        seen += len(batch.quotes)
    assert seen > 0


def test_change_follows_last_against_the_previous_close():
    batch = market(seed=3).snapshot_batch(list(DEFAULT_WATCHLIST))
    signs = set()
    for quote in batch.quotes.values():
        assert quote.prev_close is not None and not math.isnan(quote.last)
        assert np.sign(quote.change_ratio) == np.sign(quote.last - quote.prev_close)
        assert quote.change == quote.last - quote.prev_close
        signs.add(np.sign(quote.change))
    assert signs >= {-1.0, 1.0}  # some up, some down

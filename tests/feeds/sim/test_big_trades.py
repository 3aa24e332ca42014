"""The simulator's big trades: a snapshot carries the day's (bounded per code), updates
the new ones, numbered per code and day the same however the day was revealed, so a
reconnect's snapshot adds none twice to the window's tape."""

import datetime as dt

import numpy as np

from flowdeck.core.big_trade_thresholds import BigTradeThresholds, TapeSettings
from flowdeck.core.big_trades import BigTrades, concat_trades
from flowdeck.core.codes import parse_code
from flowdeck.core.markets import to_local_seconds
from flowdeck.core.tiers import FIXED_THRESHOLDS, tier_of
from flowdeck.core.trade_tape import TradeTape
from flowdeck.feeds.sim.market import SimMarket
from flowdeck.live.store import LiveStore

UTC = dt.UTC
WED_1030_HK = dt.datetime(2025, 3, 12, 2, 30, tzinfo=UTC)  # HK/SH/SZ open; US -> Tue noon
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "HK.01810", "US.BRK.B"]
WALLS = (0.5, 1.0, 3.5, 9.0, 9.5, 20.0)
WHOLE = {"per_code": 100_000, "total": 2_000_000}  # caps that keep every trade here


class Wall:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def make(**settings) -> SimMarket:
    sim = SimMarket(seed=3, speed=60.0, now=WED_1030_HK, monotonic=Wall())
    if settings:
        sim.big.set_settings(TapeSettings(**settings))
    return sim


def rows(trades: BigTrades) -> list[tuple]:
    """Each trade as plain values, by code then sequence."""
    out = list(zip(trades.codes, trades.seq.tolist(), trades.times.tolist(),
                   trades.price.tolist(), trades.quantity.tolist(), trades.side.tolist(),
                   trades.tier.tolist(), strict=True))
    return sorted(out)


def test_a_snapshot_carries_the_days_big_trades_as_the_engine_counted_them():
    sim = make()
    snap = sim.snapshot_batch(CODES, wall=5.0).trades
    assert len(snap) > 100 and set(snap.codes) <= set(CODES)
    assert set(snap.codes) >= {"HK.00700", "US.AAPL"}
    for trade in snap.rows():
        market = parse_code(trade.code).market
        assert trade.value >= FIXED_THRESHOLDS[market].large
        assert trade.tier == tier_of(trade.value, FIXED_THRESHOLDS[market])
        assert trade.side in (-1, 0, 1)
    for code in set(snap.codes):
        seq = snap.seq[np.asarray(snap.codes) == code]
        assert (np.diff(seq) > 0).all()
        assert seq[-1] <= sim.engine.trades[sim.ensure([code])[0]]


def test_updates_carry_the_new_ones_numbered_as_a_fresh_snapshot_numbers_them():
    followed = make(**WHOLE)
    snap = followed.snapshot_batch(CODES, wall=0.0).trades
    cursor = followed.cursor(CODES)
    parts = [snap]
    for wall in WALLS:
        followed.advance(wall)
        parts.append(cursor.next_batch().trades)
    seen = rows(concat_trades(parts))
    assert len(seen) == len(set(seen)) and len(seen) > len(rows(snap))
    fresh = make(**WHOLE).snapshot_batch(CODES, wall=WALLS[-1]).trades
    assert rows(fresh) == seen


def test_a_code_and_a_market_take_the_users_minimums():
    thresholds = (BigTradeThresholds().with_code("HK.00700", 0)
                  .with_market("US", 1e12))
    sim = make(thresholds=thresholds, per_code=50)
    snap = sim.snapshot_batch(CODES, wall=5.0).trades
    tencent = snap.seq[np.asarray(snap.codes) == "HK.00700"]
    counted = int(sim.engine.trades[sim.ensure(["HK.00700"])[0]])
    # Every trade is big at 0; the snapshot carries the last 50 of the day.
    assert tencent.tolist() == list(range(counted - 49, counted + 1))
    assert not [c for c in snap.codes if c.startswith("US.")]
    assert "HK.01810" in snap.codes


def test_a_reconnects_snapshot_adds_none_twice_to_the_store():
    sim = make(**WHOLE)
    store = LiveStore(tape=TradeTape(WHOLE["per_code"], WHOLE["total"]))
    store.set_codes(CODES, 0.0)
    first = store.apply(sim.snapshot_batch(CODES, wall=0.0), 0.0)
    assert len(first.trades) > 0
    cursor = sim.cursor(CODES)
    told = [first.trades]
    for wall in WALLS[:3]:
        sim.advance(wall)
        told.append(store.apply(cursor.next_batch(), wall).trades)
    again = store.apply(sim.snapshot_batch(CODES, wall=WALLS[2]), WALLS[2])
    assert len(again.trades) == 0 and len(again.batch.trades) == len(store.tape)
    cursor = sim.cursor(CODES)
    for wall in WALLS[3:]:
        sim.advance(wall)
        told.append(store.apply(cursor.next_batch(), wall).trades)
    everything = rows(concat_trades(told))
    assert len(everything) == len(set(everything)) == len(store.tape)
    assert everything == rows(make(**WHOLE).snapshot_batch(CODES, wall=WALLS[-1]).trades)


def test_a_new_day_starts_the_numbers_again():
    sim = make()
    sim.snapshot_batch(["HK.00700"], wall=0.0)
    cursor = sim.cursor(["HK.00700"])
    sim.advance(24 * 3600 / 60.0)  # a virtual day later at speed 60: Thursday 10:30
    batch = cursor.next_batch()
    assert batch.snapshot and len(batch.trades) > 0
    thursday = to_local_seconds(dt.datetime(2025, 3, 13))
    assert batch.trades.times.min() >= thursday  # Wednesday's are gone
    # Numbered among Thursday's trades only (the engine counts the day's).
    assert batch.trades.seq.max() <= int(sim.engine.trades[sim.ensure(["HK.00700"])[0]])


def test_a_consumer_far_behind_the_log_misses_nothing():
    sim = make(**WHOLE)
    store = LiveStore(tape=TradeTape(WHOLE["per_code"], WHOLE["total"]))
    store.set_codes(CODES, 0.0)
    store.apply(sim.snapshot_batch(CODES, wall=0.0), 0.0)
    cursor = sim.cursor(CODES)
    for k in range(1, 101):  # 100 generations: past what the log keeps
        sim.advance(k * 0.25)
    store.apply(cursor.next_batch(), 25.0)
    assert rows(store.tape.recent(limit=10**6)) == rows(
        make(**WHOLE).snapshot_batch(CODES, wall=25.0).trades)


def test_smaller_caps_keep_each_codes_newest():
    sim = make(**WHOLE)
    whole = sim.snapshot_batch(CODES, wall=5.0).trades
    sim.big.set_settings(TapeSettings(per_code=3, total=2_000_000))
    capped = sim.snapshot_batch(CODES, wall=5.0).trades
    for code in set(whole.codes):
        mine = whole.seq[np.asarray(whole.codes) == code]
        assert capped.seq[np.asarray(capped.codes) == code].tolist() == mine[-3:].tolist()

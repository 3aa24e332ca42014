"""The engine's big trades: with a minimum value per symbol, process hands out the
trades at or above it (positions into the batch, direction, tier, number in the
symbol's day); without one, nothing; split batches number them the same."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.engine import FlowEngine
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import Tier

from .engine_checks import NAN, OPEN, feed

HK, US = 0, 1
# (symbol, local seconds, price, quantity, bid, ask), interleaved as a feed sends them.
BATCH = [
    (US, OPEN, 50.0, 1_000.0, 49.9, 50.0),         # 50,000 USD at the ask: buy, large
    (HK, OPEN, 100.0, 6_000.0, 99.9, 100.1),       # 600,000 HKD inside: neutral, large
    (HK, OPEN + 1, 99.9, 100.0, 99.9, 100.1),      # 9,990 HKD: not big
    (US, OPEN + 2, 49.0, 5_000.0, NAN, NAN),       # 245,000 USD, tick down: sell, super
    (HK, OPEN + 3, 100.0, 25_000.0, 100.0, 100.0),  # 2.5M HKD, locked, tick up: buy, super
]
DEFAULTS = np.array([500_000.0, 40_000.0])  # the large tiers' bounds of HK and US


def engine() -> FlowEngine:
    out = FlowEngine()
    out.add_symbols([Market.HK, Market.US])
    return out


def process(e: FlowEngine, trades: list[tuple], big_min=None):
    cols = list(zip(*trades, strict=True))
    return e.process(np.array(cols[0], np.int64), np.array(cols[1], np.int64),
                     *(np.array(c, np.float64) for c in cols[2:]), big_min=big_min)


def test_a_hand_made_batch():
    big = process(engine(), BATCH, DEFAULTS).big
    assert big.index.tolist() == [0, 1, 3, 4]
    assert big.side.tolist() == [1, 0, -1, 1]
    assert big.tier.tolist() == [Tier.LARGE, Tier.LARGE, Tier.SUPER, Tier.SUPER]
    assert big.seq.tolist() == [1, 1, 2, 3]  # per symbol: HK's 2nd trade was small
    assert big.side.dtype == np.int8 and big.tier.dtype == np.int8


def test_numbers_go_on_across_batches_and_a_minimum_is_inclusive():
    e = engine()
    process(e, BATCH, DEFAULTS)
    nxt = process(e, [(HK, OPEN + 4, 100.0, 5_000.0, 99.9, 100.0),   # exactly 500,000
                      (US, OPEN + 5, 10.0, 100.0, 9.9, 10.0)], DEFAULTS).big
    assert nxt.index.tolist() == [0] and nxt.seq.tolist() == [4]
    assert nxt.side.tolist() == [1] and nxt.tier.tolist() == [Tier.LARGE]
    e.reset([HK])  # a new day for HK: its numbers start again
    again = process(e, [(HK, OPEN + 86400, 100.0, 9_000.0, 99.9, 100.0)], DEFAULTS).big
    assert again.seq.tolist() == [1]


def test_a_minimum_per_symbol():
    big = process(engine(), BATCH, np.array([1e6, 0.0])).big
    assert big.index.tolist() == [0, 3, 4]  # HK's 600,000 is below its 1M


def test_split_batches_give_the_same_trades_the_same_numbers():
    whole = process(engine(), BATCH, DEFAULTS).big
    e = engine()
    first = process(e, BATCH[:2], DEFAULTS).big
    second = process(e, BATCH[2:], DEFAULTS).big
    assert [*first.seq.tolist(), *second.seq.tolist()] == whole.seq.tolist()
    assert [*first.side.tolist(), *second.side.tolist()] == whole.side.tolist()
    assert [*first.index.tolist(), *(second.index + 2).tolist()] == whole.index.tolist()


def test_nothing_unless_asked_and_the_same_counts_either_way():
    asked, plain = engine(), engine()
    assert process(plain, BATCH).big is None
    process(asked, BATCH, DEFAULTS)
    assert np.array_equal(asked.buy, plain.buy) and np.array_equal(asked.sell, plain.sell)
    assert feed(plain, []).big is None
    empty = asked.process(*(np.zeros(0) for _ in range(6)), big_min=DEFAULTS).big
    assert len(empty) == 0


def test_a_short_minimum_table_is_refused_and_nothing_counted():
    e = engine()
    with pytest.raises(FlowDeckError) as caught:
        process(e, BATCH, np.array([1.0]))
    assert caught.value.code == ErrorCode.INVALID_PARAM and "big_min" in caught.value.message
    assert e.trades.tolist() == [0, 0]


def test_a_random_batch_matches_one_trade_at_a_time():
    rng = np.random.default_rng(3)
    n = 400
    sym = rng.integers(0, 2, n)
    price = rng.choice([99.8, 99.9, 100.0, 100.1, 100.2], n)
    qty = rng.choice([100.0, 1_000.0, 6_000.0, 30_000.0], n)
    bid = np.where(rng.random(n) < 0.3, NAN, 99.9)
    ask = np.where(np.isnan(bid), NAN, 100.1)
    trades = list(zip(sym.tolist(), (OPEN + np.arange(n)).tolist(), price.tolist(),
                      qty.tolist(), bid.tolist(), ask.tolist(), strict=True))
    whole = process(engine(), trades, DEFAULTS).big
    e, one = engine(), []
    for k, trade in enumerate(trades):
        got = process(e, [trade], DEFAULTS).big
        one += [(k, int(got.side[0]), int(got.tier[0]), int(got.seq[0]))] if len(got) else []
    assert len(one) > 50
    assert list(zip(whole.index.tolist(), whole.side.tolist(), whole.tier.tolist(),
                    whole.seq.tolist(), strict=True)) == one

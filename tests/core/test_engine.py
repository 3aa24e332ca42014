"""The flow engine on hand-written cases: the quote and tick rules, tiers, resets,
records, minute points, bad input, growth."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.engine import FlowEngine
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.markets import to_local_seconds
from flowdeck.core.records import RECORD_KEYS, Tier
from flowdeck.core.tiers import FIXED_THRESHOLDS, tier_of

from .engine_checks import (
    NAN,
    OPEN,
    assert_record_invariants,
    assert_same_points,
    assert_same_state,
    close,
    feed,
)
from .reference_engine import ReferenceEngine

ALL_MARKETS = list(Market)


def one_symbol(market: Market = Market.HK, **kw) -> FlowEngine:
    engine = FlowEngine(**kw)
    engine.add_symbols([market])
    return engine


def directions(engine: FlowEngine) -> tuple[float, float]:
    return float(engine.buy[0].sum()), float(engine.sell[0].sum())


@pytest.mark.parametrize(("price", "expect"), [
    (10.2, "buy"), (10.3, "buy"), (10.0, "sell"), (9.9, "sell"), (10.1, "neutral"),
])
def test_quote_rule(price, expect):
    engine = one_symbol()
    feed(engine, [(0, OPEN, 11.0, 1.0, NAN, NAN)])  # a tick state that would say "sell"
    engine.reset()
    feed(engine, [(0, OPEN, 50.0, 1.0, NAN, NAN), (0, OPEN, price, 100.0, 10.0, 10.2)])
    buy, sell = directions(engine)
    value = price * 100
    assert (buy, sell) == {"buy": (value, 0.0), "sell": (0.0, value),
                           "neutral": (0.0, 0.0)}[expect]
    assert engine.turnover[0] == 50.0 + value


def test_tick_rule_sequence():
    engine = one_symbol()
    prices = [10, 11, 11, 10, 10]
    for split in ([5], [1, 4], [1, 1, 1, 1, 1]):  # however the batches fall
        engine.reset()
        pos = 0
        for size in split:
            feed(engine, [(0, OPEN + i, prices[i], 1000.0, NAN, NAN)
                          for i in range(pos, pos + size)])
            pos += size
        # 0, +1, +1, -1, -1
        assert directions(engine) == (22000.0, 20000.0)
        assert engine.turnover[0] == 52000.0


def test_first_trade_and_flat_start_are_neutral():
    engine = one_symbol()
    feed(engine, [(0, OPEN, 10.0, 1.0, NAN, NAN), (0, OPEN, 10.0, 1.0, NAN, NAN)])
    assert directions(engine) == (0.0, 0.0)
    assert engine.trades[0] == 2 and engine.turnover[0] == 20.0


@pytest.mark.parametrize(("bid", "ask"), [(10.5, 10.0), (10.0, 10.0), (NAN, 12.0),
                                          (9.0, NAN), (-math.inf, math.inf)])
def test_unusable_quote_falls_back_to_tick(bid, ask):
    engine = one_symbol()
    feed(engine, [(0, OPEN, 10.0, 1.0, NAN, NAN), (0, OPEN, 11.0, 1.0, bid, ask)])
    assert directions(engine) == (11.0, 0.0)


def test_tick_state_follows_quote_classified_trades():
    engine = one_symbol()
    feed(engine, [(0, OPEN, 10.0, 1.0, 9.0, 12.0),   # inside: neutral, but 10 is the price
                  (0, OPEN, 11.0, 1.0, 9.0, 12.0)])  # inside: neutral; the tick is +1
    feed(engine, [(0, OPEN, 11.0, 1.0, NAN, NAN)])   # equal: last non-zero tick, buy
    assert directions(engine) == (11.0, 0.0)


def test_fixed_tiers_per_market():
    for market, (sup, large, medium) in FIXED_THRESHOLDS.items():
        engine = one_symbol(market)
        values = [sup, sup - 1, large, large - 1, medium, medium - 1]
        # Prices double so every trade after the first is a buy; the value stays exact.
        trades = [(0, OPEN, 2.0**k, v / 2.0**k, NAN, NAN) for k, v in enumerate(values)]
        feed(engine, trades)
        buy = engine.buy[0]
        tiers = [tier_of(t[2] * t[3], FIXED_THRESHOLDS[market]) for t in trades[1:]]
        assert tiers == [Tier.LARGE, Tier.LARGE, Tier.MEDIUM, Tier.MEDIUM, Tier.SMALL]
        for tier in Tier:
            want = sum(t[2] * t[3] for t, k in zip(trades[1:], tiers, strict=True) if k == tier)
            assert close(buy[tier], want)


def test_custom_thresholds_and_bad_ones():
    engine = one_symbol(Market.US, thresholds={Market.US: (30.0, 20.0, 10.0)})
    feed(engine, [(0, OPEN, 1.0, 5.0, NAN, NAN), (0, OPEN, 2.0, 15.0, NAN, NAN)])
    assert engine.buy[0].tolist() == [30.0, 0.0, 0.0, 0.0]
    for bad in [(1.0, 2.0, 3.0), (1.0, -1.0, -2.0), (NAN, 1.0, 0.0), (1.0, 2.0)]:
        with pytest.raises(FlowDeckError) as err:
            FlowEngine(thresholds={Market.US: bad})
        assert err.value.code == ErrorCode.INVALID_PARAM


def test_percentile_mode_uses_history_before_the_batch():
    engine = one_symbol(Market.US, mode="percentile", percentile_window=500,
                        percentile_min=20)
    # 19 values of history: the fixed US thresholds still apply to the next batch.
    feed(engine, [(0, OPEN, 1.0 + k % 2, 100.0, NAN, NAN) for k in range(19)])
    feed(engine, [(0, OPEN, 3.0, 100.0, 2.0, 2.5)])  # 300 USD buy: SMALL by fixed thresholds
    assert engine.buy[0].tolist()[Tier.SMALL] > 0 and engine.buy[0][Tier.SUPER] == 0
    # 20 values now: p90 of {100 x10, 200 x9, 300} is 200; 300 >= p90 -> SUPER, and a
    # whole batch is tiered by the history before it, even 40 trades of 300.
    before = engine.buy[0].copy()
    feed(engine, [(0, OPEN, 3.0, 100.0, 2.0, 2.5)] * 40)
    assert engine.buy[0][Tier.SUPER] - before[Tier.SUPER] == 40 * 300.0


def test_reset_starts_a_new_day():
    engine = FlowEngine()
    engine.add_symbols([Market.HK, Market.SH])
    feed(engine, [(0, OPEN, 10.0, 1e5, NAN, NAN), (0, OPEN + 5, 11.0, 1e5, NAN, NAN),
                  (1, OPEN, 10.0, 1e5, NAN, NAN), (1, OPEN + 5, 11.0, 1e5, NAN, NAN)])
    engine.reset(np.array([0]))
    assert engine.trades.tolist() == [0, 2]
    assert engine.last_time.tolist() == [-1, OPEN + 5]
    assert engine.buy[0].tolist() == [0.0] * 4 and engine.turnover[0] == 0.0
    assert_record_invariants(engine)
    assert engine.record(0, "HK.00700").update_time == ""
    # The day's first trade is neutral again, whatever the price before the reset.
    feed(engine, [(0, OPEN, 12.0, 1e5, NAN, NAN), (1, OPEN + 9, 12.0, 1e5, NAN, NAN)])
    assert directions(engine) == (0.0, 0.0)
    assert engine.buy[1].sum() == 2.3e6
    engine.reset()
    assert engine.trades.tolist() == [0, 0]


def test_records_and_details():
    engine = FlowEngine()
    engine.add_symbols([Market.HK])
    assert engine.record(0, "HK.00700").to_dict() == {
        "code": "HK.00700", "update_time": "", **{k: 0.0 for k in RECORD_KEYS[2:]}}
    t = to_local_seconds(dt.datetime(2024, 3, 20, 10, 15, 7))
    # Both trades are super in HK (>= 2,000,000 HKD); the first has no quote and is
    # the day's first trade (neutral), the second is at the ask (buy).
    feed(engine, [(0, t, 10.0, 3e5, NAN, NAN), (0, t, 11.0, 3e5, 10.5, 10.9)])
    rec = engine.record(0, "HK.00700")
    assert rec.update_time == "2024-03-20 10:15:07"
    assert rec.super_net_inflow == 3.3e6 and rec.super_net_inflow_ratio == 3.3e6 / 6.3e6
    detail = engine.detail(0, "HK.00700")
    assert detail.turnover == 6.3e6 and detail.trades == 2
    assert detail.inflow == (3.3e6, 0.0, 0.0, 0.0) and detail.outflow == (0.0,) * 4


def test_minute_points_with_the_clock_going_back():
    engine = one_symbol(Market.US)
    points = feed(engine, [(0, OPEN + 120, 10.0, 1.0, NAN, NAN),
                           (0, OPEN + 130, 11.0, 1.0, NAN, NAN),   # +11 at minute 2
                           (0, OPEN + 10, 12.0, 1.0, NAN, NAN),    # +12 at minute 0
                           (0, OPEN + 125, 11.0, 1.0, NAN, NAN)])  # -11 at minute 2
    assert points.minutes.tolist() == [0, 2]
    assert points.cum_net[:, Tier.SMALL].tolist() == [12.0, 12.0]
    assert engine.last_time[0] == OPEN + 125  # the last trade executed, not the latest


def test_bad_input_raises_and_changes_nothing():
    engine = one_symbol()
    feed(engine, [(0, OPEN, 10.0, 1.0, NAN, NAN)])
    cases = [
        [(1, OPEN, 10.0, 1.0, NAN, NAN)],          # unknown symbol
        [(-1, OPEN, 10.0, 1.0, NAN, NAN)],
        [(0, OPEN, NAN, 1.0, NAN, NAN)],           # price not a number
        [(0, OPEN, 11.0, -1.0, NAN, NAN)],         # negative value
        [(0, OPEN, math.inf, 1.0, NAN, NAN)],
    ]
    for trades in cases:
        with pytest.raises(FlowDeckError) as err:
            feed(engine, [(0, OPEN, 11.0, 1.0, NAN, NAN), *trades])
        assert err.value.code == ErrorCode.INVALID_PARAM
    with pytest.raises(FlowDeckError):
        engine.process(np.zeros(2, int), np.zeros(1, int), *np.zeros((4, 2)))
    with pytest.raises(FlowDeckError):
        engine.process(np.zeros(1), np.zeros(1, int), *np.zeros((4, 1)))  # float indices
    assert engine.trades.tolist() == [1] and engine.turnover.tolist() == [10.0]
    feed(engine, [(0, OPEN, 11.0, 1.0, NAN, NAN)])  # the tick state survived too
    assert directions(engine) == (11.0, 0.0)
    assert len(feed(engine, [])) == 0


def test_constructor_and_api_checks():
    for kwargs in ({"mode": "vwap"}, {"percentile_window": 10, "percentile_min": 11},
                   {"percentile_min": 0}):
        with pytest.raises(FlowDeckError) as err:
            FlowEngine(**kwargs)
        assert err.value.code == ErrorCode.INVALID_PARAM
    engine = FlowEngine()
    with pytest.raises(FlowDeckError):
        engine.record(0, "HK.00700")
    with pytest.raises(FlowDeckError):
        engine.add_symbols(["XX"])
    assert engine.add_symbols(["hk", Market.US]).tolist() == [0, 1]
    assert engine.market(1) is Market.US
    assert engine.market_index.tolist() == [0, 1]
    with pytest.raises(ValueError):
        engine.buy[0, 0] = 1.0  # the state is read-only outside


def test_growth_keeps_state():
    engine = FlowEngine("percentile", percentile_window=4, percentile_min=2)
    ref = ReferenceEngine("percentile", window=4, min_history=2)
    trades = []
    for round_ in range(6):
        new = engine.add_symbols([ALL_MARKETS[round_ % 4]] * (7 * round_ + 1))
        for _ in new:
            ref.add(ALL_MARKETS[round_ % 4])
        trades = [(int(i), OPEN + round_, 10.0 + (i + round_) % 3, 1e4 * (1 + i % 5), NAN, NAN)
                  for i in range(engine.n_symbols)][::-1]
        assert_same_points(feed(engine, trades), ref.process(trades))
    assert_same_state(engine, ref)


def test_many_symbols_use_wide_sort_keys():
    engine = FlowEngine()
    engine.add_symbols([Market.HK] * 70_000)
    ref = ReferenceEngine()
    for _ in range(70_000):
        ref.add(Market.HK)
    trades = [(s, OPEN + k, 10.0 + k % 3, 1e3, NAN, NAN)
              for k, s in enumerate([65_537, 1, 65_537, 1, 69_999, 1, 65_537])]
    assert_same_points(feed(engine, trades), ref.process(trades))
    for i in (1, 65_537, 69_999):
        assert close(engine.buy[i].sum(), sum(ref.symbols[i].buy))
        assert close(engine.sell[i].sum(), sum(ref.symbols[i].sell))


def test_minutes_outside_the_sessions_share_a_trading_minute():
    engine = one_symbol(Market.HK)
    at = [(9, 20), (9, 29), (9, 30), (11, 59), (12, 5), (12, 45), (13, 0), (16, 30)]
    trades = [(0, OPEN + (h * 60 + m - 570) * 60, 10.0 + k, 1.0, NAN, NAN)
              for k, (h, m) in enumerate(at)]
    points = feed(engine, trades)
    # Pre-open counts in the first minute, lunch in the morning's last, after the close
    # in the day's last: one point each, holding everything up to it.
    assert points.minutes.tolist() == [0, 149, 150, 329]
    assert points.cum_net[:, Tier.SMALL].tolist() == [
        11.0 + 12, 11.0 + 12 + 13 + 14 + 15, 11.0 + 12 + 13 + 14 + 15 + 16,
        11.0 + 12 + 13 + 14 + 15 + 16 + 17]


def test_a_batch_spanning_two_days_maps_each_to_its_minute():
    engine = one_symbol(Market.US)
    points = feed(engine, [(0, OPEN + 60, 10.0, 1.0, NAN, NAN),
                           (0, OPEN + 86_400 + 150 * 60, 11.0, 1.0, NAN, NAN)])  # 12:00
    assert points.minutes.tolist() == [1, 150]

"""The flow engine against the one-trade-at-a-time reference, on generated trades, and
its percentile thresholds against numpy's."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import Market
from flowdeck.core.engine import FlowEngine
from flowdeck.core.records import Tier
from flowdeck.core.tiers import recent_percentiles, tier_of

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

PRICES = [9.5, 10.0, 10.5, 11.0, 200.0]
QUANTITIES = [1.0, 100.0, 1000.0, 4000.0, 20000.0, 100000.0, 150000.0]


@st.composite
def quotes(draw, price: float) -> tuple[float, float]:
    kind = draw(st.sampled_from(["none", "bid only", "ask only", "valid", "locked",
                                 "crossed", "inf"]))
    step = draw(st.sampled_from([0.0, 0.5, 1.0]))
    bid = price - draw(st.sampled_from([-0.5, 0.0, 0.5]))
    if kind == "none":
        return NAN, NAN
    if kind == "bid only":
        return bid, NAN
    if kind == "ask only":
        return NAN, bid + 0.5
    if kind == "valid":
        return bid, bid + 0.5 + step
    if kind == "locked":
        return bid, bid
    if kind == "crossed":
        return bid + 0.5 + step, bid
    return -math.inf, math.inf


@st.composite
def scenario(draw):
    markets = draw(st.lists(st.sampled_from(ALL_MARKETS), min_size=1, max_size=4))
    n = draw(st.integers(0, 60))
    clock = draw(st.sampled_from(["monotone", "any"]))
    trades = []
    now = OPEN + draw(st.integers(-120, 7 * 3600))
    for _ in range(n):
        sym = draw(st.integers(0, len(markets) - 1))
        if clock == "monotone":
            now += draw(st.sampled_from([0, 1, 30, 60, 3600]))
            t = now
        else:
            t = OPEN + draw(st.integers(-600, 8 * 3600)) + 86400 * draw(st.integers(-1, 1))
        price = draw(st.sampled_from(PRICES))
        bid, ask = draw(quotes(price))
        trades.append((sym, t, price, draw(st.sampled_from(QUANTITIES)), bid, ask))
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=5))))
    batches = [trades[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    resets = draw(st.lists(st.integers(0, len(markets) - 1), max_size=2))
    return markets, batches, resets


def run_both(markets, batches, resets, lookup=FlowEngine.lookup_fraction,
             **engine_args) -> None:
    ref_args = {}
    if "percentile_window" in engine_args:
        ref_args = {"window": engine_args["percentile_window"],
                    "min_history": engine_args["percentile_min"]}
    engine = FlowEngine(**engine_args)
    engine.lookup_fraction = lookup  # both ways of taking the tick rule: see _tick_rule
    ref = ReferenceEngine(engine_args.get("mode", "fixed"), **ref_args)
    assert engine.add_symbols(markets).tolist() == list(range(len(markets)))
    for m in markets:
        ref.add(m)
    for number, batch in enumerate(batches):
        if number == len(batches) // 2 and resets:  # a new day for some, mid-stream
            engine.reset(np.array(resets))
            for i in resets:
                ref.reset(i)
        assert_same_points(feed(engine, batch), ref.process(batch))
        assert_same_state(engine, ref)
    assert_record_invariants(engine)


LOOKUPS = st.sampled_from([FlowEngine.lookup_fraction, 1.0, -1.0])


@given(scenario(), LOOKUPS)
def test_fixed_mode_matches_reference(case, lookup):
    run_both(*case, lookup=lookup)


@given(scenario(), st.sampled_from([(4, 1), (8, 3), (500, 20)]), LOOKUPS)
def test_percentile_mode_matches_reference(case, window, lookup):
    run_both(*case, lookup=lookup, mode="percentile", percentile_window=window[0],
             percentile_min=window[1])


@given(st.lists(st.one_of(st.sampled_from([1.0, 2.0, 3.5, 1e6, 0.0]),
                          st.floats(0.0, 1e7, allow_nan=False, allow_subnormal=False)),
                min_size=1, max_size=40),
       st.integers(1, 40))
def test_percentiles_match_numpy_bit_for_bit(values, window):
    # The history goes in as sells (at the bid), so the engine's buys are only the probes
    # that follow, in one batch: each threshold's value itself and the float just below
    # it, bought at the ask. A threshold one float off numpy's moves one probe a tier.
    engine = FlowEngine("percentile", percentile_window=window, percentile_min=1)
    (i,) = engine.add_symbols([Market.US])
    feed(engine, [(0, OPEN, v, 1.0, v, v + 1.0) for v in values])
    assert engine.buy[i].sum() == 0.0
    last = values[-window:]
    want = np.percentile(last, [90, 70, 45]).tolist()
    probes = sorted({p for t in want for p in (t, math.nextafter(t, -math.inf)) if p > 0})
    feed(engine, [(0, OPEN, p, 1.0, p / 2, p) for p in probes])
    for tier in Tier:
        assert close(engine.buy[i, tier],
                     sum(p for p in probes if tier_of(p, want) == tier)), (tier, want)
    # The same percentiles straight from a padded row, one per symbol.
    padded = np.array([[*last, *([7.0] * 5)], [*([1.0] * len(last)), *([3.0] * 5)]])
    both = recent_percentiles(padded, np.array([len(last), len(last) + 5]))
    assert both[0].tolist() == want
    assert both[1].tolist() == np.percentile([1.0] * len(last) + [3.0] * 5,
                                             [90, 70, 45]).tolist()

"""What the engine tests share: feeding trade tuples, closeness, and the checks of the
engine against the one-trade-at-a-time reference (tests/core/reference_engine.py)."""

from __future__ import annotations

import math

import numpy as np

from flowdeck.core.engine import FlowEngine, PointsOut
from flowdeck.core.records import RECORD_KEYS

from .reference_engine import ReferenceEngine

NAN = math.nan
OPEN = 1710927000  # 2024-03-20 09:30:00, exchange-local seconds


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def feed(engine: FlowEngine, trades: list[tuple]) -> PointsOut:
    cols = list(zip(*trades, strict=True)) if trades else [[]] * 6
    return engine.process(np.array(cols[0], np.int64), np.array(cols[1], np.int64),
                          *(np.array(c, np.float64) for c in cols[2:]))


def assert_same_state(engine: FlowEngine, ref: ReferenceEngine) -> None:
    assert engine.n_symbols == len(ref.symbols)
    for i, sym in enumerate(ref.symbols):
        for k in range(4):
            assert close(engine.buy[i, k], sym.buy[k]), (i, k, engine.buy[i], sym.buy)
            assert close(engine.sell[i, k], sym.sell[k]), (i, k, engine.sell[i], sym.sell)
        assert close(engine.turnover[i], sym.turnover)
        assert engine.trades[i] == sym.trades
        assert engine.last_time[i] == sym.last_time


def assert_same_points(points: PointsOut, expected: dict) -> None:
    got = list(zip(points.symbols.tolist(), points.minutes.tolist(), strict=True))
    assert got == list(expected), (got, list(expected))
    for row, key in zip(points.cum_net, expected, strict=True):
        assert all(close(a, b) for a, b in zip(row, expected[key], strict=True)), (key, row)
    assert points.symbols.dtype == np.int32 and points.minutes.dtype == np.int32
    assert points.cum_net.dtype == np.float64 and points.cum_net.shape == (len(expected), 4)


def assert_record_invariants(engine: FlowEngine) -> None:
    for i in range(engine.n_symbols):
        d = engine.record(i, "X").to_dict()
        for key in RECORD_KEYS[2:]:
            assert not math.isnan(d[key])
            if key.endswith("_ratio"):
                assert -1.0 <= d[key] <= 1.0
        assert d["main_net_inflow"] == d["super_net_inflow"] + d["large_net_inflow"]
        assert d["retail_net_inflow"] == d["medium_net_inflow"] + d["small_net_inflow"]
        if engine.trades[i] == 0:
            assert all(d[k] == 0.0 for k in RECORD_KEYS[2:])
            assert d["update_time"] == ""

"""Flow-engine benchmark: prints one JSON line.

    PYTHONPATH=gui python tests/bench/engine_bench.py [--trades N] [--symbols S]

`bare_kernel_trades_per_s` is the floor any numpy engine stands on, timed on the same
data in the same batches: value = price x quantity, a searchsorted for the tier (one
market's thresholds), and a bincount of value x a precomputed direction by symbol and
tier. `kernel_fraction` = engine / bare kernel (goal >= 0.3). `batch_ms` is the median
time of one 10,000-trade batch over all symbols on a warm engine (goal <= 2 ms);
`big_batch_ms` the same asking for the big trades (the large tier's bound per market,
as the tape's default), `big_per_batch` how many such a batch has.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.core.reference_engine import ReferenceEngine  # noqa: E402

from flowdeck.core.codes import Market  # noqa: E402
from flowdeck.core.engine import FlowEngine  # noqa: E402
from flowdeck.core.tiers import FIXED_THRESHOLDS  # noqa: E402

OPEN = 1710927000  # 2024-03-20 09:30:00 local
BATCH = 100_000
LIVE_BATCH = 10_000


def make_trades(n: int, symbols: int, seed: int = 7) -> dict:
    """A time-ordered stream interleaving all symbols, as a feed delivers it."""
    rng = np.random.default_rng(seed)
    markets = [list(Market)[i % 4] for i in range(symbols)]
    base = rng.uniform(5, 200, symbols).round(2)
    sym = rng.integers(0, symbols, n)
    tick = 0.01
    price = (base[sym] + tick * rng.integers(-3, 4, n)).round(2)
    qty = np.maximum(1, np.round(rng.lognormal(6.5, 1.6, n), -1))  # heavy-tailed sizes
    bid = (price - tick * rng.integers(-1, 3, n)).round(2)
    ask = (bid + tick * rng.integers(1, 3, n)).round(2)
    times = OPEN + np.sort(rng.integers(0, 2 * 3600, n))
    return {"markets": markets, "symbol": sym, "time": times, "price": price, "qty": qty,
            "bid": bid, "ask": ask}


def run_engine(data: dict, mode: str = "fixed", quotes: bool = True) -> float:
    engine = FlowEngine(mode)
    engine.add_symbols(data["markets"])
    n = len(data["symbol"])
    nan = np.full(BATCH, np.nan)
    start = time.perf_counter()
    for a in range(0, n, BATCH):
        b = min(a + BATCH, n)
        bid, ask = (data["bid"][a:b], data["ask"][a:b]) if quotes else (nan[: b - a],) * 2
        engine.process(data["symbol"][a:b], data["time"][a:b], data["price"][a:b],
                       data["qty"][a:b], bid, ask)
    return time.perf_counter() - start


def run_bare_kernel(data: dict) -> float:
    thresholds = np.array(FIXED_THRESHOLDS[Market.HK][::-1])  # ascending
    symbols = len(data["markets"])
    direction = np.sign(data["price"] - (data["bid"] + data["ask"]) / 2).astype(np.int8)
    n = len(data["symbol"])
    start = time.perf_counter()
    total = np.zeros(4 * symbols)
    for a in range(0, n, BATCH):
        sl = slice(a, min(a + BATCH, n))
        value = data["price"][sl] * data["qty"][sl]
        tier = 3 - np.searchsorted(thresholds, value, side="right")
        total += np.bincount(data["symbol"][sl] * 4 + tier, weights=value * direction[sl],
                             minlength=4 * symbols)
    return time.perf_counter() - start


def run_reference(data: dict, n: int) -> float:
    ref = ReferenceEngine()
    for m in data["markets"]:
        ref.add(m)
    rows = list(zip(*(data[k][:n].tolist() for k in ("symbol", "time", "price", "qty", "bid",
                                                    "ask")), strict=True))
    start = time.perf_counter()
    for a in range(0, n, 1_000):
        ref.process(rows[a:a + 1_000])
    return time.perf_counter() - start


def live_batch_ms(data: dict, repeats: int = 60, big: bool = False) -> float:
    engine = FlowEngine()
    engine.add_symbols(data["markets"])
    big_min = (np.array([FIXED_THRESHOLDS[m].large for m in data["markets"]])
               if big else None)
    n = len(data["symbol"])
    times = []
    for k in range(repeats):
        a = (k * LIVE_BATCH) % (n - LIVE_BATCH)
        sl = slice(a, a + LIVE_BATCH)
        args = (data["symbol"][sl], data["time"][sl], data["price"][sl], data["qty"][sl],
                data["bid"][sl], data["ask"][sl])
        start = time.perf_counter()
        engine.process(*args, big_min=big_min)
        if k >= 10:  # warm: arrays sized, caches hot
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def big_per_batch(data: dict) -> int:
    engine = FlowEngine()
    engine.add_symbols(data["markets"])
    big_min = np.array([FIXED_THRESHOLDS[m].large for m in data["markets"]])
    sl = slice(0, LIVE_BATCH)
    return len(engine.process(data["symbol"][sl], data["time"][sl], data["price"][sl],
                              data["qty"][sl], data["bid"][sl], data["ask"][sl],
                              big_min=big_min).big)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trades", type=int, default=2_000_000)
    parser.add_argument("--symbols", type=int, default=2_000)
    args = parser.parse_args()
    data = make_trades(args.trades, args.symbols)
    n = args.trades

    def median3(fn, *a, **kw) -> float:
        return statistics.median(fn(*a, **kw) for _ in range(3))

    bare = n / median3(run_bare_kernel, data)
    engine = n / median3(run_engine, data)
    ref_n = min(n, 20_000)
    out = {
        "trades": n,
        "symbols": args.symbols,
        "bare_kernel_trades_per_s": round(bare),
        "engine_trades_per_s": round(engine),
        "kernel_fraction": round(engine / bare, 3),
        "tick_rule_trades_per_s": round(n / median3(run_engine, data, quotes=False)),
        "percentile_trades_per_s": round(n / median3(run_engine, data, mode="percentile")),
        "reference_trades_per_s": round(ref_n / run_reference(data, ref_n)),
        "batch_ms": round(live_batch_ms(data), 3),
        "big_batch_ms": round(live_batch_ms(data, big=True), 3),
        "big_per_batch": big_per_batch(data),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()

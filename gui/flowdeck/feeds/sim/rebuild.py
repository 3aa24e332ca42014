"""A day of minute points rebuilt by running codes' tapes again through a scratch
FlowEngine, with the call boundaries the live SimMarket used, so bit for bit the same.

The engine sums each symbol's trades of a call before adding them to its totals, per
symbol: how a call's other symbols' trades are grouped changes nothing, so any set of
codes of one market can be replayed together. Each code's calls were: one for its day
so far when it was added (none when its day started with it: a new trading day), then
one per `step` cell up to the market's committed time.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import numpy as np

from ...core.engine import FlowEngine
from .stocks import SimStock
from .tape import DayTape
from .trades import Trades

# Codes replayed together: fewer engine calls per code (one per cell for them all), but
# a whole day of their trades held at once (~100 KB a code).
REPLAY_GROUP = 64


def rebuild_days(stocks: list[SimStock], day: dt.date, seed: int, added: np.ndarray,
                 until: int, step: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per stock (all of one market, on `day`), its minutes with a point and their (k, 5)
    float64 cumulative net and last price, as SimMarket stored them up to local second `until`.
    `added`: per stock, the local second its day so far went in one call (-inf: none)."""
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for lo in range(0, len(stocks), REPLAY_GROUP):
        out += _replay(stocks[lo:lo + REPLAY_GROUP], day, seed, added[lo:lo + REPLAY_GROUP],
                       until, step)
    return out


def _replay(stocks: list[SimStock], day: dt.date, seed: int, added: np.ndarray,
            until: int, step: int) -> list[tuple[np.ndarray, np.ndarray]]:
    engine = FlowEngine(mode="fixed")
    engine.add_symbols([s.market for s in stocks])
    tapes = [DayTape(s, day, seed) for s in stocks]
    calls = [_stamped([t.take_until(a) if a > -np.inf else Trades.empty() for t, a in
                       zip(tapes, added.tolist(), strict=True)])]
    symbols, trades = _stamped([t.take_until(until) for t in tapes])
    if len(trades):
        # Cell by cell; inside a cell by symbol, then time (a stable sort), as live.
        cells = trades.times // step
        order = np.argsort(cells, kind="stable")
        symbols, cells = symbols[order], cells[order]
        trades = Trades(trades.times[order], trades.price[order], trades.quantity[order],
                        trades.bid[order], trades.ask[order])
        bounds = (np.flatnonzero(np.diff(cells)) + 1).tolist()
        calls += [(symbols[lo:hi], trades.slice(lo, hi))
                  for lo, hi in zip([0, *bounds], [*bounds, len(cells)], strict=True)]
    parts = [engine.process(s, t.times, t.price, t.quantity, t.bid, t.ask)
             for s, t in calls if len(s)]
    if not parts:
        return [(np.zeros(0, np.intp), np.zeros((0, 5))) for _ in stocks]
    sym = np.concatenate([p.symbols for p in parts]).astype(np.intp)
    minute = np.concatenate([p.minutes for p in parts]).astype(np.intp)
    cum = np.concatenate([p.with_prices() for p in parts])
    # A later call's point of a minute replaces an earlier one: keep the last of each.
    order = np.argsort(sym * 2048 + minute, kind="stable")
    sym, minute, cum = sym[order], minute[order], cum[order]
    last = np.ones(len(sym), bool)
    last[:-1] = (sym[1:] != sym[:-1]) | (minute[1:] != minute[:-1])
    sym, minute, cum = sym[last], minute[last], cum[last]
    bounds = np.searchsorted(sym, np.arange(len(stocks) + 1))
    return [(minute[a:b], cum[a:b]) for a, b in pairwise(bounds.tolist())]


def _stamped(parts: list[Trades]) -> tuple[np.ndarray, Trades]:
    """The trades of all tapes in one call, and the symbol of each."""
    symbols = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
    return symbols, Trades.concat(parts)

"""An obviously-correct flow engine: one trade at a time, plain floats and dicts.

Written from DESIGN.md's rules (not from flowdeck.core.engine) so the property tests and
the benchmark can hold the vectorised engine against it. Slow on purpose.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from flowdeck.core.codes import Market
from flowdeck.core.markets import trading_minute
from flowdeck.core.tiers import FIXED_THRESHOLDS

SUPER, LARGE, MEDIUM, SMALL = 0, 1, 2, 3


@dataclass
class RefSymbol:
    market: Market
    buy: list[float] = field(default_factory=lambda: [0.0] * 4)
    sell: list[float] = field(default_factory=lambda: [0.0] * 4)
    turnover: float = 0.0
    trades: int = 0
    last_time: int = -1
    last_price: float | None = None  # None: no trade yet today
    last_change: int = 0             # sign of the last non-zero price change
    history: deque = field(default_factory=deque)


def tier_of(value: float, super_: float, large: float, medium: float) -> int:
    if value >= super_:
        return SUPER
    if value >= large:
        return LARGE
    if value >= medium:
        return MEDIUM
    return SMALL


class ReferenceEngine:
    def __init__(self, mode: str = "fixed", thresholds: dict | None = None,
                 window: int = 500, min_history: int = 20) -> None:
        self.mode = mode
        self.thresholds = dict(FIXED_THRESHOLDS)
        self.thresholds.update(thresholds or {})
        self.window = window
        self.min_history = min_history
        self.symbols: list[RefSymbol] = []

    def add(self, market: Market) -> int:
        self.symbols.append(RefSymbol(market, history=deque(maxlen=self.window)))
        return len(self.symbols) - 1

    def reset(self, i: int) -> None:
        self.symbols[i] = RefSymbol(self.symbols[i].market, history=deque(maxlen=self.window))

    def _batch_thresholds(self, sym: RefSymbol) -> tuple[float, float, float]:
        if self.mode == "percentile" and len(sym.history) >= self.min_history:
            p90, p70, p45 = np.percentile(list(sym.history), [90, 70, 45])
            return float(p90), float(p70), float(p45)
        return tuple(self.thresholds[sym.market])

    def direction(self, sym: RefSymbol, price: float, bid: float, ask: float) -> int:
        """Classify one trade and move the symbol's tick state past it."""
        if sym.last_price is None:
            tick = 0
        elif price > sym.last_price:
            tick = sym.last_change = 1
        elif price < sym.last_price:
            tick = sym.last_change = -1
        else:
            tick = sym.last_change
        sym.last_price = price
        if math.isfinite(bid) and math.isfinite(ask) and bid < ask:
            if price >= ask:
                return 1
            if price <= bid:
                return -1
            return 0
        return tick

    def process(self, trades: list[tuple[int, int, float, float, float, float]]
                ) -> dict[tuple[int, int], list[float]]:
        """trades: (symbol, local_seconds, price, quantity, bid, ask) in execution order.
        Returns {(symbol, trading minute): cumulative net per tier at that minute's end}."""
        thresholds = {}
        before = {}
        counted = []  # (symbol, minute, tier, signed value)
        for i, t, price, qty, bid, ask in trades:
            sym = self.symbols[i]
            if i not in thresholds:
                thresholds[i] = self._batch_thresholds(sym)
                before[i] = [sym.buy[k] - sym.sell[k] for k in range(4)]
            value = price * qty
            tier = tier_of(value, *thresholds[i])
            d = self.direction(sym, price, bid, ask)
            if d > 0:
                sym.buy[tier] += value
            elif d < 0:
                sym.sell[tier] += value
            sym.turnover += value
            sym.trades += 1
            sym.last_time = t
            minute = int(trading_minute(sym.market, t))
            counted.append((i, minute, tier, d * value))
        for i, _, price, qty, _, _ in trades:
            self.symbols[i].history.append(price * qty)
        by_symbol: dict[int, list[tuple[int, int, float]]] = {}
        for i, minute, tier, signed in counted:
            by_symbol.setdefault(i, []).append((minute, tier, signed))
        points = {}
        for i, rows in by_symbol.items():
            for minute in {m for m, _, _ in rows}:
                net = list(before[i])
                for m, tier, signed in rows:  # in execution order
                    if m <= minute:
                        net[tier] += signed
                points[(i, minute)] = net
        return dict(sorted(points.items()))

"""Big trades by hand for the tape's UI tests: one code's prints with given sequences,
a second apart from 10:00:00 (2025-03-14, exchange time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flowdeck.core.big_trades import BUY, BigTrades
from flowdeck.core.markets import to_local_seconds

TEN_AM = float(to_local_seconds(dt.datetime(2025, 3, 14, 10, 0, 0)))


def prints(code: str, seqs: Sequence[int], *, side: int | Sequence[int] = BUY,
           price: float = 50.0, quantity: float | Sequence[float] = 20_000.0,
           tier: int = 1, start: float = TEN_AM) -> BigTrades:
    """`code`'s trades numbered `seqs`, the n-th at `start` + seq seconds."""
    n = len(seqs)
    sides = [side] * n if isinstance(side, int) else list(side)
    quantities = [quantity] * n if isinstance(quantity, float | int) else list(quantity)
    return BigTrades.of([code] * n, [start + s for s in seqs], [price] * n, quantities,
                        sides, [tier] * n, list(seqs))

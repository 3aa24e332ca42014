"""Big trades by hand for the tape's tests: a code's prints with given sequences."""

from __future__ import annotations

from flowdeck.core.big_trades import BUY, BigTrades

# 2025-03-14 10:00:00 as the engine's exchange-local seconds.
TEN_AM = 1_741_946_400.0


def prints(code: str, seqs, *, price: float = 50.0, quantity: float = 20_000.0,
           side: int = BUY, tier: int = 1, start: float = TEN_AM) -> BigTrades:
    """`code`'s trades numbered `seqs`, one second apart from `start` + seq, each worth
    price x quantity (1M by default)."""
    seqs = list(seqs)
    n = len(seqs)
    return BigTrades.of([code] * n, [start + s for s in seqs], [price] * n,
                        [quantity] * n, [side] * n, [tier] * n, seqs)

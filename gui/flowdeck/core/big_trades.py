"""Big trades: the single prints a source classified that reach a threshold, in columns.

A batch carries the big trades since the last one (Batch.trades); the tape keeps the
day's last ones per code (trade_tape.py). Columns, not one object per trade, because a
busy market prints thousands a second and the window, the gateway and the alerts read
them as arrays.

- `times`: exchange-local seconds (the engine's `local_seconds` clock; a fraction keeps
  Futu's milliseconds), so a trade's time reads as the market's own.
- `side`: the engine's direction (1 buy, -1 sell, 0 neutral), or Futu's own flag.
- `tier`: always FlowDeck's tier by value (core.records.Tier; Futu's ticks carry none).
- `seq`: per code and day, increasing: a trade seen again after a reconnect has a
  sequence already kept and is dropped (the tape's dedupe).
- `kinds`: the source's own trade type where it gives one (Futu's ticker `type`), else
  None.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .markets import format_local_seconds

BUY, SELL, NEUTRAL = 1, -1, 0
SIDE_NAMES = {BUY: "buy", SELL: "sell", NEUTRAL: "neutral"}
_FLOATS = ("times", "price", "quantity", "value")


class BigTrade(NamedTuple):
    """One row of BigTrades (for printing, alerts and tests; the columns stay arrays)."""
    code: str
    time: float
    price: float
    quantity: float
    value: float
    side: int
    tier: int
    seq: int
    kind: str | None

    @property
    def time_text(self) -> str:
        """`YYYY-MM-DD HH:MM:SS` in the market's time (the spec's update_time form)."""
        return format_local_seconds(int(self.time))

    def wire(self) -> dict:
        """The JSON object of a trade (the gateway's /v1/trades, its stream, the CLI)."""
        return {"code": self.code, "time": self.time_text, "price": self.price,
                "quantity": self.quantity, "value": self.value,
                "side": SIDE_NAMES[self.side], "tier": self.tier, "seq": self.seq,
                "type": self.kind}


@dataclass(slots=True, eq=False)
class BigTrades:
    codes: list[str]
    times: np.ndarray     # float64 exchange-local seconds
    price: np.ndarray     # float64
    quantity: np.ndarray  # float64
    value: np.ndarray     # float64, price x quantity in the market's currency
    side: np.ndarray      # int8
    tier: np.ndarray      # int8
    seq: np.ndarray       # int64
    kinds: list[str] | None = None

    @classmethod
    def empty(cls) -> BigTrades:
        return cls([], *(np.zeros(0, np.float64) for _ in _FLOATS),
                   np.zeros(0, np.int8), np.zeros(0, np.int8), np.zeros(0, np.int64))

    @classmethod
    def of(cls, codes: Sequence[str], times, price, quantity, side, tier, seq,
           kinds: Sequence[str] | None = None) -> BigTrades:
        """Columns from sequences; `value` is price x quantity."""
        price = np.asarray(price, np.float64)
        quantity = np.asarray(quantity, np.float64)
        return cls(list(codes), np.asarray(times, np.float64), price, quantity,
                   price * quantity, np.asarray(side, np.int8), np.asarray(tier, np.int8),
                   np.asarray(seq, np.int64), None if kinds is None else list(kinds))

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, index: np.ndarray) -> BigTrades:
        """The rows `index` (integer positions or a boolean mask), in that order."""
        index = np.asarray(index)
        if index.dtype == bool:
            index = np.flatnonzero(index)
        pick = index.tolist()
        codes = self.codes
        return BigTrades([codes[i] for i in pick], self.times[index], self.price[index],
                         self.quantity[index], self.value[index], self.side[index],
                         self.tier[index], self.seq[index],
                         None if self.kinds is None else [self.kinds[i] for i in pick])

    def rows(self) -> Iterator[BigTrade]:
        kinds = self.kinds if self.kinds is not None else [None] * len(self.codes)
        return map(BigTrade._make, zip(
            self.codes, self.times.tolist(), self.price.tolist(), self.quantity.tolist(),
            self.value.tolist(), self.side.tolist(), self.tier.tolist(), self.seq.tolist(),
            kinds, strict=True))


def concat_trades(parts: Sequence[BigTrades]) -> BigTrades:
    """Several batches' trades as one, in order (a coalescer keeps every trade)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return BigTrades.empty()
    if len(parts) == 1:
        return parts[0]
    kinds = None
    if any(p.kinds is not None for p in parts):
        kinds = [k for p in parts for k in (p.kinds or [None] * len(p))]
    return BigTrades([c for p in parts for c in p.codes],
                     *(np.concatenate([getattr(p, f) for p in parts])
                       for f in (*_FLOATS, "side", "tier", "seq")),
                     kinds)

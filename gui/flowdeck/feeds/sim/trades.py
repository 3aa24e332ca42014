"""Trades as the simulator hands them to the flow engine (Trades: numpy columns in
execution order), and as a tape holds them until revealed (PackedTrades: integers, half
the bytes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class Trades:
    """Trades in execution order; `bid`/`ask` NaN where no quote was seen."""
    times: np.ndarray     # int64 exchange-local seconds
    price: np.ndarray     # float64
    quantity: np.ndarray  # float64 shares
    bid: np.ndarray       # float64
    ask: np.ndarray       # float64

    def __len__(self) -> int:
        return len(self.times)

    @classmethod
    def empty(cls) -> Trades:
        f = np.zeros(0, np.float64)
        return cls(np.zeros(0, np.int64), f, f.copy(), f.copy(), f.copy())

    @classmethod
    def concat(cls, parts: list[Trades]) -> Trades:
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(*(np.concatenate([getattr(p, name) for p in parts])
                     for name in ("times", "price", "quantity", "bid", "ask")))

    def slice(self, start: int, stop: int) -> Trades:
        return Trades(self.times[start:stop], self.price[start:stop],
                      self.quantity[start:stop], self.bid[start:stop], self.ask[start:stop])

    def take(self, order: np.ndarray) -> Trades:
        """The trades at the positions `order`."""
        return Trades(self.times[order], self.price[order], self.quantity[order],
                      self.bid[order], self.ask[order])

    @property
    def value(self) -> np.ndarray:
        return self.price * self.quantity


@dataclass(slots=True)
class PackedTrades:
    """Trades held until revealed, in integers: seconds since the day's start, prices in
    ticks (bid/ask -1: no quote), quantities in shares, as the five rows of one array
    (one allocation, not five). 20 bytes a trade instead of 40; `trades()` gives back
    exactly the floats they stand for."""
    day_start: int
    tick: float
    decimals: int
    data: np.ndarray  # (5, n) int32 (int64 if the ticks must): times, price, qty, bid, ask

    @classmethod
    def pack(cls, day_start: int, tick: float, decimals: int, seconds: np.ndarray,
             price_t: np.ndarray, quantity: np.ndarray, bid_t: np.ndarray,
             ask_t: np.ndarray) -> PackedTrades:
        top = max(int(price_t.max(initial=0)), int(ask_t.max(initial=0)))
        data = np.empty((5, len(seconds)), np.int32 if top < 2**31 else np.int64)
        for row, values in enumerate((seconds, price_t, quantity, bid_t, ask_t)):
            data[row] = values
        return cls(day_start, tick, decimals, data)

    def __len__(self) -> int:
        return self.data.shape[1]

    @property
    def times(self) -> np.ndarray:
        """Seconds since day_start."""
        return self.data[0]

    def local_time(self, i: int) -> int:
        return self.day_start + int(self.data[0, i])

    def search(self, local_seconds: float) -> int:
        """Index of the first trade at or after `local_seconds`."""
        return int(np.searchsorted(self.data[0], local_seconds - self.day_start,
                                   side="left"))

    def window(self, start: int, stop: int) -> PackedTrades:
        """Trades start..stop, copied (so the rest can be freed)."""
        return PackedTrades(self.day_start, self.tick, self.decimals,
                            self.data[:, start:stop].copy())

    def trades(self, start: int, stop: int) -> Trades:
        ticks = self.data[[1, 3, 4], start:stop]  # price, bid, ask: one rounding pass
        prices = np.round(ticks * self.tick, self.decimals)
        prices[ticks < 0] = np.nan
        return Trades(self.data[0, start:stop].astype(np.int64) + self.day_start, prices[0],
                      self.data[2, start:stop].astype(np.float64), prices[1], prices[2])

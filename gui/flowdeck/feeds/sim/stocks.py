"""Synthetic stocks for the simulator: a plausible price, tick, board lot and activity for
any valid code, deterministic for (seed, code).

A few well-known codes carry hand-set, roughly realistic figures (they make up the
default watchlist); every other code gets hash-derived ones, most of them smaller.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np

from ...core.codes import Market, parse_code

# Tags that keep the random streams of the simulator apart for the same (seed, code).
STREAM_STOCK = 1
STREAM_DAY = 2
STREAM_CHUNK = 3
STREAM_PAST = 4


@dataclass(frozen=True, slots=True)
class SimStock:
    """What the tape generator needs to know about one stock."""
    code: str
    market: Market
    name: str
    price: float            # reference price in the quote currency
    tick: float             # price step at the reference price
    lot: int                # board lot in shares (US: 1; sizes are still mostly 100s)
    trades_per_day: float   # expected trade count on an average day
    daily_vol: float        # standard deviation of the day's log return
    size_alpha: float       # Pareto tail index of trade sizes in lots (lower: heavier tail)
    size_scale: float       # typical trade size in size units (lots; US: 100 shares)

    @property
    def size_unit(self) -> int:
        """Shares in one step of the size distribution: a lot, or 100 shares in the US."""
        return 100 if self.market is Market.US else self.lot

    @property
    def price_decimals(self) -> int:
        """Decimals that represent every multiple of `tick` exactly enough to print."""
        return max(0, -math.floor(math.log10(self.tick) + 1e-9))


# code: (name, price, lot, trades per day, daily vol, size tail index)
_KNOWN: dict[str, tuple[str, float, int, float, float, float]] = {
    "HK.00700": ("Tencent", 480.0, 100, 55_000, 0.022, 1.45),
    "HK.09988": ("Alibaba", 120.0, 100, 45_000, 0.030, 1.50),
    "HK.00005": ("HSBC Holdings", 95.0, 400, 18_000, 0.013, 1.60),
    "HK.03690": ("Meituan", 140.0, 100, 40_000, 0.032, 1.50),
    "HK.01810": ("Xiaomi", 45.0, 200, 60_000, 0.035, 1.50),
    "HK.01299": ("AIA Group", 60.0, 200, 20_000, 0.018, 1.60),
    "US.AAPL": ("Apple", 225.0, 1, 160_000, 0.015, 1.70),
    "US.MSFT": ("Microsoft", 420.0, 1, 120_000, 0.014, 1.75),
    "US.NVDA": ("NVIDIA", 135.0, 1, 300_000, 0.030, 1.60),
    "US.TSLA": ("Tesla", 250.0, 1, 250_000, 0.035, 1.60),
    "US.AMZN": ("Amazon", 200.0, 1, 130_000, 0.018, 1.70),
    "US.GOOGL": ("Alphabet A", 170.0, 1, 110_000, 0.017, 1.70),
    "US.BRK.B": ("Berkshire Hathaway B", 460.0, 1, 35_000, 0.009, 1.80),
    "SH.600519": ("Kweichow Moutai", 1500.0, 100, 25_000, 0.015, 2.20),
    "SH.601318": ("Ping An Insurance", 50.0, 100, 40_000, 0.017, 1.55),
    "SH.600036": ("China Merchants Bank", 38.0, 100, 35_000, 0.014, 1.55),
    "SZ.000001": ("Ping An Bank", 11.5, 100, 40_000, 0.013, 1.45),
    "SZ.000858": ("Wuliangye", 140.0, 100, 30_000, 0.020, 1.70),
    "SZ.300750": ("CATL", 250.0, 100, 45_000, 0.025, 1.60),
    "SZ.002594": ("BYD", 280.0, 100, 35_000, 0.022, 1.60),
}

#: The watchlist the GUI starts with: the hand-set codes above.
DEFAULT_WATCHLIST: tuple[str, ...] = tuple(_KNOWN)

# A typical trade's value in local currency; sizes scale so that cheap stocks trade
# more lots at a time, as they do.
_TYPICAL_TRADE_VALUE = {Market.HK: 30e3, Market.US: 8e3, Market.SH: 15e3, Market.SZ: 15e3}

# HKEX spread table (part A): (price below which, tick).
_HK_TICKS = ((0.25, 0.001), (0.5, 0.005), (10.0, 0.01), (20.0, 0.02), (100.0, 0.05),
             (200.0, 0.1), (500.0, 0.2), (1000.0, 0.5), (2000.0, 1.0), (5000.0, 2.0),
             (math.inf, 5.0))
_HK_LOTS = (100, 200, 250, 400, 500, 1000, 2000)

# Hash-derived stocks, per market: (median price, price log-sd, price range,
# median trades per day, trades log-sd, trades range).
_UNKNOWN_SHAPE = {
    Market.HK: (8.0, 1.3, (0.1, 800.0), 1_200.0, 1.0, (40.0, 40_000.0)),
    Market.US: (40.0, 1.0, (1.0, 900.0), 4_000.0, 1.1, (100.0, 100_000.0)),
    Market.SH: (15.0, 0.8, (2.0, 500.0), 5_000.0, 0.8, (200.0, 60_000.0)),
    Market.SZ: (15.0, 0.8, (2.0, 500.0), 5_000.0, 0.8, (200.0, 60_000.0)),
}


def tick_size(market: Market, price: float) -> float:
    """The exchange's price step at `price`."""
    if market is Market.HK:
        for below, tick in _HK_TICKS:
            if price < below:
                return tick
    if market is Market.US and price < 1.0:
        return 0.0001
    return 0.01


def code_hash(code: str) -> int:
    """A 64-bit hash of the code that is the same in every process (unlike hash())."""
    return int.from_bytes(hashlib.blake2b(code.encode(), digest_size=8).digest(), "little")


def stream(seed: int, code: str, *parts: int) -> np.random.Generator:
    """A random stream for (seed, code, parts...), independent of everything else."""
    entropy = [seed & 0xFFFF_FFFF_FFFF_FFFF, code_hash(code), *parts]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def sim_stock(code: str, seed: int = 0) -> SimStock:
    """The synthetic stock for a valid code (INVALID_CODE otherwise)."""
    parsed = parse_code(code)
    text = str(parsed)
    known = _KNOWN.get(text)
    if known is not None:
        name, price, lot, trades, vol, alpha = known
        return SimStock(text, parsed.market, name, price, tick_size(parsed.market, price),
                        lot, float(trades), vol, alpha,
                        _size_scale(parsed.market, price, lot))
    return _derived_stock(text, parsed.market, seed)


def _derived_stock(code: str, market: Market, seed: int) -> SimStock:
    rng = stream(seed, code, STREAM_STOCK)
    mid_price, price_sd, (lo_p, hi_p), mid_trades, trades_sd, (lo_t, hi_t) = \
        _UNKNOWN_SHAPE[market]
    price = float(np.clip(mid_price * math.exp(price_sd * rng.standard_normal()), lo_p, hi_p))
    tick = tick_size(market, price)
    price = round(max(round(price / tick), 1) * tick, 6)
    trades = float(np.clip(mid_trades * math.exp(trades_sd * rng.standard_normal()),
                           lo_t, hi_t))
    vol = float(np.clip(0.022 * math.exp(0.35 * rng.standard_normal()), 0.006, 0.08))
    alpha = float(rng.uniform(1.45, 1.9))
    if market is Market.HK:
        # HK lots vary by stock; a lot is usually worth a few thousand HKD.
        lot_value = 8_000.0 * math.exp(0.8 * rng.standard_normal())
        lot = min(_HK_LOTS, key=lambda size: abs(math.log(size * price / lot_value)))
    elif market is Market.US:
        lot = 1
    else:
        lot = 100
    # Quieter stocks trade in smaller tickets.
    ticket = math.exp(0.5 * rng.standard_normal()) * (trades / mid_trades) ** 0.25
    return SimStock(code, market, "", price, tick, lot, trades, vol, alpha,
                    _size_scale(market, price, lot) * ticket)


def _size_scale(market: Market, price: float, lot: int) -> float:
    unit = 100 if market is Market.US else lot
    return _TYPICAL_TRADE_VALUE[market] / (price * unit)

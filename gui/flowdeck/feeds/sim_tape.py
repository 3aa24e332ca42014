"""The simulator's trade tape: one stock's trades for one trading day, in exchange-local
seconds, with the bid/ask prevailing at each trade. Pure numpy.

The day is a fixed tape revealed by a clock: it is generated in chunks of
CHUNK_MINUTES trading minutes, each from a random stream seeded by (seed, code, date,
chunk), with the price and the "pressure" carried from one chunk to the next. So the
trades up to any time are the same however the reveal is split, and only the chunk
being revealed is held in memory, packed in integers (PackedTrades), and only its part
still to come once half of it is out.

The model, per stock and day:
- activity: a U-shaped intraday profile (busy open and close, a smaller bump after
  lunch) times a gamma burst factor per minute, times a day's activity level;
- size: a log-normal body times a Pareto tail, in board lots (US: mostly round
  hundreds, some odd lots), capped so that one print of a quiet stock cannot dwarf its
  day;
- direction: a per-stock Ornstein-Uhlenbeck pressure with occasional regime shifts;
  big orders lean with it, small ones slightly against it, so the main net inflow
  wanders around zero, mostly within +-10 % of turnover;
- quote: a random-walk mid (drifting with the pressure) rounded to the tick grid, mostly
  one tick wide, sometimes wider with trades strictly inside (neutral), and ~3 % of
  trades with the quote missing or locked so the engine's tick rule is exercised.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

import numpy as np

from ..core.codes import Market
from ..core.markets import MARKETS, to_local_seconds
from .sim_stocks import STREAM_CHUNK, STREAM_DAY, SimStock, stream

CHUNK_MINUTES = 30

QUOTE_GAP_SHARE = 0.03          # trades without a usable quote: half missing, half locked
WIDE_SPREAD_SHARE = 0.12        # trades seen while the spread is wider than usual
INSIDE_SHARE_WHEN_WIDE = 0.4    # of those, the ones printed strictly inside (neutral)
BASE_SPREAD_FRACTION = 5e-5     # usual spread as a fraction of price (at least one tick)
MAX_UNITS = 5_000               # lots per trade at most (US: hundreds of shares)
SIZE_BODY_SD = 0.8
US_ODD_LOT_SHARE = 0.2

# Pressure: an OU process per trading minute around the day's bias.
PRESSURE_REVERSION = 1.0 / 90.0
PRESSURE_SD = 0.06
DAY_BIAS_SD = 0.03
REGIME_SHIFT_PER_MINUTE = 1.0 / 150.0
REGIME_SD = 0.12
PRESSURE_LIMIT = 0.45
RETAIL_LEAN = -0.3              # small orders lean this much against the pressure
PRICE_FLOW_COUPLING = 0.5       # how much sustained pressure moves the price (in day vols)
SWEEP_SHARE = 0.25              # big orders that walk the book a tick or two

# Trade value (local currency) below which an order leans like retail, and above which
# it leans fully with the pressure; log-interpolated between.
_LEAN_VALUES = {
    Market.HK: (20e3, 500e3),
    Market.US: (5e3, 100e3),
    Market.SH: (20e3, 300e3),
    Market.SZ: (20e3, 300e3),
}


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

    @property
    def value(self) -> np.ndarray:
        return self.price * self.quantity


@dataclass(slots=True)
class PackedTrades:
    """A chunk of trades held until revealed, in integers: seconds since the day's
    start, prices in ticks (bid/ask -1: no quote), quantities in shares. 20 bytes a
    trade instead of 40; `trades()` gives back exactly the floats they stand for."""
    day_start: int
    tick: float
    decimals: int
    times: np.ndarray     # int32 seconds since day_start
    price_t: np.ndarray   # int32 (int64 if it must) ticks
    quantity: np.ndarray  # int32 shares
    bid_t: np.ndarray     # ticks, -1 without a quote
    ask_t: np.ndarray

    def __len__(self) -> int:
        return len(self.times)

    def local_time(self, i: int) -> int:
        return self.day_start + int(self.times[i])

    def search(self, local_seconds: float) -> int:
        """Index of the first trade at or after `local_seconds`."""
        return int(np.searchsorted(self.times, local_seconds - self.day_start, side="left"))

    def tail(self, start: int) -> PackedTrades:
        """The trades from `start` on, copied (the revealed ones are freed)."""
        return PackedTrades(self.day_start, self.tick, self.decimals,
                            *(getattr(self, f)[start:].copy()
                              for f in ("times", "price_t", "quantity", "bid_t", "ask_t")))

    def trades(self, start: int, stop: int) -> Trades:
        def prices(ticks: np.ndarray) -> np.ndarray:
            out = np.round(ticks * self.tick, self.decimals)
            out[ticks < 0] = np.nan
            return out
        return Trades(self.times[start:stop].astype(np.int64) + self.day_start,
                      prices(self.price_t[start:stop]),
                      self.quantity[start:stop].astype(np.float64),
                      prices(self.bid_t[start:stop]), prices(self.ask_t[start:stop]))


@functools.cache
def minute_clock(market: Market) -> np.ndarray:
    """Minute of the local day at which each trading minute starts."""
    out = np.concatenate([np.arange(o, c) for o, c in MARKETS[market].sessions])
    out.setflags(write=False)
    return out


@functools.cache
def intensity_profile(market: Market) -> np.ndarray:
    """Relative expected activity per trading minute (mean 1): U-shaped, with a smaller
    burst after a lunch break."""
    sessions = MARKETS[market].sessions
    minute = minute_clock(market).astype(np.float64)
    since_open = minute - sessions[0][0]
    to_close = sessions[-1][1] - 1 - minute
    profile = 1.0 + 2.5 * np.exp(-since_open / 25.0) + 1.8 * np.exp(-to_close / 30.0)
    for open_, _ in sessions[1:]:
        after = minute >= open_
        profile[after] += 0.6 * np.exp(-(minute[after] - open_) / 15.0)
    profile /= profile.mean()
    profile.setflags(write=False)
    return profile


def chunk_count(market: Market) -> int:
    return math.ceil(len(minute_clock(market)) / CHUNK_MINUTES)


class DayTape:
    """One stock's trades on one day, handed out in time order by `take_until`."""

    def __init__(self, stock: SimStock, day: dt.date, seed: int = 0) -> None:
        self.stock = stock
        self.day = day
        self.seed = seed
        self.day_start = to_local_seconds(dt.datetime.combine(day, dt.time()))
        market = stock.market
        self._minutes = minute_clock(market)
        self._profile = intensity_profile(market)
        self._chunks = chunk_count(market)
        rng = stream(seed, stock.code, STREAM_DAY, day.toordinal())
        self.activity = min(max(math.exp(0.25 * rng.standard_normal()), 0.6), 1.6)
        self._log_mid = math.log(stock.price) + 0.03 * rng.standard_normal()
        self._bias = DAY_BIAS_SD * rng.standard_normal()
        self._pressure = self._bias + PRESSURE_SD * rng.standard_normal()
        expected = max(stock.trades_per_day * self.activity, 1.0)
        self._rate = expected / len(self._minutes)
        self._step_sd = stock.daily_vol / math.sqrt(expected)
        self._drift_scale = stock.daily_vol * PRICE_FLOW_COUPLING / math.sqrt(len(self._minutes))
        # The biggest ticket grows with the stock's activity: one print of a quiet stock
        # does not dwarf its whole day.
        self._max_units = min(MAX_UNITS, max(1, int(stock.size_scale * max(20.0, expected / 50))))
        self._base_width = max(1, round(stock.price * BASE_SPREAD_FRACTION / stock.tick))
        small, large = _LEAN_VALUES[market]
        self._lean_log_small = math.log(small)
        self._lean_log_span = math.log(large) - math.log(small)
        self._large_value = large
        self._next_chunk = 0
        self._chunk: PackedTrades | None = None
        self._cursor = 0

    @property
    def finished(self) -> bool:
        return self._chunk is None and self._next_chunk >= self._chunks

    @property
    def next_time(self) -> float:
        """Local seconds of the next trade not handed out yet, or a time no later than
        it (the start of a chunk not generated yet); inf when the day is done."""
        if self._chunk is not None:
            return float(self._chunk.local_time(self._cursor))
        if self._next_chunk < self._chunks:
            return float(self.chunk_start(self._next_chunk))
        return math.inf

    def chunk_start(self, index: int) -> int:
        """Local seconds at which chunk `index` starts."""
        return self.day_start + int(self._minutes[index * CHUNK_MINUTES]) * 60

    def take_until(self, local_seconds: float) -> Trades:
        """The trades printed before `local_seconds` not handed out yet."""
        parts: list[Trades] = []
        while True:
            if self._chunk is None:
                if self._next_chunk >= self._chunks:
                    break
                if self.chunk_start(self._next_chunk) >= local_seconds:
                    break
                self._chunk = self._generate_chunk(self._next_chunk)
                self._next_chunk += 1
                self._cursor = 0
            chunk = self._chunk
            stop = chunk.search(local_seconds)
            if stop > self._cursor:
                parts.append(chunk.trades(self._cursor, stop))
                self._cursor = stop
            if self._cursor < len(chunk):
                if self._cursor > len(chunk) // 2:  # keep what is still to come only
                    self._chunk, self._cursor = chunk.tail(self._cursor), 0
                break
            self._chunk = None
        return Trades.concat(parts)

    def _generate_chunk(self, index: int) -> PackedTrades:
        stock = self.stock
        rng = stream(self.seed, stock.code, STREAM_CHUNK, self.day.toordinal(), index)
        first = index * CHUNK_MINUTES
        minutes = np.arange(first, min(first + CHUNK_MINUTES, len(self._minutes)))
        pressure = self._pressure_path(rng, len(minutes))

        bursts = rng.gamma(3.0, 1.0 / 3.0, len(minutes))
        counts = rng.poisson(self._rate * self._profile[minutes] * bursts)
        n = int(counts.sum())
        # Times first: every later draw is per trade and independent, so sorting here
        # is the same as sorting the finished trades.
        key = np.sort(np.repeat(np.arange(len(minutes)), counts) * 60
                      + rng.integers(0, 60, n))
        trade_minute = key // 60
        times = self.day_start + self._minutes[minutes][trade_minute] * 60 + key % 60
        trade_pressure = pressure[trade_minute]

        # A log-normal body times a Pareto tail, in whole units of at least one.
        body = stock.size_scale * np.exp(SIZE_BODY_SD * rng.standard_normal(n))
        tail = (1.0 - rng.random(n)) ** (-1.0 / stock.size_alpha)
        units = np.clip(np.rint(body * tail), 1, self._max_units)
        quantity = units * stock.size_unit
        if stock.market is Market.US:
            odd = rng.random(n) < US_ODD_LOT_SHARE
            quantity = np.where(odd, rng.integers(1, 100, n), quantity).astype(np.float64)
        value = quantity * math.exp(self._log_mid)

        # Big orders lean with the pressure, small ones a little against it.
        weight = np.clip((np.log(value) - self._lean_log_small) / self._lean_log_span, 0, 1)
        lean = RETAIL_LEAN + (1.0 - RETAIL_LEAN) * weight
        buy = rng.random(n) < np.clip(0.5 + trade_pressure * lean, 0.03, 0.97)

        drift = np.cumsum(self._drift_scale * pressure)
        log_mid = (self._log_mid + np.cumsum(self._step_sd * rng.standard_normal(n))
                   + drift[trade_minute])
        end_noise = log_mid[-1] - drift[trade_minute[-1]] if n else self._log_mid
        self._log_mid = float(end_noise + drift[-1])

        wide = rng.random(n) < WIDE_SPREAD_SHARE
        width = self._base_width + wide * rng.integers(1, 4, n)
        bid_t = np.maximum(np.floor(np.exp(log_mid) / stock.tick - width / 2 + 0.5), 1)
        bid_t = bid_t.astype(np.int64)
        ask_t = bid_t + width
        inside = wide & (width >= 2) & (rng.random(n) < INSIDE_SHARE_WHEN_WIDE)
        inside_t = bid_t + 1 + np.floor(rng.random(n) * (width - 1)).astype(np.int64)
        sweep = ((rng.random(n) < SWEEP_SHARE) & (value > self._large_value)) \
            * rng.integers(1, 3, n)
        price_t = np.where(inside, inside_t, np.where(buy, ask_t + sweep, bid_t - sweep))
        price_t = np.maximum(price_t, 1)

        gap = rng.random(n) < QUOTE_GAP_SHARE
        missing = gap & (rng.random(n) < 0.5)
        locked = gap & ~missing
        # Locked: bid = ask = the price; missing: no quote (-1).
        bid_t = np.where(locked, price_t, np.where(missing, -1, bid_t))
        ask_t = np.where(locked, price_t, np.where(missing, -1, ask_t))
        ticks = np.int32 if max(int(ask_t.max(initial=0)), int(price_t.max(initial=0))) \
            < 2**31 else np.int64
        return PackedTrades(self.day_start, stock.tick, stock.price_decimals,
                            (times - self.day_start).astype(np.int32),
                            price_t.astype(ticks), quantity.astype(np.int32),
                            bid_t.astype(ticks), ask_t.astype(ticks))

    def _pressure_path(self, rng: np.random.Generator, minutes: int) -> np.ndarray:
        """The pressure at each minute of a chunk; carries the state to the next chunk."""
        shocks = rng.standard_normal(minutes)
        shifts = rng.random(minutes) < REGIME_SHIFT_PER_MINUTE
        regimes = rng.standard_normal(minutes)
        sigma = PRESSURE_SD * math.sqrt(2.0 * PRESSURE_REVERSION)
        out = np.empty(minutes)
        p = self._pressure
        for j in range(minutes):
            if shifts[j]:
                p = self._bias + REGIME_SD * regimes[j]
            p += PRESSURE_REVERSION * (self._bias - p) + sigma * shocks[j]
            p = min(max(p, -PRESSURE_LIMIT), PRESSURE_LIMIT)
            out[j] = p
        self._pressure = p
        return out


def day_tape(stock: SimStock, day: dt.date, seed: int = 0) -> Trades:
    """The whole day's trades at once (tests, statistics, the CLI)."""
    return DayTape(stock, day, seed).take_until(math.inf)

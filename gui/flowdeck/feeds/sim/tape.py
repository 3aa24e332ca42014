"""The simulator's trade tape: one stock's trades for one trading day, in exchange-local
seconds, with the bid/ask prevailing at each trade. Pure numpy.

The day is a fixed tape revealed by a clock: it is generated in chunks of
CHUNK_MINUTES trading minutes, each from a random stream seeded by (seed, code, date,
chunk), with the price and the "pressure" carried from one chunk to the next. So the
trades up to any time are the same however the reveal is split.

A chunk's random draws are made for all its trades at once, so a chunk is generated
whole; but a tape holds only its trades of the next HOLD_MINUTES trading minutes at
most (a window ending at an offset of its own, so that a market's tapes do not all
generate again in the same second), packed in integers (PackedTrades, 20 bytes a
trade). Revealing past the window generates the chunk again from its start state: the
same trades, bit for bit. Near the close that is ~65 trades a stock for four minutes (5,000 stocks:
~8 MB packed) where holding the rest of the chunk was ~370 (~38 MB; just after a chunk
starts, the whole chunk: ~110 MB at the open). The price: one more chunk generation
per stock every HOLD_MINUTES, 0.3-0.5 ms each: ~1 % of a core for 5,000 stocks (two
minutes held: half the memory, twice the CPU, ~13 ms a second). SimMarket takes each
window as soon as it is made (take_held) and reveals the windows of all its codes
together (sim/held.py).

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

from ...core.codes import Market
from ...core.markets import MARKETS, to_local_seconds
from .stocks import STREAM_CHUNK, STREAM_DAY, SimStock, code_hash, stream
from .trades import PackedTrades, Trades

CHUNK_MINUTES = 30
# A tape holds the trades of the next two trading minutes at most: at 5,000 codes the
# pool is ~6 MB where four minutes held ~13 (table bench rss_over_empty 104.2 -> 96.5 MB),
# for one more chunk generation per stock every two minutes (1.1 -> 1.7 % of a core,
# thread time over ten simulated minutes of SimMarket.advance at speed 1).
HOLD_MINUTES = 2
_HOLD_SECONDS = 60 * HOLD_MINUTES

_State = tuple[float, float]  # pressure, log mid

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
LEAN_VALUES = {
    Market.HK: (20e3, 500e3),
    Market.US: (5e3, 100e3),
    Market.SH: (20e3, 300e3),
    Market.SZ: (20e3, 300e3),
}


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


@dataclass(frozen=True, slots=True)
class DayParams:
    """A stock's day as drawn before its first trade (the live tape's and the past
    days' generator's, past_tape.py)."""
    activity: float      # the day's activity level (times the stock's usual)
    log_mid: float       # log of the opening mid price
    bias: float          # the pressure the day reverts to
    pressure: float      # the pressure before the first minute
    rate: float          # expected trades per trading minute, before the profile
    step_sd: float       # log-mid step per trade
    drift_scale: float   # log-mid drift per minute per unit of pressure
    max_units: int       # the biggest ticket, in size units
    base_width: int      # the usual spread, in ticks


def day_params(stock: SimStock, day: dt.date, seed: int) -> DayParams:
    market = stock.market
    minutes = len(minute_clock(market))
    rng = stream(seed, stock.code, STREAM_DAY, day.toordinal())
    activity = min(max(math.exp(0.25 * rng.standard_normal()), 0.6), 1.6)
    log_mid = math.log(stock.price) + 0.03 * rng.standard_normal()
    bias = DAY_BIAS_SD * rng.standard_normal()
    pressure = bias + PRESSURE_SD * rng.standard_normal()
    expected = max(stock.trades_per_day * activity, 1.0)
    return DayParams(
        activity, log_mid, bias, pressure, expected / minutes,
        stock.daily_vol / math.sqrt(expected),
        stock.daily_vol * PRICE_FLOW_COUPLING / math.sqrt(minutes),
        # The biggest ticket grows with the stock's activity: one print of a quiet
        # stock does not dwarf its whole day.
        min(MAX_UNITS, max(1, int(stock.size_scale * max(20.0, expected / 50)))),
        max(1, round(stock.price * BASE_SPREAD_FRACTION / stock.tick)))


def pressure_path(rng: np.random.Generator, minutes: int, p: float,
                  bias: float) -> np.ndarray:
    """The pressure at each of `minutes` minutes, from `p` before the first: an OU
    process around the day's bias with occasional regime shifts."""
    shocks = rng.standard_normal(minutes).tolist()
    shifts = (rng.random(minutes) < REGIME_SHIFT_PER_MINUTE).tolist()
    regimes = rng.standard_normal(minutes).tolist()
    sigma = PRESSURE_SD * math.sqrt(2.0 * PRESSURE_REVERSION)
    p = float(p)
    out = []
    # Python floats: the same IEEE doubles as numpy's scalars, without their overhead
    # (a tape generates a chunk every HOLD_MINUTES).
    for shock, shift, regime in zip(shocks, shifts, regimes, strict=True):
        if shift:
            p = bias + REGIME_SD * regime
        p += PRESSURE_REVERSION * (bias - p) + sigma * shock
        p = min(max(p, -PRESSURE_LIMIT), PRESSURE_LIMIT)
        out.append(p)
    return np.asarray(out, np.float64)


class DayTape:
    """One stock's trades on one day, handed out in time order by `take_until`."""

    __slots__ = ("_base_width", "_bias", "_chunk_index", "_chunk_state", "_chunks",
                 "_cursor", "_drift_scale", "_end_state", "_held", "_held_until",
                 "_large_value", "_lean_log_small", "_lean_log_span", "_max_units",
                 "_minutes", "_phase", "_profile", "_rate", "_revealed", "_step_sd",
                 "activity", "day", "day_start", "seed", "stock")

    def __init__(self, stock: SimStock, day: dt.date, seed: int = 0) -> None:
        self.stock = stock
        self.day = day
        self.seed = seed
        self.day_start = to_local_seconds(dt.datetime.combine(day, dt.time()))
        market = stock.market
        self._minutes = minute_clock(market)
        self._profile = intensity_profile(market)
        self._chunks = chunk_count(market)
        params = day_params(stock, day, seed)
        self.activity = params.activity
        self._bias = params.bias
        self._rate = params.rate
        self._step_sd = params.step_sd
        self._drift_scale = params.drift_scale
        self._max_units = params.max_units
        self._base_width = params.base_width
        small, large = LEAN_VALUES[market]
        self._lean_log_small = math.log(small)
        self._lean_log_span = math.log(large) - math.log(small)
        self._large_value = large
        # Where the held windows end (see take_until), in trading seconds modulo
        # _HOLD_SECONDS: apart from one stock to the next, so that a market's tapes do
        # not all generate their chunk again in the same second.
        self._phase = code_hash(stock.code) % _HOLD_SECONDS
        self._chunk_index = 0              # the chunk of the next trade not handed out
        # (pressure, log mid) at that chunk's start, and at its end once generated.
        self._chunk_state: _State = (params.pressure, params.log_mid)
        self._end_state: _State = self._chunk_state
        self._revealed = self.chunk_start(0)  # every trade before it is handed out
        self._held: PackedTrades | None = None  # the chunk's trades from _revealed ...
        self._held_until = 0                    # ... to here (exclusive)
        self._cursor = 0                        # the first of _held not handed out

    @property
    def finished(self) -> bool:
        return self._chunk_index >= self._chunks

    @property
    def held(self) -> int:
        """Trades generated and held, not handed out yet."""
        return 0 if self._held is None else len(self._held) - self._cursor

    @property
    def held_until(self) -> int:
        """Local seconds where the held trades end (exclusive): the tape generates again
        when it is taken past them."""
        return self._held_until

    @property
    def next_time(self) -> float:
        """Local seconds of the next trade not handed out yet, or a time no later than
        it (the end of what is held, the start of a chunk); inf when the day is done."""
        held = self._held
        if held is not None:
            if self._cursor < len(held):
                return float(held.local_time(self._cursor))
            return float(self._held_until)
        return math.inf if self.finished else float(self._revealed)

    def chunk_start(self, index: int) -> int:
        """Local seconds at which chunk `index` starts."""
        return self.day_start + int(self._minutes[index * CHUNK_MINUTES]) * 60

    def _chunk_end(self, index: int) -> int:
        first = (index + 1) * CHUNK_MINUTES
        if first < len(self._minutes):
            return self.chunk_start(index + 1)
        return self.day_start + (int(self._minutes[-1]) + 1) * 60

    def _hold_end(self, local_seconds: float, chunk_end: int) -> int:
        """Where the window held past `local_seconds` ends: the first trading second
        after it that is the stock's phase modulo _HOLD_SECONDS, or the chunk's end."""
        since_start = local_seconds - self.day_start
        minute = int(np.searchsorted(self._minutes, since_start // 60, side="right")) - 1
        # Trading seconds of the day at local_seconds (a break counts as its start).
        traded = minute * 60 + min(since_start - int(self._minutes[minute]) * 60, 60)
        end = traded + (self._phase - traded) % _HOLD_SECONDS
        if end <= traded:
            end += _HOLD_SECONDS
        minute, second = divmod(int(end), 60)
        if minute >= len(self._minutes):
            return chunk_end
        return min(chunk_end, self.day_start + int(self._minutes[minute]) * 60 + second)

    def take_until(self, local_seconds: float) -> Trades:
        """The trades printed before `local_seconds` not handed out yet.

        A chunk's random draws are made for all its trades at once, so its trades come
        from generating the whole chunk; but only those up to the next window end
        (_hold_end, at most HOLD_MINUTES ahead) are kept. Revealing past them generates
        the chunk again from its start state: the same trades, bit for bit."""
        parts: list[Trades] = []
        while not self.finished and self._revealed < local_seconds:
            end = self._chunk_end(self._chunk_index)
            held = self._held
            fresh = held is None
            if held is None:
                held, self._end_state = self._generate_chunk(self._chunk_index,
                                                             self._chunk_state)
                self._cursor, self._held_until = held.search(self._revealed), end
            stop = held.search(local_seconds)
            if stop > self._cursor:
                parts.append(held.trades(self._cursor, stop))
                self._cursor = stop
            if local_seconds < self._held_until:
                self._revealed = local_seconds
                self._keep(held, fresh, local_seconds, end)
                break
            self._let_go(end)
        return Trades.concat(parts)

    def take_held(self) -> PackedTrades:
        """Every trade generated and held, handed out at once, packed (those before
        held_until: as take_until(held_until)). The caller holds them instead
        (sim/held.py), and the tape generates again when taken past held_until."""
        held = self._held
        if held is None:
            return PackedTrades(self.day_start, self.stock.tick, self.stock.price_decimals,
                                np.zeros((5, 0), np.int32))
        packed = PackedTrades(held.day_start, held.tick, held.decimals,
                              held.data[:, self._cursor:])
        self._let_go(self._chunk_end(self._chunk_index))
        return packed

    def _let_go(self, chunk_end: int) -> None:
        """Everything held is handed out: the next take generates from held_until."""
        self._revealed, self._held = self._held_until, None
        if self._revealed >= chunk_end:
            self._chunk_index += 1
            self._chunk_state = self._end_state

    def _keep(self, held: PackedTrades, fresh: bool, now: float, chunk_end: int) -> None:
        """Hold the trades from the cursor on: of a chunk just generated, those before
        the window's end after `now` only (a copy, so the chunk is freed); else a copy
        of the rest once more than half is out."""
        if fresh:
            until = self._hold_end(now, chunk_end)
            stop = held.search(until)
            if self._cursor or stop < len(held):
                held = held.window(self._cursor, stop)
                self._cursor = 0
            self._held_until = until
        elif self._cursor > len(held) // 2:
            held, self._cursor = held.window(self._cursor, len(held)), 0
        self._held = held

    def _generate_chunk(self, index: int, state: _State) -> tuple[PackedTrades, _State]:
        """Chunk `index` from the (pressure, log mid) at its start: its trades and the
        state at its end. The same arguments give the same trades."""
        stock = self.stock
        pressure_at, log_mid_at = state
        rng = stream(self.seed, stock.code, STREAM_CHUNK, self.day.toordinal(), index)
        first = index * CHUNK_MINUTES
        minutes = np.arange(first, min(first + CHUNK_MINUTES, len(self._minutes)))
        pressure = pressure_path(rng, len(minutes), pressure_at, self._bias)

        bursts = rng.gamma(3.0, 1.0 / 3.0, len(minutes))
        counts = rng.poisson(self._rate * self._profile[minutes] * bursts)
        n = int(counts.sum())
        # Times first: every later draw is per trade and independent, so sorting here
        # is the same as sorting the finished trades.
        key = np.sort(np.repeat(np.arange(len(minutes)), counts) * 60
                      + rng.integers(0, 60, n))
        trade_minute = key // 60
        seconds = self._minutes[minutes][trade_minute] * 60 + key % 60  # since day_start
        trade_pressure = pressure[trade_minute]

        # A log-normal body times a Pareto tail, in whole units of at least one.
        body = stock.size_scale * np.exp(SIZE_BODY_SD * rng.standard_normal(n))
        tail = (1.0 - rng.random(n)) ** (-1.0 / stock.size_alpha)
        units = np.clip(np.rint(body * tail), 1, self._max_units)
        quantity = units * stock.size_unit
        if stock.market is Market.US:
            odd = rng.random(n) < US_ODD_LOT_SHARE
            quantity = np.where(odd, rng.integers(1, 100, n), quantity).astype(np.float64)
        value = quantity * math.exp(log_mid_at)

        # Big orders lean with the pressure, small ones a little against it.
        weight = np.clip((np.log(value) - self._lean_log_small) / self._lean_log_span, 0, 1)
        lean = RETAIL_LEAN + (1.0 - RETAIL_LEAN) * weight
        buy = rng.random(n) < np.clip(0.5 + trade_pressure * lean, 0.03, 0.97)

        drift = np.cumsum(self._drift_scale * pressure)
        log_mid = (log_mid_at + np.cumsum(self._step_sd * rng.standard_normal(n))
                   + drift[trade_minute])
        end_noise = log_mid[-1] - drift[trade_minute[-1]] if n else log_mid_at
        end_state = (float(pressure[-1]), float(end_noise + drift[-1]))

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
        packed = PackedTrades.pack(self.day_start, stock.tick, stock.price_decimals,
                                   seconds, price_t, quantity, bid_t, ask_t)
        return packed, end_state


def day_tape(stock: SimStock, day: dt.date, seed: int = 0) -> Trades:
    """The whole day's trades at once (tests, statistics, the CLI)."""
    return DayTape(stock, day, seed).take_until(math.inf)

"""One market of the simulator's whole market: every universe code's day, a trading
minute at a time for all codes at once (whole_market.py runs the four and answers the
Market view).

Why not the live tape (tape.py) or the past days' generator (past_tape.py): the tape
costs ~0.3 us a trade and a whole market trades ~50 M times a day; past_tape draws a
code's day in ~2 ms (25 s for 11,700 codes, and a day's arrays per code). Here one
minute of 4,000 codes is one set of numpy draws (~1 ms), and a code keeps its totals
and one float32 main net a minute (its sparkline), nothing else.

The model has the live tape's character, at the minute grain and with a sector factor:
- a code's stock (price, activity, volatility, typical ticket) is sim_stock's, and its
  previous close is quotes.prev_close: the same as when the live simulator follows it;
- trade values are log-normal around the code's typical ticket (TICKET_SD wide), so
  each tier's share of trades and of value (the market's fixed thresholds) is exact
  for that law; per minute and tier the trade count is Poisson (the U-shaped profile
  times a gamma burst times the day's activity), the value their normal sum;
- direction: pressure = the code's OU (around its day bias, with regime shifts, as
  tape.pressure_path) + its SECTOR's OU (around the sector's day bias) + the market's;
  a tier's trades buy with probability 1/2 + pressure x lean (big tickets lean with
  the pressure, small ones slightly against it: tape.LEAN_VALUES, RETAIL_LEAN), a
  share of every tier prints neutral. So a sector's members move together and a
  sector's ranking means something;
- the price: a random walk per minute with the day's volatility, drifting with the
  pressure (tape.PRICE_FLOW_COUPLING).

Deterministic: a market's day draws from one stream of (seed, market, day), minute
after minute in order, so the numbers at a virtual time are the same however the wall
clock sliced the steps. Inside a minute the minute's draws are revealed linearly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np

from ...core.codes import Market
from ...core.markets import MARKET_ORDER
from ...core.tiers import FIXED_THRESHOLDS
from .quotes import prev_close
from .stocks import sim_stock
from .tape import (
    INSIDE_SHARE_WHEN_WIDE,
    LEAN_VALUES,
    PRESSURE_LIMIT,
    PRESSURE_REVERSION,
    PRICE_FLOW_COUPLING,
    REGIME_SD,
    REGIME_SHIFT_PER_MINUTE,
    RETAIL_LEAN,
    WIDE_SPREAD_SHARE,
    intensity_profile,
    minute_clock,
)

_STREAM_WHOLE = 30  # keeps these draws apart from the tapes' and the universe's
# Log-sd of a trade's value around the code's typical ticket: main money (super +
# large) is then ~40 % of turnover, in the US too (lower thresholds, smaller tickets).
TICKET_SD = {Market.HK: 1.4, Market.US: 1.1, Market.SH: 1.4, Market.SZ: 1.4}
NEUTRAL_SHARE = WIDE_SPREAD_SHARE * INSIDE_SHARE_WHEN_WIDE
# (day bias sd, OU stationary sd) of the pressure's parts: the code's own is the live
# tape's (DAY_BIAS_SD, PRESSURE_SD); the sector's makes members agree more often
# than not; the market's is small.
OWN = (0.03, 0.06)
SECTOR = (0.10, 0.06)
WHOLE = (0.015, 0.02)


def _phi(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.frompyfunc(math.erf, 1, 1)(z / math.sqrt(2.0)).astype(float))


def tier_law(ticket: np.ndarray, market: Market) -> tuple[np.ndarray, ...]:
    """Per code (rows) and tier (super, large, medium, small): the share of trades, the
    mean and the sd of a trade's value, for values log-normal around `ticket`."""
    t = FIXED_THRESHOLDS[market]
    with np.errstate(divide="ignore"):  # tier k is [edges k+1, edges k)
        edges = np.log(np.array([np.inf, t.super, t.large, t.medium, 0.0]))
    mu = np.log(ticket)[:, None]
    s = TICKET_SD[market]
    z = (edges[None, :] - mu) / s
    count = -np.diff(_phi(z), axis=1)
    first = np.exp(mu + s * s / 2) * -np.diff(_phi(z - s), axis=1)
    second = np.exp(2 * mu + 2 * s * s) * -np.diff(_phi(z - 2 * s), axis=1)
    safe = np.maximum(count, 1e-300)
    mean = np.where(count > 1e-12, first / safe, 0.0)
    sd = np.sqrt(np.maximum(second / safe - mean ** 2, 0.0)) * (count > 1e-12)
    return count, mean, sd


def tier_lean(mean: np.ndarray, market: Market) -> np.ndarray:
    """How much a tier's trades follow the pressure, by their mean value (tape.py)."""
    small, large = LEAN_VALUES[market]
    with np.errstate(divide="ignore"):
        weight = np.clip((np.log(np.maximum(mean, 1.0)) - math.log(small))
                         / (math.log(large) - math.log(small)), 0.0, 1.0)
    return RETAIL_LEAN + (1.0 - RETAIL_LEAN) * weight


class MarketModel:
    """Every code of one market, through one trading day at a time.

    `codes` (the universe's, in its order) and `sector` (each code's sector, 0..S-1).
    `start_day(day)`, then `reveal(minutes)` up to a point of the day; `buy`, `sell`
    (n, 4 tiers) and `turnover` are the totals at that point, `log_price` the price.
    """

    def __init__(self, market: Market, codes: Sequence[str], sector: np.ndarray,
                 seed: int) -> None:
        self.market = market
        self.codes = list(codes)
        self.seed = int(seed)
        self.sector = np.asarray(sector, np.intp)
        self.n_sectors = int(self.sector.max()) + 1 if len(self.sector) else 0
        stocks = [sim_stock(c, seed) for c in self.codes]
        self._stocks = stocks
        self.ref_price = np.array([s.price for s in stocks])
        self.tick = np.array([s.tick for s in stocks])
        self._trades_per_day = np.array([s.trades_per_day for s in stocks])
        self._vol = np.array([s.daily_vol for s in stocks])
        ticket = np.array([s.size_scale * s.size_unit * s.price for s in stocks])
        self._share, self._mean, self._sd = tier_law(ticket, market)
        self._lean = tier_lean(self._mean, market)
        self.clock = minute_clock(market)
        self.minutes = len(self.clock)
        self._profile = intensity_profile(market)
        self.day: dt.date | None = None

    # --- a day -----------------------------------------------------------------------

    def start_day(self, day: dt.date) -> None:
        """Nothing traded yet on `day`; the previous close and the day's draws made.
        The main-net series is a new array (a reader may still hold the last one)."""
        n = len(self.codes)
        self.day = day
        self._rng = np.random.default_rng(np.random.SeedSequence(
            [self.seed & 0xFFFF_FFFF_FFFF_FFFF, _STREAM_WHOLE,
             MARKET_ORDER.index(self.market), day.toordinal()]))
        rng = self._rng
        self.prev_close = np.array([prev_close(s, day, self.seed) for s in self._stocks])
        activity = np.clip(np.exp(0.25 * rng.standard_normal(n)), 0.6, 1.6)
        self._rate = np.maximum(self._trades_per_day * activity, 1.0) / self.minutes
        self._bias = OWN[0] * rng.standard_normal(n)
        self._own = self._bias + OWN[1] * rng.standard_normal(n)
        self._sector_bias = SECTOR[0] * rng.standard_normal(self.n_sectors)
        self._sector = self._sector_bias + SECTOR[1] * rng.standard_normal(self.n_sectors)
        self._whole_bias = WHOLE[0] * rng.standard_normal()
        self._whole = self._whole_bias
        self._step_sd = self._vol / math.sqrt(self.minutes)
        self._drift = self._vol * PRICE_FLOW_COUPLING / math.sqrt(self.minutes)
        self.log_price = np.log(self.ref_price) + 0.03 * rng.standard_normal(n)
        self.buy = np.zeros((n, 4))
        self.sell = np.zeros((n, 4))
        self.turnover = np.zeros(n)
        self.done = 0  # trading minutes fully revealed
        self.series = np.full((n, self.minutes), np.nan, np.float32)
        self._pending: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def reveal(self, done: int, fraction: float = 0.0) -> tuple[np.ndarray, ...]:
        """Bring the day to `done` whole minutes and `fraction` (0..1) of the next; the
        totals then: buy, sell (n, 4), turnover, log price (new arrays when a part of
        a minute is shown, else the model's own: read, do not write)."""
        done = min(done, self.minutes)
        while self.done < done:
            buy, sell, value, step = self._next_minute()
            self._pending = None
            self.buy += buy
            self.sell += sell
            self.turnover += value
            self.log_price += step
            main = self.buy[:, :2].sum(axis=1) - self.sell[:, :2].sum(axis=1)
            self.series[:, self.done] = np.where(self.turnover > 0, main, np.nan)
            self.done += 1
        if fraction <= 0.0 or self.done >= self.minutes:
            return self.buy, self.sell, self.turnover, self.log_price
        buy, sell, value, step = self._next_minute()
        return (self.buy + fraction * buy, self.sell + fraction * sell,
                self.turnover + fraction * value, self.log_price + fraction * step)

    def _next_minute(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Minute `done`'s increments, drawn once (the stream moves on only here)."""
        if self._pending is None:
            self._pending = self._draw(self.done)
        return self._pending

    def _draw(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        rng = self._rng
        n = len(self.codes)
        rev = PRESSURE_REVERSION
        ou = math.sqrt(2.0 * rev)
        self._whole += rev * (self._whole_bias - self._whole) \
            + WHOLE[1] * ou * rng.standard_normal()
        self._sector += rev * (self._sector_bias - self._sector) \
            + SECTOR[1] * ou * rng.standard_normal(self.n_sectors)
        shift = rng.random(n) < REGIME_SHIFT_PER_MINUTE
        regime = self._bias + REGIME_SD * rng.standard_normal(n)
        self._own = np.where(shift, regime, self._own)
        self._own += rev * (self._bias - self._own) + OWN[1] * ou * rng.standard_normal(n)
        pressure = np.clip(self._own + self._sector[self.sector] + self._whole,
                           -PRESSURE_LIMIT, PRESSURE_LIMIT)
        expected = self._rate * self._profile[k] * rng.gamma(3.0, 1.0 / 3.0, n)
        count = rng.poisson(expected[:, None] * self._share)
        value = count * self._mean + np.sqrt(count) * self._sd * rng.standard_normal((n, 4))
        value = np.maximum(value, 0.0) * (count > 0)
        lean = np.clip(0.5 + pressure[:, None] * self._lean, 0.0, 1.0)
        buys = rng.binomial(count, lean)
        directed = value * (1.0 - NEUTRAL_SHARE)
        buy = directed * (buys / np.maximum(count, 1))
        step = self._drift * pressure + self._step_sd * rng.standard_normal(n)
        return buy, directed - buy, value.sum(axis=1), step

    def last_price(self, log_price: np.ndarray, turnover: np.ndarray) -> np.ndarray:
        """The price on the tick grid, NaN for a code that has not traded today."""
        ticks = np.maximum(np.rint(np.exp(log_price) / self.tick), 1.0)
        return np.where(turnover > 0, ticks * self.tick, np.nan)

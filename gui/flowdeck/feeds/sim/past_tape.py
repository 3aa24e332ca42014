"""A past trading day of a simulated stock, generated whole as per-minute sums: the
backfill's sim days (past_days.py). The live tape's model (tape.py) at the grain the
archive keeps (per trading minute and tier: buy-initiated, sell-initiated and neutral
value) without drawing every trade.

Why not the live tape: drawing each trade and counting it through a FlowEngine costs
~0.3 us a trade, and the default watchlist trades ~1.5 M times a day: 30-48 code-days a
second here, where the backfill's goal is 200. Here a busy code-day is ~2 ms.

So a past day has the live day's character, not its numbers (a day the live simulator
ran keeps its numbers: the window archives them at the close; the backfill fills the
days it did not see), and the same (seed, code, day) always gives the same numbers:
- the day's activity, opening price, pressure bias and usual spread are the live day's
  (tape.day_params, the same draws);
- trades per minute: the same U-shaped profile, bursts and sessions (none in a lunch
  break); the mid a random walk with the live step per trade (a minute's steps summed:
  one normal draw of their variance) and the same drift with the pressure;
- sizes: the same law (a log-normal body times a Pareto tail, in board lots, capped;
  US odd lots), its distribution over whole lots computed exactly per code-day, so each
  tier's share of the trades and of the turnover is the live tape's;
- direction: the same pressure path and value-dependent lean, the live share of neutral
  prints inside a wide spread (tick-rule trades count as their side);
- per minute and tier the trade count is drawn (multinomial), then the neutral, buy and
  sell counts (binomial); a cell's value sums are drawn as normal with the exact mean
  and variance of that many trades when it has more than WHOLE_CELL trades, else trade
  by trade, and every super trade (the heavy tail) is drawn alone.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from ...core.codes import Market
from ...core.markets import to_local_seconds
from ...core.tiers import FIXED_THRESHOLDS
from .stocks import STREAM_PAST, SimStock, stream
from .tape import (
    INSIDE_SHARE_WHEN_WIDE,
    LEAN_VALUES,
    RETAIL_LEAN,
    SIZE_BODY_SD,
    US_ODD_LOT_SHARE,
    WIDE_SPREAD_SHARE,
    day_params,
    intensity_profile,
    minute_clock,
    pressure_path,
)

NEUTRAL_SHARE = WIDE_SPREAD_SHARE * INSIDE_SHARE_WHEN_WIDE  # wide spreads are >= 2 ticks
WHOLE_CELL = 8  # a minute's tier with more trades: its sums drawn whole
SUPER, LARGE, MEDIUM, SMALL = range(4)  # core.records.TIER_NAMES order


@dataclass(slots=True)
class PastMinutes:
    """A stock's past day per trading minute: value bought, sold (per tier, TIER_NAMES
    order) and printed neutral; the first minute with a trade, the last trade's local
    seconds and price (-1 and None: no trade)."""
    buy: np.ndarray      # (minutes, 4) float64
    sell: np.ndarray     # (minutes, 4) float64
    neutral: np.ndarray  # (minutes,) float64
    first: int
    last_time: int
    close: float | None


@dataclass(slots=True)
class _SizeLaw:
    """The trade quantity's distribution: sorted quantities (shares), and cumulative
    sums (leading 0) of p, p q, p q^2 and of the same weighted by the lean at the day's
    opening price."""
    quantity: np.ndarray
    cum: np.ndarray        # (6, n + 1): p, pq, pq^2, p lean, p lean q, p lean q^2
    lean: np.ndarray       # (n,) lean of each quantity


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    # Numerical Recipes' erfc (fractional error < 1.2e-7): numpy has no erf.
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    tail = 0.5 * t * np.exp(-x * x + poly)
    return np.where(z < 0, tail, 1.0 - tail)


def _units_pmf(scale: float, alpha: float, max_units: int) -> np.ndarray:
    """P(units = u), u = 1..max_units, of clip(rint(B T), 1, max_units), log B normal
    (log scale, SIZE_BODY_SD), T Pareto(alpha) from 1: P(B T <= x) = Phi(a) -
    x^-alpha E[B^alpha; B <= x] = Phi(a) - exp(alpha (mu - ln x) + alpha^2 s^2 / 2)
    Phi(a - alpha s), a = (ln x - mu) / s."""
    mu, s = math.log(scale), SIZE_BODY_SD
    x = np.arange(1, max_units) + 0.5
    a = (np.log(x) - mu) / s
    cdf = _normal_cdf(a) - np.exp(alpha * (mu - np.log(x)) + (alpha * s) ** 2 / 2) \
        * _normal_cdf(a - alpha * s)
    cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
    return np.diff(np.concatenate([[0.0], cdf, [1.0]]))


def _lean(value: np.ndarray, market: Market) -> np.ndarray:
    small, large = LEAN_VALUES[market]
    weight = np.clip((np.log(value) - math.log(small)) / (math.log(large) - math.log(small)),
                     0, 1)
    return RETAIL_LEAN + (1.0 - RETAIL_LEAN) * weight


def _size_law(stock: SimStock, max_units: int, price: float) -> _SizeLaw:
    pmf = _units_pmf(stock.size_scale, stock.size_alpha, max_units)
    quantity = np.arange(1, max_units + 1, dtype=np.float64) * stock.size_unit
    if stock.market is Market.US:
        quantity = np.concatenate([np.arange(1, 100, dtype=np.float64), quantity])
        pmf = np.concatenate([np.full(99, US_ODD_LOT_SHARE / 99),
                              (1.0 - US_ODD_LOT_SHARE) * pmf])
    lean = _lean(quantity * price, stock.market)
    weights = np.stack([pmf, pmf * quantity, pmf * quantity ** 2,
                        pmf * lean, pmf * lean * quantity, pmf * lean * quantity ** 2])
    cum = np.concatenate([np.zeros((6, 1)), np.cumsum(weights, axis=1)], axis=1)
    return _SizeLaw(quantity, cum, lean)


def past_minutes(stock: SimStock, day: dt.date, seed: int) -> PastMinutes:
    """The stock's day `day` per trading minute; the same arguments, the same numbers."""
    params = day_params(stock, day, seed)
    rng = stream(seed, stock.code, STREAM_PAST, day.toordinal())
    market = stock.market
    clock = minute_clock(market)
    n_min = len(clock)
    pressure = pressure_path(rng, n_min, params.pressure, params.bias)
    counts = rng.poisson(params.rate * intensity_profile(market)
                         * rng.gamma(3.0, 1.0 / 3.0, n_min))
    log_mid = (params.log_mid + np.cumsum(params.step_sd * np.sqrt(counts)
                                          * rng.standard_normal(n_min))
               + np.cumsum(params.drift_scale * pressure))
    price = np.exp(log_mid)
    law = _size_law(stock, params.max_units, math.exp(params.log_mid))

    # Each minute's quantity bounds of the tiers: [lo, hi) indexes of law.quantity.
    thresholds = FIXED_THRESHOLDS[market]
    cuts = np.searchsorted(law.quantity, np.array(
        [thresholds.super, thresholds.large, thresholds.medium])[None, :] / price[:, None])
    n_q = len(law.quantity)
    lo = np.stack([cuts[:, 0], cuts[:, 1], cuts[:, 2], np.zeros(n_min, np.intp)], axis=1)
    hi = np.stack([np.full(n_min, n_q), cuts[:, 0], cuts[:, 1], cuts[:, 2]], axis=1)
    sums = law.cum[:, hi] - law.cum[:, lo]          # (6, minutes, 4)
    share = np.clip(sums[0], 0.0, None)
    cells = rng.multinomial(counts, share / share.sum(axis=1, keepdims=True))

    buy = np.zeros((n_min, 4))
    sell = np.zeros((n_min, 4))
    neutral = np.zeros(n_min)
    whole = (cells > WHOLE_CELL) & (np.arange(4) != SUPER)
    if whole.any():
        _whole_cells(rng, whole, cells, sums, pressure, price, law, buy, sell, neutral)
    alone = cells * ~whole
    if alone.any():
        _trade_by_trade(rng, alone, lo, hi, pressure, price, law, buy, sell, neutral)

    traded = np.flatnonzero(counts)
    if not len(traded):
        return PastMinutes(buy, sell, neutral, -1, -1, None)
    last = int(traded[-1])
    # The last trade: the latest of the minute's (its second the max of that many).
    second = min(59, int(60.0 * rng.random() ** (1.0 / counts[last])))
    day_start = to_local_seconds(dt.datetime.combine(day, dt.time()))
    width = params.base_width
    bid_t = max(math.floor(price[last] / stock.tick - width / 2 + 0.5), 1)
    close_t = bid_t + width * int(rng.random() < 0.5)
    return PastMinutes(buy, sell, neutral, int(traded[0]),
                       day_start + int(clock[last]) * 60 + second,
                       round(close_t * stock.tick, stock.price_decimals))


def _whole_cells(rng: np.random.Generator, whole: np.ndarray, cells: np.ndarray,
                 sums: np.ndarray, pressure: np.ndarray, price: np.ndarray,
                 law: _SizeLaw, buy: np.ndarray, sell: np.ndarray,
                 neutral: np.ndarray) -> None:
    """Cells of many trades: counts per side, then each side's quantity sum drawn as
    normal with the mean and variance of that many trades of the side's law (the size
    law weighted by the chance of that side: 1/2 +- pressure x lean)."""
    m, t = np.nonzero(whole)
    n = cells[m, t]
    p0, p1, p2, l0, l1, l2 = (s[m, t] for s in sums)
    pr = pressure[m]
    n_neutral = rng.binomial(n, NEUTRAL_SHARE)
    n_buy = rng.binomial(n - n_neutral, np.clip(0.5 + pr * l0 / p0, 0.0, 1.0))
    n_sell = n - n_neutral - n_buy
    qmin, qmax = law.quantity[0], law.quantity[-1]
    for count, w0, w1, w2, out in (
            (n_buy, 0.5 * p0 + pr * l0, 0.5 * p1 + pr * l1, 0.5 * p2 + pr * l2, buy),
            (n_sell, 0.5 * p0 - pr * l0, 0.5 * p1 - pr * l1, 0.5 * p2 - pr * l2, sell),
            (n_neutral, p0, p1, p2, None)):
        mean = w1 / np.maximum(w0, 1e-300)
        var = np.maximum(w2 / np.maximum(w0, 1e-300) - mean ** 2, 0.0)
        total = count * mean + np.sqrt(count * var) * rng.standard_normal(len(count))
        value = np.clip(total, count * qmin, count * qmax) * price[m]
        if out is None:
            np.add.at(neutral, m, value)
        else:
            out[m, t] += value


def _trade_by_trade(rng: np.random.Generator, alone: np.ndarray, lo: np.ndarray,
                    hi: np.ndarray, pressure: np.ndarray, price: np.ndarray,
                    law: _SizeLaw, buy: np.ndarray, sell: np.ndarray,
                    neutral: np.ndarray) -> None:
    """Cells of few trades, and super trades: each trade's quantity from the size law
    within its cell's bounds, then its side."""
    m, t = np.nonzero(alone)
    n = alone[m, t]
    m, t = np.repeat(m, n), np.repeat(t, n)
    cdf = law.cum[0]
    u = cdf[lo[m, t]] + rng.random(len(m)) * (cdf[hi[m, t]] - cdf[lo[m, t]])
    q = np.clip(np.searchsorted(cdf, u, side="right") - 1, lo[m, t], hi[m, t] - 1)
    value = law.quantity[q] * price[m]
    side = rng.random(len(m))
    is_neutral = side < NEUTRAL_SHARE
    is_buy = ~is_neutral & (rng.random(len(m)) < 0.5 + pressure[m] * law.lean[q])
    n_min = len(price)
    flat = m * 4 + t
    buy += np.bincount(flat[is_buy], value[is_buy], n_min * 4).reshape(n_min, 4)
    sold = ~is_neutral & ~is_buy
    sell += np.bincount(flat[sold], value[sold], n_min * 4).reshape(n_min, 4)
    neutral += np.bincount(m[is_neutral], value[is_neutral], n_min)

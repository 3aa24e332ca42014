"""Order-size tiers: the one table of default thresholds, and the percentile-mode rules.

A trade's tier is decided by its value (price x quantity, in the market's own currency).

**Fixed mode** (the default): value >= super -> SUPER, >= large -> LARGE, >= medium ->
MEDIUM, else SMALL, with these thresholds per market:

| market | currency | super >= | large >= | medium >= |
|--------|----------|----------|----------|-----------|
| HK     | HKD      | 2,000,000 | 500,000 | 100,000 |
| US     | USD      |   200,000 |  40,000 | 10,000 |
| SH, SZ | CNY      | 1,000,000 | 200,000 | 40,000 |

**Percentile mode** (Futu's way): per stock, the tiers split that stock's recent trade
values: top 10 % super, 10-30 % large, 30-55 % medium, the rest small; i.e. value >= p90
SUPER, >= p70 LARGE, >= p45 MEDIUM. The percentiles are numpy's default ('linear') over
the last PERCENTILE_WINDOW values recorded *before* the current batch: a batch's
thresholds are fixed for the whole of the batch, so splitting the same trades into
different batches can tier them differently. With fewer than PERCENTILE_MIN_HISTORY
values the market's fixed thresholds apply. When all recent values are equal, the three
percentiles are equal and a trade of exactly that value is SUPER.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from .codes import Market, parse_market
from .errors import invalid_param
from .records import Tier

MODES: tuple[str, ...] = ("fixed", "percentile")


class TierThresholds(NamedTuple):
    """Lower bounds (inclusive) of SUPER, LARGE and MEDIUM trade value."""
    super: float
    large: float
    medium: float


#: The default fixed thresholds per market, in the market's currency.
FIXED_THRESHOLDS: dict[Market, TierThresholds] = {
    Market.HK: TierThresholds(2_000_000.0, 500_000.0, 100_000.0),
    Market.US: TierThresholds(200_000.0, 40_000.0, 10_000.0),
    Market.SH: TierThresholds(1_000_000.0, 200_000.0, 40_000.0),
    Market.SZ: TierThresholds(1_000_000.0, 200_000.0, 40_000.0),
}

#: Percentiles (numpy 'linear') of recent trade values bounding SUPER, LARGE, MEDIUM.
PERCENTILES: TierThresholds = TierThresholds(90.0, 70.0, 45.0)
#: How many recent trade values per symbol the percentiles are taken over.
PERCENTILE_WINDOW = 500
#: Below this many values of history, the market's fixed thresholds apply.
PERCENTILE_MIN_HISTORY = 20
_QUANTILES = tuple(p / 100 for p in PERCENTILES)  # divided as numpy.percentile does


def tier_of(value: float, thresholds: TierThresholds | tuple[float, float, float]) -> Tier:
    """The tier of one trade value (scalar helper; the engine does this vectorised)."""
    super_, large, medium = thresholds
    if value >= super_:
        return Tier.SUPER
    if value >= large:
        return Tier.LARGE
    if value >= medium:
        return Tier.MEDIUM
    return Tier.SMALL


def check_thresholds(values: object) -> TierThresholds:
    """Three finite, non-negative, non-increasing numbers (super >= large >= medium)."""
    try:
        super_, large, medium = (float(v) for v in values)  # type: ignore[union-attr]
    except (TypeError, ValueError) as exc:
        raise invalid_param(f"tier thresholds must be three numbers, got {values!r}") from exc
    if not all(math.isfinite(v) and v >= 0 for v in (super_, large, medium)):
        raise invalid_param(f"tier thresholds must be finite and >= 0, got {values!r}")
    if not super_ >= large >= medium:
        raise invalid_param(f"tier thresholds must satisfy super >= large >= medium, "
                            f"got {values!r}")
    return TierThresholds(super_, large, medium)


def thresholds_table(
    overrides: Mapping[Market, tuple[float, float, float]] | None = None,
) -> dict[Market, TierThresholds]:
    """The defaults with `overrides` (any subset of markets; `'HK'` works as well as
    Market.HK) validated and applied; INVALID_PARAM on a bad market or bad numbers."""
    table = dict(FIXED_THRESHOLDS)
    for market, values in (overrides or {}).items():
        table[parse_market(market)] = check_thresholds(values)
    return table


def recent_percentiles(values: np.ndarray, have: np.ndarray) -> np.ndarray:
    """Per row, the SUPER, LARGE, MEDIUM bounds (p90, p70, p45) of its first `have[i]`
    values: (m, w) float64, (m,) int with 1 <= have <= w -> (m, 3) float64.

    Vectorised over rows, with numpy.percentile's own 'linear' arithmetic (virtual index
    (n - 1) q, and its two-sided lerp), so the bounds equal numpy's bit for bit.
    `values` is used as scratch: it comes back sorted and partly overwritten."""
    m, w = values.shape
    have = np.asarray(have, np.intp)
    short = have < w
    if short.any():
        # Unused slots sort last; the indices below never reach them.
        unused = np.arange(w)[None, :] >= have[short, None]
        values[short] = np.where(unused, np.inf, values[short])
    values.sort(axis=1)
    row = np.arange(m)
    top = have - 1
    out = np.empty((m, 3))
    for k, quantile in enumerate(_QUANTILES):
        virtual = top * quantile
        below = np.floor(virtual)
        gamma = virtual - below
        lo = below.astype(np.intp)
        a = values[row, lo]
        b = values[row, np.minimum(lo + 1, top)]
        diff = b - a
        res = a + diff * gamma
        upper = gamma >= 0.5
        res[upper] = (b - diff * (1 - gamma))[upper]
        out[:, k] = res
    return out

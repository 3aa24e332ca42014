"""A rule's threshold for each code it covers: per market, and across currencies.

"All watched codes > 50M" meant 50M HKD for Tencent, 50M USD for Apple and 50M CNY for
Moutai. A rule may now say instead
- a threshold per market, in that market's own currency (`HK 50M, US 5M, A 2亿`; A is
  SH and SZ, a market's own key wins over A), its hysteresis in the row's currency too;
- or the currency its one threshold (and hysteresis) is in (`currency = "HKD"`): each
  code compares with it converted to the code's currency at the settings' rates.
  Without a rate for either currency the pair has no threshold (NaN): it stays silent
  rather than compare at 1.0, and the rules list says which currencies lack a rate.
A rule with neither compares every code with its threshold as typed, as rules always
did: a rules file written before this loads and fires unchanged.

Pure: numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from .codes import Market
from .currency import Rates
from .errors import invalid_param
from .markets import MARKET_ORDER, MARKETS

#: The keys of a rule's per-market thresholds, in the order they are shown and saved.
MARKET_KEYS: tuple[str, ...] = ("HK", "US", "SH", "SZ", "A")
_ALIASES = {"A-SHARES": "A", "A SHARES": "A", "CN": "A"}
#: The engine's column for a code of no known market: the rule's threshold as typed.
UNKNOWN_MARKET = len(MARKET_ORDER)
_POSITION = {f"{m.value}.": i for i, m in enumerate(MARKET_ORDER)}


def parse_market_key(text: object) -> str:
    key = str(text).strip().upper() if isinstance(text, str) else ""
    key = _ALIASES.get(key, key)
    if key not in MARKET_KEYS:
        raise invalid_param(f"market {text!r} of a per-market threshold must be one of "
                            f"{', '.join(MARKET_KEYS)} (A: SH and SZ)")
    return key


def market_position(code: str) -> int:
    """The code's position in MARKET_ORDER (UNKNOWN_MARKET when not a market's code)."""
    return _POSITION.get(code[:3], UNKNOWN_MARKET)


def _own_key(market: Market, thresholds: dict[str, float]) -> str | None:
    if market.value in thresholds:
        return market.value
    if market in (Market.SH, Market.SZ) and "A" in thresholds:
        return "A"
    return None


def threshold_row(threshold: float, band: float, thresholds: Sequence[tuple[str, float]],
                  currency: str, rates: Rates | None) -> tuple[list[float], list[float]]:
    """(thresholds, bands) for each market of MARKET_ORDER, then for an unknown one."""
    own = dict(thresholds)
    out_t, out_b = [], []
    for market in MARKET_ORDER:
        key = _own_key(market, own)
        if key is not None:
            out_t.append(own[key])
            out_b.append(band)
        elif currency:
            factor = conversion(currency, MARKETS[market].currency, rates)
            out_t.append(threshold * factor)
            out_b.append(band * factor)
        else:
            out_t.append(threshold)
            out_b.append(band)
    return [*out_t, threshold], [*out_b, band]


def conversion(source: str, target: str, rates: Rates | None) -> float:
    """How many `target` one `source` is worth at `rates` (NaN when unknown)."""
    if source == target:
        return 1.0
    a = rates.rate_of(source) if rates is not None else None
    b = rates.rate_of(target) if rates is not None else None
    return a / b if a is not None and b is not None else math.nan


def threshold_tables(rules: Iterable, rates: Rates | None) -> tuple[np.ndarray, np.ndarray]:
    """Per rule (rows) and market (MARKET_ORDER, then unknown), its threshold and band:
    index with (pair's rule, pair's market position)."""
    rows = [threshold_row(r.threshold, r.hysteresis, r.thresholds, r.currency, rates)
            for r in rules]
    width = UNKNOWN_MARKET + 1
    if not rows:
        return np.zeros((0, width)), np.zeros((0, width))
    return (np.array([t for t, _ in rows], np.float64),
            np.array([b for _, b in rows], np.float64))


def thresholds_by_market(rule, rates: Rates | None) -> list[float]:
    """The rule's threshold for a code at each market_position (the rule editor's
    "already true" check)."""
    return threshold_row(rule.threshold, rule.hysteresis, rule.thresholds, rule.currency,
                         rates)[0]


def missing_rates(rule, codes: Iterable[str] | None, rates: Rates | None) -> list[str]:
    """The currencies of these codes (None: of every market) the rule's currency cannot
    be converted to, for markets without a threshold of their own."""
    if not rule.currency:
        return []
    own = dict(rule.thresholds)
    positions = range(UNKNOWN_MARKET) if codes is None else map(market_position, codes)
    needed = [MARKETS[MARKET_ORDER[p]].currency for p in positions
              if p < UNKNOWN_MARKET and _own_key(MARKET_ORDER[p], own) is None]
    return [c for c in dict.fromkeys(needed)
            if math.isnan(conversion(rule.currency, c, rates))]

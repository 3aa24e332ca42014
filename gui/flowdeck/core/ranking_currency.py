"""Rankings across currencies (issue 20): the "ALL" market choice ranks HK, US, SH and
SZ together, its amounts converted to the base currency at the user's rates
(core.currency.Rates); a choice of one currency (HK, US, SH, SZ, A) ranks its own
amounts as they are.

- Amount fields (the nets, turnover) are converted; ratios need no conversion.
- A code whose currency has no rate is never ranked among converted amounts (a rate of
  1.0 would rank USD against HKD raw): its converted amounts are NaN, so it is left out
  of an amount ranking, and `missing` says which currencies lacked a rate and how many
  codes each left out. It still ranks by a ratio (its net companion unknown there).
  Left out rather than ranked in a block of its own, as the table does: a top N is one
  order, and a second block inside it would read as ranked against the first.

Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .codes import Market
from .currency import Rates
from .errors import invalid_param
from .markets import MARKET_ORDER, MARKETS
from .records import FIELD_BY_KEY

#: The market choice ranking every market together (core.ranking.MARKET_CHOICES).
ALL = "ALL"
_CURRENCY_OF = np.asarray([MARKETS[m].currency for m in MARKET_ORDER])


def currencies_of(markets: Sequence[Market]) -> list[str]:
    """The currencies of `markets`, each once, in MARKET_ORDER."""
    return list(dict.fromkeys(MARKETS[m].currency for m in markets))


def mixed(markets: Sequence[Market]) -> bool:
    """Whether `markets` quote in more than one currency (their amounts are converted)."""
    return len(currencies_of(markets)) > 1


@dataclass(frozen=True, slots=True)
class Conversion:
    """The factors of some table rows to the base currency. `factors` per row (NaN:
    its currency has no rate); `missing` maps a currency without a rate to how many of
    the rows are in it."""
    base: str
    factors: np.ndarray
    missing: dict[str, int]

    def amounts(self, values: np.ndarray) -> np.ndarray:
        """`values` (one per row) in the base currency; NaN where no rate is known."""
        return values * self.factors


def conversion(market: np.ndarray, rates: Rates | None) -> Conversion:
    """The conversion of rows whose market (FlowTable.market: positions in
    MARKET_ORDER) is `market`, at `rates` (None: no rates, the default base)."""
    rates = rates or Rates()
    factors = rates.market_factors()[market]
    lacking = ~np.isfinite(factors)
    missing: dict[str, int] = {}
    if lacking.any():
        names, counts = np.unique(_CURRENCY_OF[market[lacking]], return_counts=True)
        order = {c: i for i, c in enumerate(dict.fromkeys(_CURRENCY_OF))}
        missing = dict(sorted(zip(names.tolist(), counts.tolist(), strict=True),
                              key=lambda kv: order[kv[0]]))
    return Conversion(rates.base, factors, missing)


def rates_used(rates: Rates | None, markets: Sequence[Market]) -> list[dict]:
    """The rates converting `markets`' currencies (what an answer shows beside its
    amounts): currency, rate, date, source."""
    rates = rates or Rates()
    wanted = set(currencies_of(markets))
    return [{"currency": r.currency, "rate": r.rate, "date": r.date, "source": r.source}
            for r in rates.rates if r.currency in wanted]


def check_rates(market: str, markets: Sequence[Market], field: str,
                rates: Rates | None) -> None:
    """An answer that must rank every code of `markets` by an amount (the API, the
    CLI: no one reads a note there) needs every currency's rate: else 1001 naming the
    market and the currencies. Ratios need none."""
    if FIELD_BY_KEY[field].kind == "ratio" or not mixed(markets):
        return
    rates = rates or Rates()
    lacking = rates.missing(currencies_of(markets))
    if lacking:
        names = ", ".join(lacking)
        raise invalid_param(
            f"market {market} ranks amounts in {rates.base}: no rate for {names} in the "
            f"settings' [currency] rates (rank one market, or by a ratio)",
            "rank.no_rate", name="market", value=market, expected=f"a rate of {names}")


def own_currency(market: np.ndarray) -> np.ndarray:
    """Each row's quote currency (FlowTable.market positions)."""
    return _CURRENCY_OF[market]

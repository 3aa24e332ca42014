"""Amounts in different currencies made comparable: rates to one base currency, each
dated and saying where it came from (the user in Settings; a source may supply some).

Amounts are never ranked raw across HKD, USD and CNY (US.TSLA's 327M USD is not bigger
than HK.00700's 74M HKD by the same measure). A currency without a rate is never
converted at 1.0: `convert` leaves its amounts as they are and says which rows were
converted, so the caller can keep them apart and show why.

`rate` is the value of ONE unit of the currency in the base currency (base HKD: USD
7.8, CNY 1.08). Pure: numpy only.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .errors import invalid_param
from .markets import MARKET_ORDER, MARKETS

#: The currencies FlowDeck's markets quote in, in the order settings list them.
CURRENCIES: tuple[str, ...] = ("HKD", "USD", "CNY")
#: HKD: with it, the one rate that floats is CNY's (USD is pegged to HKD within
#: 7.75-7.85, so a months-old USD rate stays within ~0.6 %); CNY as base makes both
#: others float. Futu's home market is HK, and the default watchlist starts there.
DEFAULT_BASE = "HKD"
USER = "user"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Rate:
    currency: str
    rate: float      # one unit of `currency` in the base currency
    date: str        # YYYY-MM-DD: the day the rate is of
    source: str = USER


class Converted(NamedTuple):
    values: np.ndarray   # in the base currency where `known`, else as they were
    known: np.ndarray    # bool per row: the row's currency has a rate


def check_currency(text: Any, what: str = "currency") -> str:
    code = str(text).strip().upper() if isinstance(text, str) else ""
    if not _CURRENCY.match(code):
        raise invalid_param(f"{what} {text!r} must be a three-letter currency code "
                            f"such as {', '.join(CURRENCIES)}")
    return code


def make_rate(currency: Any, rate: Any, date: Any, source: Any = USER) -> Rate:
    """A checked Rate from loose parts (a settings table, a dialog's cells); 1001 naming
    the part that is wrong."""
    code = check_currency(currency)
    if isinstance(rate, bool) or not isinstance(rate, int | float | str):
        raise invalid_param(f"rate of {code} {rate!r} must be a number")
    try:
        value = float(str(rate).strip().replace(",", "")) if isinstance(rate, str) \
            else float(rate)
    except (ValueError, OverflowError):
        raise invalid_param(f"rate of {code} {rate!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise invalid_param(f"rate of {code} {rate!r} must be a number above 0")
    try:
        day = dt.date.fromisoformat(str(date).strip())
    except ValueError:
        raise invalid_param(f"date of the {code} rate {date!r} must be a day, "
                            f"YYYY-MM-DD") from None
    text = str(source).strip() if isinstance(source, str) else ""
    return Rate(code, value, day.isoformat(), text or USER)


@dataclass(frozen=True)
class Rates:
    base: str = DEFAULT_BASE
    rates: tuple[Rate, ...] = ()
    _by: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by = {r.currency: r.rate for r in self.rates if r.currency != self.base}
        object.__setattr__(self, "_by", {**by, self.base: 1.0})

    def rate_of(self, currency: str) -> float | None:
        """One unit of `currency` in the base; None when no rate is known."""
        return self._by.get(currency)

    def missing(self, currencies: Iterable[str]) -> list[str]:
        """The currencies among these without a rate, each once, in order."""
        return [c for c in dict.fromkeys(currencies) if c not in self._by]

    def factors(self, currencies: Sequence[str] | np.ndarray) -> np.ndarray:
        """Per row, its currency's rate (NaN where unknown): a few distinct currencies
        looked up once, spread over the rows in one numpy step."""
        if len(currencies) == 0:
            return np.zeros(0)
        names, inverse = np.unique(np.asarray(currencies, dtype=str), return_inverse=True)
        table = np.array([self._by.get(str(n), math.nan) for n in names])
        return table[inverse]

    def market_factors(self) -> np.ndarray:
        """The rate of each market's currency in MARKET_ORDER (NaN where unknown): index
        it with a FlowTable's `market` array."""
        return np.array([self._by.get(MARKETS[m].currency, math.nan) for m in MARKET_ORDER])

    def convert(self, values: np.ndarray, factors: np.ndarray) -> Converted:
        """`values` (rows first) in the base currency, given each row's factor (from
        `factors` or `market_factors()[table.market]`); rows without a rate unchanged."""
        known = np.isfinite(factors)
        scale = np.where(known, factors, 1.0)
        if values.ndim > 1:
            scale = scale.reshape((-1,) + (1,) * (values.ndim - 1))
        return Converted(values * scale, known)

    def rebased(self, base: str) -> Rates:
        """The same rates against another base (the new base's own rate divides them);
        rates that cannot be carried over (no rate of the new base) are dropped."""
        base = check_currency(base, "base currency")
        pivot = self._by.get(base)
        if base == self.base or pivot is None:
            return Rates(base, self.rates if base == self.base else ())
        carried = [Rate(r.currency, r.rate / pivot, r.date, r.source)
                   for r in self.rates if r.currency != base]
        dates = [r.date for r in self.rates if r.currency == base]
        old = Rate(self.base, 1.0 / pivot, dates[0] if dates else "", USER)
        return Rates(base, tuple(carried) + ((old,) if old.date else ()))

    def oldest_date(self) -> str | None:
        return min((r.date for r in self.rates), default=None)

    def describe(self) -> str:
        """`HKD; USD 7.8 (2026-12-01, user), CNY 1.08 (2026-12-01, user)`."""
        parts = [f"{r.currency} {r.rate:g} ({r.date}, {r.source})" for r in self.rates]
        return "; ".join([self.base, ", ".join(parts)]) if parts else self.base


def rates_from_table(table: Mapping[str, Any] | None) -> Rates:
    """The settings' `[currency]` table (`base`, `rates = [{currency, rate, date,
    source}]`); 1001 naming what is wrong. None or {}: the default base, no rates."""
    if not table:
        return Rates()
    if not isinstance(table, Mapping):
        raise invalid_param(f"[currency] must be a table, not {table!r:.60}")
    base = check_currency(table.get("base", DEFAULT_BASE), "base currency")
    raw = table.get("rates", [])
    if not isinstance(raw, list):
        raise invalid_param(f"currency.rates {raw!r:.60} must be a list of tables")
    rates: dict[str, Rate] = {}
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise invalid_param(f"a currency rate {entry!r:.60} must be a table")
        rate = make_rate(entry.get("currency"), entry.get("rate"), entry.get("date"),
                         entry.get("source", USER))
        if rate.currency in rates:
            raise invalid_param(f"the rate of {rate.currency} is given twice")
        if rate.currency != base:
            rates[rate.currency] = rate
    return Rates(base, tuple(rates.values()))


def rates_to_table(rates: Rates) -> dict[str, Any]:
    """The `[currency]` table of `rates`; rates_from_table gives the same Rates back."""
    return {"base": rates.base,
            "rates": [{"currency": r.currency, "rate": r.rate, "date": r.date,
                       "source": r.source} for r in rates.rates]}

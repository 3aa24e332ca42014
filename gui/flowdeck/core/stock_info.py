"""What a trader reads beside a stock's flow: its name and sector (StockInfo, fixed for
the day) and its price (Quote, live). Issue 20's shared vocabulary: sources produce
them, the live store keeps them, the table, the search box, the Market view and the
gateway read them.

A name comes in English and Chinese, the Chinese in Simplified and, where the source
has it, Traditional too (the simulator writes both; zh_HK shows the Traditional one);
a source that knows one only (futu's `get_stock_basicinfo` answers in OpenD's
language) gives it for the others. An unknown name is "" and shown as the code
alone, never as an empty cell.

Prices are in the quote currency. `change` and `change_ratio` are derived, not stored:
a quote with an unknown previous close has neither (None, shown as a dash).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


def name_in(lang: str, name_en: str, name_zh: str, name_zh_hant: str = "") -> str:
    """The name in `lang` (en, zh_CN, zh_HK), another one when that one is unknown:
    zh_HK reads the Traditional name, then the Chinese one as the source wrote it."""
    if lang == "zh_HK":
        return name_zh_hant or name_zh or name_en
    if lang.startswith("zh"):
        return name_zh or name_zh_hant or name_en
    return name_en or name_zh or name_zh_hant


def both_names(info: StockInfo, lang: str) -> str:
    """The Chinese name in `lang`'s script and the English one, " / "-joined (a name's
    tooltip), or the code alone when neither is known."""
    chinese = name_in("zh_HK" if lang == "zh_HK" else "zh_CN", "", info.name_zh,
                      info.name_zh_hant)
    both = dict.fromkeys(n for n in (chinese, info.name_en) if n)
    return " / ".join(both) or info.code


@dataclass(frozen=True, slots=True)
class StockInfo:
    code: str                 # normalised, MARKET.SYMBOL
    name_en: str = ""
    name_zh: str = ""         # Simplified or Traditional, as the source writes it
    sector: str = ""          # the sector's id within its market ("" unknown)
    name_zh_hant: str = ""    # Traditional, where the source has both scripts

    def name(self, lang: str) -> str:
        """The name in `lang` (en, zh_CN, zh_HK), another one when that is unknown."""
        return name_in(lang, self.name_en, self.name_zh, self.name_zh_hant)


@dataclass(frozen=True, slots=True)
class Sector:
    id: str                   # unique within its market
    market: str               # Market value
    name_en: str
    name_zh: str
    name_zh_hant: str = ""

    def name(self, lang: str) -> str:
        return name_in(lang, self.name_en, self.name_zh, self.name_zh_hant)


@dataclass(frozen=True, slots=True)
class Quote:
    code: str
    last: float                      # the last traded price (NaN: no trade yet)
    prev_close: float | None = None  # the previous trading day's close, None unknown
    update_time: str = ""            # exchange time of `last`, YYYY-MM-DD HH:MM:SS

    @property
    def change(self) -> float | None:
        if self.prev_close is None or self.last != self.last:
            return None
        return self.last - self.prev_close

    @property
    def change_ratio(self) -> float | None:
        """(last - prev_close) / prev_close, a fraction (0.0123 is 1.23 %)."""
        if self.prev_close is None or not self.prev_close or self.last != self.last:
            return None
        return (self.last - self.prev_close) / self.prev_close


class Universe(Protocol):
    """A source's stocks: their names and sectors (all a market's stocks where the
    source knows them, e.g. the simulator; the followed ones only, e.g. futu)."""

    def stocks(self) -> Mapping[str, StockInfo]: ...

    def sectors(self) -> Mapping[str, Sector]: ...


@runtime_checkable
class NamesAnyCode(Protocol):
    """A universe that names a code outside it too (the simulator names any valid code
    a user follows, not only its listed stocks)."""

    def info(self, code: str) -> StockInfo: ...


def info_of(universe: Universe | None, code: str) -> StockInfo:
    """`code`'s name and sector from a source's universe (None: no universe); names ""
    when unknown, shown as the code alone."""
    if isinstance(universe, NamesAnyCode):
        return universe.info(code)
    known = universe.stocks().get(code) if universe is not None else None
    return known if known is not None else StockInfo(code)


def quote_dict(quote: Quote | None, info: StockInfo, turnover: float | None) -> dict:
    """One code's /v1/quote item: names, prices, the day's turnover (the capital-flow
    detail's), the quote's exchange time; None for what is unknown (never NaN)."""
    q = quote
    return {"code": info.code, "name": info.name_zh or info.name_en,
            "name_en": info.name_en, "name_zh": info.name_zh,
            "name_zh_hant": info.name_zh_hant,
            "last": _known(q.last if q else None),
            "prev_close": _known(q.prev_close if q else None),
            "change": _known(q.change if q else None),
            "change_ratio": _known(q.change_ratio if q else None),
            "turnover": _known(turnover),
            "update_time": q.update_time if q else ""}


def _known(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)

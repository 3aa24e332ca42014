"""The quote columns' values per FlowTable row: each stock's name in the window's
language (the source's universe, through LiveStore.info) and its last price, change
and change % (the store's last/prev_close arrays). Qt-free; the model reads it for
cells and sorting.

Names are looked up once per row and per set of codes, universe and language (a list
per row filled as rows are painted, all of it when sorted by name: a 5,000-code table
does not look 5,000 names up before its first frame); an unknown name is the code
alone, never an empty cell.
Prices print with their market's usual decimals (`price_decimals`).
"""

from __future__ import annotations

import math

import numpy as np

from ...core.codes import Market
from ...core.markets import MARKET_ORDER
from ...core.stock_info import both_names
from ...live.store import LiveStore


def price_decimals(market: Market, price: float) -> int:
    """Decimals a price of `market` is written with, as Futu and the exchanges show
    them: HK three (its ticks go down to 0.001), a US stock under $1 four (ticks of
    $0.0001), else two."""
    if market is Market.HK:
        return 3
    if market is Market.US and abs(price) < 1.0:
        return 4
    return 2


def format_price(value: float, decimals: int, signed: bool = False) -> str:
    """`480.2 -> '480.200'`; a change signed (`+1.20`, `-0.35`, `0.00`); NaN: a dash."""
    if not math.isfinite(value):
        return "—"
    text = f"{value:+.{decimals}f}" if signed else f"{value:.{decimals}f}"
    if signed and not text.strip("+-0."):
        return text[1:]  # no sign on a change that rounds to zero
    return text


def format_change_ratio(value: float) -> str:
    """`0.0123 -> '+1.23%'`; zero unsigned; NaN: a dash."""
    if not math.isfinite(value):
        return "—"
    return format_price(value * 100, 2, signed=True) + "%"


class QuoteRows:
    """Names, prices and changes of the store's rows (table row order)."""

    def __init__(self, store: LiveStore) -> None:
        self.store = store
        self.lang = "en"
        self._names: list[str | None] = []

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self._names = []

    def names_changed(self) -> None:
        """The rows' codes or the source's universe changed: names are looked up again."""
        self._names = []

    # --- values ------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every row's name."""
        return [self.name(r) for r in range(self.store.table.n)]

    def name(self, r: int) -> str:
        names = self._names
        if len(names) != self.store.table.n:
            names = self._names = [None] * self.store.table.n
        name = names[r]
        if name is None:
            code = self.store.codes[r]
            name = names[r] = self.store.info(code).name(self.lang) or code
        return name

    def last(self, r: int) -> float:
        return float(self.store.last[r])

    def change(self, r: int) -> float:
        return float(self.store.last[r] - self.store.prev_close[r])

    def change_ratio(self, r: int) -> float:
        prev = float(self.store.prev_close[r])
        return (float(self.store.last[r]) - prev) / prev if prev else math.nan

    def value(self, r: int, kind: str) -> float:
        """The number of a price column ("last", "change", "change_ratio")."""
        if kind == "last":
            return self.last(r)
        if kind == "change":
            return self.change(r)
        return self.change_ratio(r)

    def text(self, r: int, kind: str) -> str:
        """A cell's text: the name, or a price column's number ("—" unknown)."""
        if kind == "name":
            return self.name(r)
        value = self.value(r, kind)
        if kind == "change_ratio":
            return format_change_ratio(value)
        market = MARKET_ORDER[int(self.store.table.market[r])]
        decimals = price_decimals(market, float(self.store.last[r]))
        return format_price(value, decimals, signed=kind == "change")

    def tooltip(self, r: int, kind: str) -> list[str]:
        """The name in both languages the source knows, the Chinese one in the UI's
        script (or the code alone)."""
        return [both_names(self.store.info(self.store.codes[r]), self.lang)]

    def prev_close_text(self, r: int) -> str | None:
        prev = float(self.store.prev_close[r])
        if not math.isfinite(prev):
            return None
        market = MARKET_ORDER[int(self.store.table.market[r])]
        return format_price(prev, price_decimals(market, prev))

    def update_time(self, r: int) -> str:
        quote = self.store.quotes.get(self.store.codes[r])
        return quote.update_time if quote is not None else ""

    def keys(self, kind: str) -> np.ndarray:
        """One float per table row to sort a quote column by (NaN: unknown, last)."""
        store = self.store
        if kind == "name":
            names = self.names()
            if not names:
                return np.zeros(0)
            _, rank = np.unique(np.asarray(names), return_inverse=True)
            return rank.astype(np.float64)
        last, prev = store.last, store.prev_close
        if kind == "last":
            return last.copy()
        if kind == "change":
            return last - prev
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(prev != 0, (last - prev) / prev, np.nan)

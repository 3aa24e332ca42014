"""What the Market view ranks: the live store's codes (StoreRows: the active watchlist,
when the source cannot give a whole market) or a source's whole market (MarketRows: a
feeds.base.RanksMarkets source's feeds.market_table.MarketTable, e.g. the simulator's
every universe code). Both answer the same questions per table row — name, price, change, turnover,
sector, sparkline, age — so the models and the sector cache read one or the other.

Qt-free: the models read it on the GUI thread; a MarketTable is made in a worker
thread and never changes after (feeds/market_table.py), so it is read without a lock.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ...core.markets import MARKET_ORDER
from ...core.stock_info import StockInfo, both_names, info_of
from ...feeds.base import ScopeFacts
from ...live.store import LiveStore
from ..table.quote_rows import QuoteRows, format_change_ratio, format_price, price_decimals


def _price_text(market_pos: int, last: float, prev: float, kind: str) -> str:
    if kind == "change_ratio":
        return format_change_ratio((last - prev) / prev if prev else math.nan)
    return format_price(last, price_decimals(MARKET_ORDER[market_pos], last))


class StoreRows:
    """The live store's rows (the codes the window follows)."""

    whole = False
    scope: ScopeFacts | None = None  # what a source told to rank covers (MarketRows)

    def __init__(self, store: LiveStore) -> None:
        self.store = store
        self.quotes = QuoteRows(store)

    @property
    def table(self):
        return self.store.table

    @property
    def codes(self) -> list[str]:
        return self.store.codes

    @property
    def universe(self) -> object:
        return self.store.universe

    @property
    def history(self):
        return self.store.history

    def stocks(self) -> Mapping[str, StockInfo]:
        return {c: self.store.info(c) for c in self.store.codes}

    def turnover(self) -> np.ndarray:
        details = self.store.details
        return np.fromiter(
            (d.turnover if (d := details.get(c)) is not None else math.nan
             for c in self.store.codes), np.float64, len(self.store.codes))

    def name(self, r: int, lang: str) -> str:
        self.quotes.set_language(lang)
        return self.quotes.name(r)

    def both_names(self, r: int, lang: str) -> str:
        return both_names(self.store.info(self.store.codes[r]), lang)

    def change(self, r: int) -> float:
        return self.quotes.change(r)

    def price_text(self, r: int, kind: str) -> str:
        """"last" or "change_ratio" ("—" unknown)."""
        return _price_text(int(self.store.table.market[r]), float(self.store.last[r]),
                           float(self.store.prev_close[r]), kind)

    def age(self, r: int) -> float | None:
        return None

    def names_changed(self) -> None:
        self.quotes.names_changed()


class MarketSeries:
    """A MarketTable's main-net series as the sparkline delegate reads a history
    (`in`, `version`, `series`, `series_row`, `series_groups`): one series a code over
    the whole session (NaN where the day has not got to, the current minute's value
    last), so a morning curve fills the left part as the live table's does. `version` is the table's
    generation: a new table makes every path stale, and the delegate keeps the paths
    whose values did not move.

    A row the live source follows (`followed`: its numbers are the live feed's, not
    the market model's) draws the live store's series when the store has it, so that
    its curve is the one its value ends on, as in the watchlist."""

    def __init__(self, table, rows: Mapping[str, int], generation: int,
                 live=None) -> None:
        self.table = table
        self.rows = rows
        self.generation = generation
        self.live = live  # the store's IntradayHistory
        self.followed = getattr(table, "followed", None)

    def __contains__(self, code: object) -> bool:
        """Whether the row has a series to draw (a gateway's table brings none: only
        the rows the window follows have one there)."""
        r = self.rows.get(code)  # type: ignore[call-overload]
        if r is None:
            return False
        if self._live_has(code, r):
            return True
        return any(first <= r < end for first, end, _, _ in self.table.blocks)

    def _live_has(self, code: str, r: int) -> bool:
        live = self.live
        return (self.followed is not None and bool(self.followed[r]) and live is not None
                and code in live)

    def version(self, code: str) -> int:
        return self.generation

    def series_row(self, code: str, series: int = 0) -> np.ndarray:
        table, r = self.table, self.rows[code]
        if self._live_has(code, r):
            return self.live.series_row(code, 0)
        for first, end, block, done in table.blocks:
            if first <= r < end:
                out = np.full(block.shape[1], np.nan)
                out[:done] = block[r - first, :done]
                now = table.values[r, 0]
                if done < len(out) and math.isfinite(now):
                    out[done] = now
                return out
        raise KeyError(code)

    def series(self, code: str) -> np.ndarray:
        return self.series_row(code)[None, :]

    def series_groups(self, codes, wanted=None) -> list[tuple[list[str], np.ndarray,
                                                              np.ndarray]]:
        """IntradayHistory.series_groups over the rows' series (one, main net: a
        (k, 1, minutes) stack a session length)."""
        groups: dict[int, tuple[list[str], list[np.ndarray]]] = {}
        for code in codes:
            if code in self and (wanted is None or wanted(code, self.generation)):
                row = self.series_row(code)
                names, rows = groups.setdefault(len(row), ([], []))
                names.append(code)
                rows.append(row)
        return [(names, np.full(len(names), self.generation, np.int64),
                 np.stack(rows)[:, None, :]) for names, rows in groups.values()]


class MarketRows:
    """A source's whole market (a RanksMarkets table). `key` is the MARKET_CHOICES
    key it was asked for. Names come from the source's universe, looked up once per
    code and language (`names`, kept from one table to the next). A table may carry
    `ages` (seconds since each row's data, NaN unknown) and `scope` (the source's own
    words on what it covers, e.g. futu:// ranks the codes it may poll); `covers` says
    what the table covers (the simulated market, a replay's file, ...)."""

    whole = True

    def __init__(self, key: str, table, universe: object, generation: int,
                 index: dict[str, int], names: dict[tuple[str, str], str],
                 live=None) -> None:
        self.key = key
        self.table = table
        self.codes: list[str] = table.codes
        self.universe = universe
        self.index = index
        self.history = MarketSeries(table, index, generation, live)
        self.names = names
        self.ages = table.ages
        self.scope: ScopeFacts | None = table.scope
        self.covers: str = table.covers

    def stocks(self) -> Mapping[str, StockInfo]:
        universe = self.universe
        return universe.stocks() if universe is not None else {}

    def turnover(self) -> np.ndarray:
        return np.asarray(self.table.turnover, np.float64)

    def info(self, r: int) -> StockInfo:
        return info_of(self.universe, self.codes[r])

    def name(self, r: int, lang: str) -> str:
        code = self.codes[r]
        name = self.names.get((code, lang))
        if name is None:
            name = self.names[(code, lang)] = self.info(r).name(lang) or code
        return name

    def both_names(self, r: int, lang: str) -> str:
        return both_names(self.info(r), lang)

    def change(self, r: int) -> float:
        return float(self.table.last[r] - self.table.prev_close[r])

    def price_text(self, r: int, kind: str) -> str:
        return _price_text(int(self.table.market[r]), float(self.table.last[r]),
                           float(self.table.prev_close[r]), kind)

    def age(self, r: int) -> float | None:
        ages = self.ages
        if ages is None:
            return None
        age = float(ages[r])
        return age if math.isfinite(age) else None

    def names_changed(self) -> None:
        self.names.clear()


class MarketBook:
    """What one whole market keeps from one table to the next: the code -> row index
    (per code list), the names looked up, a generation per table."""

    def __init__(self) -> None:
        self.generation = 0
        self.names: dict[tuple[str, str], str] = {}
        self._codes: list[str] | None = None
        self._index: dict[str, int] = {}
        self._universe: object = None

    def rows(self, key: str, table, universe: object, live=None) -> MarketRows:
        if universe is not self._universe:
            self._universe = universe
            self.names.clear()
        if table.codes is not self._codes:
            self._codes = table.codes
            self._index = {c: r for r, c in enumerate(table.codes)}
        self.generation += 1
        return MarketRows(key, table, universe, self.generation, self._index, self.names,
                          live)


class RankSource:
    """The rows both Market models rank now: the store's (the default) or the latest
    whole-market table of the market asked for (`take`); `use_store` goes back."""

    def __init__(self, store: LiveStore) -> None:
        self.store_rows = StoreRows(store)
        self.rows: StoreRows | MarketRows = self.store_rows
        self.book = MarketBook()
        self.latest: dict[str, object] = {}  # the last table of each market key

    def take(self, key: str, table) -> MarketRows:
        store = self.store_rows.store
        self.rows = self.book.rows(key, table, store.universe, store.history)
        return self.rows

    def use_store(self) -> None:
        self.rows = self.store_rows

"""Rankings over a whole market (issue 20): the top or bottom N codes of a FlowTable by
one of the record's 12 numbers, today or over 3, 5, 10 or 20 trading days. The Market
view, the gateway's /v1/rank and `flowdeck rank` all ask this one engine.

A request names a market (HK, US, SH, SZ, A = SH + SZ, or ALL: every market, its
amounts in the base currency at the caller's rates, core/ranking_currency.py), a
period (`today`, `3d`, `5d`, `10d`, `20d`), a field (NUMERIC_KEYS, main net by
default), an order (`desc`: the largest first, `asc`: the smallest first) and N
(1..500); anything else is 1001 naming the parameter.

- An unknown value (NaN: no record yet, no day of the window known, an unknown ratio)
  never ranks: the answer may hold fewer than N codes.
- Equal values are ordered by code, so the same numbers always give the same order.
- Over a period a field is the window's sum of the series' nets (a net field) or that
  sum over the window's turnovers (a ratio field), as core.multiday sums them; a code
  with fewer known days than the period still ranks, with its known days beside it
  (`days`, as the table's `3/5`), never passed off as whole.

Cost: the top N of 12,000 codes is an argpartition plus a sort of N (and of the codes
tied with the N-th), not a sort of the market.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Protocol

import numpy as np

from .batch import RecordColumns
from .codes import Market
from .currency import Rates
from .errors import invalid_param, source_failed
from .markets import MARKET_ORDER
from .ranking_currency import ALL, conversion, mixed
from .ranking_periods import PeriodSource
from .records import FIELD_BY_KEY, NUMERIC_KEYS

#: Market choices: one market, "A" for the A-shares of Shanghai and Shenzhen, "ALL".
MARKET_CHOICES: dict[str, tuple[Market, ...]] = {
    **{m.value: (m,) for m in MARKET_ORDER}, "A": (Market.SH, Market.SZ),
    ALL: MARKET_ORDER}
#: Period name -> trading days it covers (today is one).
PERIODS: dict[str, int] = {"today": 1, "3d": 3, "5d": 5, "10d": 10, "20d": 20}
ORDERS = ("desc", "asc")
MAX_TOP = 500
DEFAULT_FIELD = "main_net_inflow"
PARAMS = ("market", "period", "field", "order", "top")


@dataclass(frozen=True, slots=True)
class RankRequest:
    market: str = "HK"
    period: str = "today"
    field: str = DEFAULT_FIELD
    order: str = "desc"
    top: int = 20

    @property
    def days(self) -> int:
        return PERIODS[self.period]

    @property
    def markets(self) -> tuple[Market, ...]:
        return MARKET_CHOICES[self.market]


def _bad(name: str, value: object, expected: str) -> Exception:
    return invalid_param(f"{name} must be {expected}, got {value!r}", "rank.param",
                         name=name, value=str(value), expected=expected)


def _choice(params: Mapping[str, object], name: str, choices: Sequence[str],
            default: str, fold=str.lower) -> str:
    value = params.get(name)
    if value is None:
        return default
    text = fold(value.strip()) if isinstance(value, str) else None
    if text not in choices:
        raise _bad(name, value, "one of " + ", ".join(choices))
    return text


def parse_rank_request(params: Mapping[str, object]) -> RankRequest:
    """A request from parameters as a query string or the CLI gives them (text, or an
    int for `top`); missing ones take their defaults except `market`, which is required.
    1001 naming the parameter for an unknown parameter or a bad value."""
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise invalid_param(f"unknown parameter {unknown[0]!r}: expected "
                            + ", ".join(PARAMS), "rank.param", name=unknown[0],
                            value="", expected=", ".join(PARAMS))
    if params.get("market") is None:
        raise _bad("market", "", "one of " + ", ".join(MARKET_CHOICES))
    market = _choice(params, "market", tuple(MARKET_CHOICES), "", str.upper)
    period = _choice(params, "period", tuple(PERIODS), "today")
    field = _choice(params, "field", NUMERIC_KEYS, DEFAULT_FIELD)
    order = _choice(params, "order", ORDERS, "desc")
    top = params.get("top", 20)
    if isinstance(top, str) and top.strip().isascii() and top.strip().isdigit():
        top = int(top.strip())
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise _bad("top", params.get("top"), f"a whole number from 1 to {MAX_TOP}")
    return RankRequest(market, period, field, order, top)


def top_positions(values: np.ndarray, code_rank: np.ndarray, top: int,
                  descending: bool = True) -> np.ndarray:
    """Positions of the `top` best finite `values`, best first; equal values in
    `code_rank` order (each position's rank among the codes' names)."""
    finite = np.flatnonzero(np.isfinite(values))
    if not len(finite) or top <= 0:
        return np.zeros(0, np.intp)
    key = -values[finite] if descending else values[finite]
    if top < len(finite):
        # Every value tied with the N-th stays a candidate: the code decides among them.
        edge = key[np.argpartition(key, top - 1)[:top]].max()
        pick = np.flatnonzero(key <= edge)
    else:
        pick = np.arange(len(finite))
    order = np.lexsort((code_rank[finite[pick]], key[pick]))[:top]
    return finite[pick[order]]


def code_ranks(codes: Sequence[str]) -> np.ndarray:
    """Each code's position among the codes sorted by name (the tie-break)."""
    order = np.argsort(np.asarray(codes, dtype=str), kind="stable")
    ranks = np.empty(len(codes), np.intp)
    ranks[order] = np.arange(len(codes))
    return ranks


def market_rows(market: np.ndarray, markets: Sequence[Market]) -> np.ndarray:
    """Rows whose market (FlowTable.market: positions in MARKET_ORDER) is one of
    `markets`."""
    wanted = np.zeros(len(MARKET_ORDER), bool)
    wanted[[MARKET_ORDER.index(m) for m in markets]] = True
    return np.flatnonzero(wanted[market])


@dataclass(slots=True, eq=False)
class Ranking:
    """The answer, best first. `rows` are the table's rows; `value` the field's value,
    `net` and `ratio` the field's series (net and ratio) over the period, `days` how
    many of the period's days each value knows (1 today). Over markets of more than one
    currency (ALL) the amounts are in `base` (NaN where a code's currency has no rate),
    `native` is the net in the code's own currency and `missing` the currencies without
    a rate (-> codes of the market in them); else `base` is None (each code's own)."""
    request: RankRequest
    rows: np.ndarray
    codes: list[str]
    value: np.ndarray
    net: np.ndarray
    ratio: np.ndarray
    days: np.ndarray
    candidates: int   # codes of the market in the table
    known: int        # of those, with a known value
    native: np.ndarray | None = None
    base: str | None = None
    missing: dict[str, int] = _field(default_factory=dict)

    @property
    def partial(self) -> np.ndarray:
        """Per ranked code, whether its window knows fewer days than the period."""
        return self.days < self.request.days


class TableLike(Protocol):
    """What ranking reads of a FlowTable (core.flow_table.FlowTable is one)."""
    codes: list[str]
    values: np.ndarray     # (n, 12) NUMERIC_KEYS order
    market: np.ndarray     # (n,) positions in MARKET_ORDER
    update_time: np.ndarray


class Ranker:
    """Ranks a table; keeps the codes' tie-break order between calls (computing it for
    12,000 codes costs more than the ranking), recomputed when the table's code list is
    another object (FlowTable.set_codes makes a new one)."""

    def __init__(self) -> None:
        self._codes: list[str] | None = None
        self._ranks = np.zeros(0, np.intp)

    def code_rank(self, codes: list[str]) -> np.ndarray:
        if codes is not self._codes or len(codes) != len(self._ranks):
            self._codes, self._ranks = codes, code_ranks(codes)
        return self._ranks

    def rank(self, table: TableLike, request: RankRequest,
             periods: PeriodSource | None = None,
             within: np.ndarray | None = None, rates: Rates | None = None) -> Ranking:
        """Rank the rows of `request.market` (only those among `within`, e.g. a
        sector's, when given). A period beyond today needs `periods` (the archive's
        windows): without it, 1016. Markets of several currencies convert their
        amounts at `rates` (None: none known, only the base currency's codes)."""
        rows = market_rows(table.market, request.markets)
        if within is not None:
            rows = np.intersect1d(rows, within)
        net, ratio, days = self.series(table, request, rows, periods)
        native, base, missing = None, None, {}
        if mixed(request.markets):
            converting = conversion(table.market[rows], rates)
            native, net = net, converting.amounts(net)
            base, missing = converting.base, converting.missing
        value = ratio if FIELD_BY_KEY[request.field].kind == "ratio" else net
        pos = top_positions(value, self.code_rank(table.codes)[rows], request.top,
                            request.order == "desc")
        ranked = rows[pos]
        return Ranking(request, ranked, [table.codes[r] for r in ranked.tolist()],
                       value[pos], net[pos], ratio[pos], days[pos], len(rows),
                       int(np.isfinite(value).sum()),
                       None if native is None else native[pos], base, missing)

    @staticmethod
    def series(table: TableLike, request: RankRequest, rows: np.ndarray,
               periods: PeriodSource | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The field's series over the period at `rows`: net, ratio, known days."""
        name = FIELD_BY_KEY[request.field].series
        net_col = NUMERIC_KEYS.index(f"{name}_net_inflow")
        if request.days == 1:
            net = table.values[rows, net_col]
            ratio = table.values[rows, net_col + 1]
            return net, ratio, np.isfinite(net).astype(np.int32)
        if periods is None:
            raise source_failed(f"no archive of past days to rank over {request.period}",
                                "rank.no_archive", period=request.period)
        if len(rows) == len(table.codes):  # the whole table (rows ascending: all of it)
            columns = RecordColumns(list(table.codes), table.values, table.update_time)
        else:
            columns = RecordColumns([table.codes[r] for r in rows.tolist()],
                                    table.values[rows], table.update_time[rows])
        return periods.window(columns, name, request.days)


def rank(table: TableLike, request: RankRequest, periods: PeriodSource | None = None,
         within: np.ndarray | None = None, rates: Rates | None = None) -> Ranking:
    """One ranking (a caller ranking the same table repeatedly keeps a Ranker)."""
    return Ranker().rank(table, request, periods, within, rates)

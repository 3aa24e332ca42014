"""`clist/get`: East Money's whole-board list, sorted by East Money itself, as the
Market view's rows (market.py keeps them).

The request (akshare stock/stock_fund_em.py, stock_individual_fund_flow_rank and
stock_main_fund_flow): `fs=` the boards (SH main board and STAR, SZ main board, SME
and ChiNext; B shares and BJ left out), `fid=` the field East Money sorts by, `po=1`
largest first / `po=0` smallest first, `pn` the page, `pz` its size, `np=1` (`diff` a
list), `fltt=2` (decimals, ratios in percent). Since March 2025 a page holds at most
100 rows whatever `pz` asks (akshare#5805), so:

- the top or bottom 100 of one of today's numbers is one request (`top_params`);
- the whole A-share market (~5,400 codes) is ~55 pages, asked in code order (`fid=f12`,
  stable while the flows move between pages), one page at a time under the budget.

A row's fields are ulist's (fields.py reads them: the 14 keys, name, price) plus f6 the
day's turnover (yuan; the sectors' ratios sum nets over it) and f100 the industry
(东方财富's own, e.g. "白酒": the A-share sector a code ranks in). East Money sorts
the tiers' nets and ratios (SORT_FID) but not retail, which only a whole pass ranks.
East Money's own 3/5/10-day numbers come in the same rows (PERIOD_FIELDS: akshare's
stock_individual_fund_flow_rank asks "3日" f267-f276, "5日" f164-f173, "10日"
f174-f183, each main, super, large, medium, small net and ratio): the Market view ranks
by them when the flow history lacks those days (there is no 20-day field).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ...core.codes import Market
from .client import ShapeError
from .fields import ULIST_FIELDS, UT, Quotes, number, parse_ulist

CLIST_PATH = "/api/qt/clist/get"
PAGE = 100      # rows a page holds, whatever pz asks (akshare#5805)
_SH = "m:1+t:2+f:!2,m:1+t:23+f:!2"
_SZ = "m:0+t:6+f:!2,m:0+t:13+f:!2,m:0+t:80+f:!2"
BOARDS: dict[str, str] = {"SH": _SH, "SZ": _SZ, "A": f"{_SH},{_SZ}"}
_CODE_MARKET = {1: Market.SH, 0: Market.SZ}
SORT_FID: dict[str, str] = {
    "main_net_inflow": "f62", "main_net_inflow_ratio": "f184",
    "super_net_inflow": "f66", "super_net_inflow_ratio": "f69",
    "large_net_inflow": "f72", "large_net_inflow_ratio": "f75",
    "medium_net_inflow": "f78", "medium_net_inflow_ratio": "f81",
    "small_net_inflow": "f84", "small_net_inflow_ratio": "f87"}
PERIOD_FID = {"3d": "f267", "5d": "f164", "10d": "f174"}
OWN_DAYS = (3, 5, 10)   # feeds.market_table.MarketTable.own_periods' order
# Per period: main, super, large, medium, small, each net then ratio (percent).
PERIOD_FIELDS: dict[int, tuple[str, ...]] = {
    3: tuple(f"f{n}" for n in range(267, 277)),
    5: tuple(f"f{n}" for n in range(164, 174)),
    10: tuple(f"f{n}" for n in range(174, 184))}
CLIST_FIELDS = (*ULIST_FIELDS, "f6", "f100", *(f for d in OWN_DAYS for f in PERIOD_FIELDS[d]))
CODE_ORDER = "f12"


def clist_params(boards: str, fid: str, descending: bool, page: int,
                 size: int = PAGE) -> dict[str, str]:
    return {"fid": fid, "po": "1" if descending else "0", "pz": str(size), "pn": str(page),
            "np": "1", "fltt": "2", "invt": "2", "ut": UT, "fs": boards,
            "fields": ",".join(CLIST_FIELDS)}


def top_params(market: str, field: str, descending: bool) -> dict[str, str]:
    """One request for the best (or worst) PAGE codes of `market` ("SH", "SZ", "A")
    by one of today's numbers East Money sorts (KeyError for retail)."""
    return clist_params(BOARDS[market], SORT_FID[field], descending, 1)


def pages(total: int, size: int = PAGE) -> int:
    return max(1, math.ceil(total / size))


@dataclass(slots=True)
class ClistPage:
    total: int                                   # codes on the boards asked
    codes: list[str] = field(default_factory=list)   # this page's, in its order
    quotes: Quotes = field(default_factory=Quotes)
    turnover: dict[str, float] = field(default_factory=dict)   # yuan; "-" left out
    industry: dict[str, str] = field(default_factory=dict)     # "" when unknown
    # (len(OWN_DAYS), 12) NUMERIC_KEYS order a code, NaN unknown ("-", not sent)
    periods: dict[str, np.ndarray] = field(default_factory=dict)


def parse_clist(payload: Mapping) -> ClistPage:
    """A page's rows; ShapeError naming the field when the page itself is not the list
    akshare reads (a row whose flow fields changed is that code's 1016, fields.py).
    `data: null` (a page past the end) is an empty page."""
    if "data" not in payload:
        raise ShapeError("data", "missing")
    data = payload["data"]
    if data is None:
        return ClistPage(0)
    if not isinstance(data, Mapping):
        raise ShapeError("data", "not an object")
    total = data.get("total")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ShapeError("data.total", f"{total!r} is not a count")
    diff = data.get("diff")
    rows = list(diff.values()) if isinstance(diff, Mapping) else diff
    if not isinstance(rows, list):
        raise ShapeError("data.diff", "not a list")
    page = ClistPage(total)
    for i, row in enumerate(rows):
        code = _code(row, i)
        if code is None:
            continue
        page.codes.append(code)
        turnover = number(row, "f6") if "f6" in row else None
        if turnover is not None:
            page.turnover[code] = turnover
        sector = row.get("f100", "")
        page.industry[code] = sector if isinstance(sector, str) and sector != "-" else ""
        page.periods[code] = own_periods(row)
    page.quotes = parse_ulist(payload, page.codes)
    return page


def own_periods(row: Mapping) -> np.ndarray:
    """East Money's 3/5/10-day numbers of a row in NUMERIC_KEYS order (retail = medium +
    small, as today's; ratios as fractions, as today's: East Money sends percent); a
    field missing, "-" or not a number is unknown (NaN): a ranking by it leaves the code
    out rather than the page failing over a secondary field."""
    out = np.full((len(OWN_DAYS), 12), np.nan)
    for d, days in enumerate(OWN_DAYS):
        got = [_maybe(row, key) for key in PERIOD_FIELDS[days]]
        got[1::2] = [ratio / 100.0 for ratio in got[1::2]]
        main, sup, large, medium, small = (got[i:i + 2] for i in range(0, 10, 2))
        retail = [medium[0] + small[0], medium[1] + small[1]]
        out[d] = [*main, *retail, *sup, *large, *medium, *small]
    return out


def _maybe(row: Mapping, key: str) -> float:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def _code(row: object, i: int) -> str | None:
    """SH.600519 from f12 "600519" and f13 1; None for another exchange's row."""
    if not isinstance(row, Mapping):
        raise ShapeError(f"data.diff[{i}]", "not an object")
    symbol, market = row.get("f12"), row.get("f13")
    if not isinstance(symbol, str) or isinstance(market, bool) or not isinstance(market, int):
        raise ShapeError(f"data.diff[{i}].f12/f13", "the code is missing")
    where = _CODE_MARKET.get(market)
    return f"{where.value}.{symbol}" if where is not None else None

"""The answers of /v1/rank and /v1/sectors, as `flowdeck rank --json` prints them too:
one ranking (core/ranking.py) or one market's sectors (core/sectors.py) of a whole-market
table, with names from the source's universe. Plain dicts, float64 numbers as the
engine has them, None (JSON null) for what is unknown, never NaN.

Over a period (3d to 20d: `periods`, core/market_periods.py) the field, `net_inflow` and
`net_inflow_ratio` are the window's, `days` per row the window's known days, and the
answer's `days` of `days_asked` how many of the period's days the archive covered
(today and the past days some code has); `turnover`, `last` and `change_ratio` stay
today's. Only the codes with a past day archived rank (the rest have today alone).

Every answer says its amounts' `currency` (one market's own, or over ALL the base
currency, with the `rates` used and their dates); over ALL each row says its own
`currency` and its amounts as they were (`native_*`); prices stay in their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

import numpy as np

from .currency import Rates
from .errors import source_failed
from .market_periods import TablePeriods
from .markets import MARKETS
from .ranking import Ranker, RankRequest, TableLike
from .ranking_currency import check_rates, conversion, mixed, own_currency, rates_used
from .records import FIELD_BY_KEY
from .sectors import SectorIndex, sector_flows
from .stock_info import Sector, StockInfo, info_of


class MarketTableLike(TableLike, Protocol):
    """A whole market's table (feeds/market_table.MarketTable is one)."""
    turnover: np.ndarray
    last: np.ndarray
    prev_close: np.ndarray


class Names(Protocol):
    def stocks(self) -> Mapping[str, StockInfo]: ...

    def sectors(self) -> Mapping[str, Sector]: ...


def known(value: object) -> float | None:
    v = float(value)  # type: ignore[arg-type]
    return v if math.isfinite(v) else None


def rank_data(table: MarketTableLike, request: RankRequest, names: Names | None,
              ranker: Ranker | None = None, rates: Rates | None = None,
              periods: TablePeriods | None = None) -> dict:
    """`data` of /v1/rank: the request as understood, how many codes were ranked, and
    `rank_list`, best first. ALL by an amount needs every currency's rate in `rates`
    (1001 naming the market and the currencies); a period beyond today `periods`
    (1016 without, or without a past day archived)."""
    check_rates(request.market, request.markets, request.field, rates)
    covered = _covered(request, periods)
    ranking = (ranker or Ranker()).rank(table, request, periods, rates=rates)
    converting = conversion(table.market[ranking.rows], rates)
    currencies = own_currency(table.market[ranking.rows]).tolist()
    rows = []
    for i, (row, code) in enumerate(zip(ranking.rows.tolist(), ranking.codes,
                                        strict=True), 1):
        info = info_of(names, code)  # type: ignore[arg-type]
        last, prev = known(table.last[row]), known(table.prev_close[row])
        rows.append({
            "rank": i, "code": code, "name": info.name_zh or info.name_en,
            "name_en": info.name_en, "name_zh": info.name_zh,
            "name_zh_hant": info.name_zh_hant,
            request.field: known(ranking.value[i - 1]),
            "net_inflow": known(ranking.net[i - 1]),
            "net_inflow_ratio": known(ranking.ratio[i - 1]),
            "days": int(ranking.days[i - 1]),
            "last": last, "prev_close": prev,
            "change_ratio": (last - prev) / prev if last is not None and prev else None,
            "turnover": known(table.turnover[row]),
            "update_time": str(table.update_time[row]),
        })
        if ranking.native is not None:  # amounts converted: each row's own beside
            rows[-1].update({"turnover": known(table.turnover[row]
                                               * converting.factors[i - 1]),
                             "currency": currencies[i - 1],
                             "native_net_inflow": known(ranking.native[i - 1]),
                             "native_turnover": known(table.turnover[row])})
    return {**_asked(request, covered), **_currency(request, rates, ranking.missing),
            "codes": ranking.candidates, "known": ranking.known, "rank_list": rows}


def sectors_data(table: MarketTableLike, request: RankRequest, names: Names,
                 index: SectorIndex | None = None, rates: Rates | None = None,
                 periods: TablePeriods | None = None) -> dict:
    """`data` of /v1/sectors: the market's sectors ranked by the field (today, or over
    a period from `periods`: members' window nets summed over their window turnovers),
    each with its name, the field, every series' net and ratio, turnover and members
    (over ALL in the base currency, each sector's own `currency` beside)."""
    check_rates(request.market, request.markets, request.field, rates)
    index = index if index is not None else SectorIndex.build(table.codes, names.stocks())
    covered = _covered(request, periods)
    if periods is not None and request.days > 1:
        table = periods.period_table(request.days)  # type: ignore[assignment]
    flows = sector_flows(table, index, request.market, table.turnover, rates)
    first = np.full(len(flows.ids), -1, np.intp)
    first[flows.group] = flows.rows  # a member row of each sector (one currency each)
    values = flows.values(request.field)
    sectors = names.sectors()
    rows = []
    for i, s in enumerate(flows.rank(request.field, request.order, request.top).tolist(), 1):
        sector_id = flows.ids[s]
        sector = sectors.get(sector_id)
        name_en = sector.name_en if sector else sector_id
        name_zh = sector.name_zh if sector else sector_id
        rows.append({
            "rank": i, "sector": sector_id, "name": name_zh or name_en,
            "name_en": name_en, "name_zh": name_zh,
            "name_zh_hant": sector.name_zh_hant if sector else "",
            request.field: known(values[s]),
            "main_net_inflow": known(flows.net[s, 0]),
            "main_net_inflow_ratio": known(flows.ratio[s, 0]),
            "turnover": known(flows.turnover[s]),
            "members": int(flows.members[s]), "known": int(flows.known[s]),
        })
        if flows.base is not None:
            rows[-1]["currency"] = str(own_currency(table.market[first[s:s + 1]])[0])
    return {**_asked(request, covered), **_currency(request, rates, flows.missing or {}),
            "sectors": len(flows.ids), "sector_list": rows}


def _currency(request: RankRequest, rates: Rates | None, missing: dict) -> dict:
    """What the amounts are in: one market's currency, or the base at these rates."""
    if not mixed(request.markets):
        return {"currency": MARKETS[request.markets[0]].currency, "rates": [],
                "missing_rates": {}}
    return {"currency": (rates or Rates()).base,
            "rates": rates_used(rates, request.markets), "missing_rates": dict(missing)}


def _covered(request: RankRequest, periods: TablePeriods | None) -> int:
    if request.days == 1:
        return 1
    if periods is None:
        raise source_failed(f"no archive of past days to rank over {request.period}",
                            "rank.no_archive", period=request.period)
    return periods.check(request.market, request.period, request.days)


def _asked(request: RankRequest, covered: int) -> dict:
    return {"market": request.market, "period": request.period, "field": request.field,
            "kind": FIELD_BY_KEY[request.field].kind, "order": request.order,
            "top": request.top, "days": covered, "days_asked": request.days}

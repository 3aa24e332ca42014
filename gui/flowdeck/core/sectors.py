"""Sectors of a whole market (issue 20): each sector's flows as the sum of its members',
ranked as stocks are (core.ranking), its members, and its intraday curve.

- A sector's net per series (main, retail, super, large, medium, small) is the sum of
  its members' known nets; a member with no record yet adds nothing, a sector none of
  whose members is known has NaN (it never ranks).
- Its ratio is the sum of nets over the sum of turnovers (not a mean of ratios: a
  small member's 30 % does not weigh like a large one's), NaN when a known member's
  turnover is unknown (never the ratio of a part), 0 when nothing traded.
- Sectors are keyed by their id within a market (StockInfo.sector). For the A-shares
  (SH + SZ) a Shanghai and a Shenzhen sector with the same id are one sector: an
  A-share industry spans both exchanges.
- ALL (every market): each market's sectors together, never merged across currencies;
  nets and turnovers in the base currency at the given rates (core.ranking_currency),
  ratios as they are. A sector whose currency has no rate keeps its ratios and has no
  net (NaN: it never ranks by an amount); `missing` names such currencies.

Vectorised: a sector index per table row (built once per code list and universe, the
one pass over codes), then bincount and reduceat over it; nothing loops over codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .currency import Rates
from .ranking import MARKET_CHOICES, TableLike, market_rows, top_positions
from .ranking_currency import conversion, mixed
from .records import FIELD_BY_KEY, NUMERIC_KEYS, SERIES_NAMES
from .stock_info import StockInfo

NET_COLUMNS = [NUMERIC_KEYS.index(f"{s}_net_inflow") for s in SERIES_NAMES]
_MAIN = SERIES_NAMES.index("main")


@dataclass(slots=True, eq=False)
class SectorIndex:
    """Each row of a table's code list: its sector, as a position in `ids` (-1: no
    sector known). Sector k is `ids[k]` of market `markets[k]`."""
    codes: list[str]
    ids: np.ndarray       # (S,) str
    markets: np.ndarray   # (S,) str, "HK"...
    row_sector: np.ndarray  # (n,) intp

    @classmethod
    def build(cls, codes: Sequence[str], stocks: Mapping[str, StockInfo]) -> SectorIndex:
        """The index of `codes` (a table's, in its row order) from a universe's
        stocks; a code the universe does not know, or without a sector, has none."""
        position: dict[tuple[str, str], int] = {}
        row_sector = np.full(len(codes), -1, np.intp)
        for r, code in enumerate(codes):
            info = stocks.get(code)
            if info is not None and info.sector:
                key = (code.partition(".")[0], info.sector)
                row_sector[r] = position.setdefault(key, len(position))
        keys = list(position)
        # The table's own list: sector_flows then knows it at once (an `is`).
        codes = codes if isinstance(codes, list) else list(codes)
        return cls(codes, np.asarray([k[1] for k in keys], dtype=str),
                   np.asarray([k[0] for k in keys], dtype=str), row_sector)


@dataclass(slots=True, eq=False)
class SectorFlows:
    """A market's sectors, sorted by id. Column j of `net` and `ratio` is
    SERIES_NAMES[j]; `rows` are the table rows in a sector, `group` their sector."""
    market: str
    ids: list[str]
    net: np.ndarray       # (S, 6) NaN: no member known
    ratio: np.ndarray     # (S, 6) NaN: unknown
    turnover: np.ndarray  # (S,) of the known members, NaN when one's is unknown
    members: np.ndarray   # (S,) int: member codes in the table
    known: np.ndarray     # (S,) int: members with a known main net
    rows: np.ndarray      # (k,) table rows with a sector of this market
    group: np.ndarray     # (k,) their sector's position
    base: str | None = None  # the amounts' currency over several (None: their own)
    missing: dict[str, int] | None = None  # currency without a rate -> its rows
    native: np.ndarray | None = None  # (S, 6) over several: `net` in each one's own

    def values(self, field: str) -> np.ndarray:
        """A record field summed (a net) or divided (a ratio) per sector."""
        meta = FIELD_BY_KEY[field]
        column = SERIES_NAMES.index(meta.series)
        return (self.ratio if meta.kind == "ratio" else self.net)[:, column]

    def native_values(self, field: str) -> np.ndarray:
        """A net field per sector in the sector's own currency (`values` where the
        amounts are not converted)."""
        column = SERIES_NAMES.index(FIELD_BY_KEY[field].series)
        return (self.net if self.native is None else self.native)[:, column]

    def rank(self, field: str, order: str = "desc", top: int = 20) -> np.ndarray:
        """Sector positions, best first, ranked as core.ranking ranks codes (unknown
        never ranks, ties by id)."""
        return top_positions(self.values(field), np.arange(len(self.ids)), top,
                             order == "desc")

    def members_of(self, position: int) -> np.ndarray:
        """The table rows of sector `position` (for Ranker.rank(..., within=))."""
        return self.rows[self.group == position]


def sector_flows(table: TableLike, index: SectorIndex, market: str,
                 turnover: np.ndarray, rates: Rates | None = None) -> SectorFlows:
    """Today's flows of `market`'s sectors (a MARKET_CHOICES key). `index` was built
    for `table.codes`; `turnover` is each table row's turnover today (NaN unknown);
    `rates` convert the amounts of a choice of several currencies (ALL)."""
    if index.codes is not table.codes and index.codes != table.codes:
        raise ValueError("the sector index was built for another code list")
    markets = MARKET_CHOICES[market]
    rows = market_rows(table.market, markets)
    sector = index.row_sector[rows]
    rows, sector = rows[sector >= 0], sector[sector >= 0]
    # One market's sectors are distinct ids; A-shares' merge SH and SZ by id; ALL
    # merges only within a currency (an HK and a US sector are never one).
    present = np.flatnonzero(np.bincount(sector, minlength=len(index.ids)))
    keys = index.ids[present]
    several = mixed(markets)
    if several:
        currency = np.where(np.isin(index.markets[present], ("SH", "SZ")), "A",
                            index.markets[present])
        keys = np.char.add(np.char.add(currency, "\x1f"), keys)
    keys, merged = np.unique(keys, return_inverse=True)
    ids = [k.partition("\x1f")[2] for k in keys.tolist()] if several else keys.tolist()
    remap = np.full(len(index.ids), -1, np.intp)
    remap[present] = merged.reshape(-1)
    group = remap[sector]
    nets, turnovers = table.values[rows][:, NET_COLUMNS], turnover[rows]
    net, ratio, total, members, known = aggregate(group, len(ids), nets, turnovers)
    if not several:
        return SectorFlows(market, ids, net, ratio, total, members, known, rows, group)
    # Ratios from the sectors' own amounts; nets and turnovers summed once converted.
    converting = conversion(table.market[rows], rates)
    native = net
    net, _, total, _, converted = aggregate(group, len(ids),
                                            nets * converting.factors[:, None],
                                            converting.amounts(turnovers))
    total[converted < known] = np.nan  # a member without a rate: no sum in the base
    return SectorFlows(market, ids, net, ratio, total, members, known, rows, group,
                       converting.base, converting.missing, native)


def aggregate(group: np.ndarray, count: int, nets: np.ndarray, turnover: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group (0..count-1): the sums of `nets` (k, 6) where known, their ratios to
    the summed `turnover` (k,), that turnover, the members and the known members."""
    width = nets.shape[1]
    known = np.isfinite(nets)
    cells = (group[:, None] * width + np.arange(width)).reshape(-1)
    size = count * width
    # (bincount of nothing is integer, even with weights)
    sums = np.bincount(cells, np.where(known, nets, 0.0).reshape(-1), size).astype(float)
    seen = np.bincount(cells, known.reshape(-1), size)
    net = sums.reshape(count, width)
    net[seen.reshape(count, width) == 0] = np.nan
    member = known[:, _MAIN]
    turnover_known = np.isfinite(turnover)
    total = np.bincount(group, np.where(member & turnover_known, turnover, 0.0),
                        count).astype(float)
    blind = np.bincount(group, member & ~turnover_known, count)
    total[blind > 0] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.clip(net / total[:, None], -1.0, 1.0)
    ratio[(total == 0)[:, None] & np.isfinite(net)] = 0.0
    members = np.bincount(group, minlength=count)
    return net, ratio, total, members, np.bincount(group, member, count).astype(np.intp)


def sector_curve(series: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One sector's intraday curve: the sum of its members' series (`series` (n,
    minutes), a row per table row, NaN where a member has no value yet). A minute
    where no member has a value is NaN: the curve has not started."""
    part = series[rows]
    known = np.isfinite(part)
    out = np.where(known, part, 0.0).sum(axis=0, dtype=np.float64)
    out[~known.any(axis=0)] = np.nan
    return out


def sector_curves(series: np.ndarray, flows: SectorFlows) -> np.ndarray:
    """Every sector's curve at once, (S, minutes): members' series summed per sector
    (a sort of the rows by sector, then one reduceat)."""
    count = len(flows.ids)
    if not len(flows.rows):
        return np.full((count, series.shape[1]), np.nan)
    order = np.argsort(flows.group, kind="stable")
    part = series[flows.rows[order]]
    known = np.isfinite(part)
    starts = np.searchsorted(flows.group[order], np.arange(count))
    out = np.add.reduceat(np.where(known, part, 0.0), starts, axis=0, dtype=np.float64)
    out[np.add.reduceat(known, starts, axis=0) == 0] = np.nan
    return out

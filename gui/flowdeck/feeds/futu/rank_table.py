"""What the Market view ranks on `futu://`: not a whole market (one code per
get_capital_flow request, 30 requests per 30 s: a round of HK's ~2,600 stocks would
take 48 minutes) but the codes the user chose to poll, the union of their watchlists
and the plates they picked (RankScope), refreshed in the same round robin as the rows
they follow. Each row says how old its numbers are (`ages`, seconds, NaN never
fetched), and the table says what it covers (`scope`: feeds.base.ScopeFacts, counts
and plate names the view words in the window's language).

Its tables are feeds.market_table.MarketTables covering a "selection": codes in market
order then code order, the 12 numbers (NaN never fetched), turnover, last price and
previous close (NaN unknown), each market's main-net sparklines as `blocks`, and the
`ages` and `scope` above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...core.codes import Market
from ...core.markets import MARKET_ORDER, market_of, session_minutes
from ...core.records import NUMERIC_KEYS
from ...core.stock_info import Quote
from ..base import ScopeFacts
from ..market_table import MarketTable
from .batches import Kept

_MARKET_POS = {m: i for i, m in enumerate(MARKET_ORDER)}


@dataclass(slots=True)
class RankScope:
    """The codes the window asked to rank (its watchlists' union) and the plates."""
    codes: list[str] = field(default_factory=list)
    plates: list[str] = field(default_factory=list)

    def all_codes(self, members: Mapping[str, Sequence[str]]) -> list[str]:
        """The codes and every chosen plate's stocks known so far, without repeats."""
        out = dict.fromkeys(self.codes)
        for plate in self.plates:
            out.update(dict.fromkeys(members.get(plate, ())))
        return list(out)

    def facts(self, codes: int, plates_known: int,
              plate_names: Mapping[str, str]) -> ScopeFacts:
        """What the table covers, for the view to word (the feed speaks no language)."""
        return ScopeFacts(codes, bool(self.codes),
                          tuple(plate_names.get(p) or p for p in self.plates), plates_known)


def ordered(codes: Sequence[str], markets: Sequence[Market]) -> list[str]:
    """`codes` (normalised: MARKET.SYMBOL) of `markets`, in market order then code
    order."""
    wanted = {m.value: _MARKET_POS[m] for m in markets}
    keyed = [(wanted[c.partition(".")[0]], c) for c in codes
             if c.partition(".")[0] in wanted]
    return [c for _, c in sorted(keyed)]


class TableMaker:
    """MarketTables of one code list, again and again (the Market view asks 4 times
    a second): only the rows whose data changed since the last table are built again
    (a row's Kept.seq, its quote's seq), so a table of 2,000 codes costs a pass over the
    codes and a copy, not 2,000 records read. Each table is a copy: a reader may keep
    it while the next is made. `codes` stays the same list object while it is equal
    (core.ranking.Ranker keeps its tie-break order for it)."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self._asked: tuple[list[str], tuple[Market, ...]] = ([], ())
        self._ordered: list[str] = []
        self._reset([])

    def order(self, codes: list[str], markets: Sequence[Market]) -> list[str]:
        """`ordered(codes, markets)`, computed again only when they changed."""
        if (codes, tuple(markets)) != self._asked:
            self._asked = (list(codes), tuple(markets))
            self._ordered = ordered(codes, markets)
        return self._ordered

    def _reset(self, codes: list[str]) -> None:
        n = len(codes)
        self.codes = codes
        self._data_seq = np.zeros(n, np.int64)
        self._quote_seq = np.zeros(n, np.int64)
        self._values = np.full((n, len(NUMERIC_KEYS)), np.nan)
        self._turnover, self._last = np.full(n, np.nan), np.full(n, np.nan)
        self._prev = np.full(n, np.nan)
        self._times = np.full(n, "", dtype=object)
        self._minutes = np.zeros(n, np.int64)    # a row's minutes with a point
        self._market = np.fromiter((_MARKET_POS[market_of(c)] for c in codes), np.int8, n)
        self._blocks = []
        for pos, m in enumerate(MARKET_ORDER):
            rows = np.flatnonzero(self._market == pos)
            if len(rows):
                first, end = int(rows[0]), int(rows[-1]) + 1
                self._blocks.append((first, end, np.full(
                    (end - first, session_minutes(m)), np.nan, np.float32)))

    def make(self, codes: list[str], data: Mapping[str, Kept], quotes: Mapping[str, Quote],
             quote_seq: Mapping[str, int], ages: Mapping[str, float | None],
             scope: ScopeFacts) -> MarketTable:
        """The table of `codes` (already `ordered`) from what the feed keeps now."""
        if codes != self.codes:
            self._reset(list(codes))
        for r, code in enumerate(self.codes):
            kept = data.get(code)
            if kept is not None and kept.seq != self._data_seq[r]:
                self._data_seq[r] = kept.seq
                self._take(r, kept)
            seq = quote_seq.get(code, 0)
            if seq != self._quote_seq[r] and code in quotes:
                self._quote_seq[r] = seq
                quote = quotes[code]
                self._last[r] = quote.last
                self._prev[r] = np.nan if quote.prev_close is None else quote.prev_close
        age = np.array([np.nan if (a := ages.get(c)) is None else a for c in self.codes],
                       np.float64)
        blocks = [(first, end, series.copy(), int(self._minutes[first:end].max()))
                  for first, end, series in self._blocks]
        return MarketTable(self.codes, self._values.copy(), self._market,
                           self._times.astype(str), self._turnover.copy(), self._last.copy(),
                           self._prev.copy(), np.ones(len(self.codes), bool), "selection",
                           blocks, age, scope)

    def _take(self, r: int, kept: Kept) -> None:
        self._values[r] = [getattr(kept.record, k) for k in NUMERIC_KEYS]
        self._turnover[r] = kept.detail.turnover
        self._times[r] = kept.record.update_time
        for first, end, series in self._blocks:
            if first <= r < end:
                row = series[r - first]
                row[:] = np.nan
                minutes = kept.points.minutes.astype(np.intp)
                ok = (minutes >= 0) & (minutes < len(row))
                row[minutes[ok]] = kept.points.values[ok, 0]
                self._minutes[r] = int(minutes[ok].max()) + 1 if ok.any() else 0

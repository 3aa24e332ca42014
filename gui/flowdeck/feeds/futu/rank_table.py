"""What the Market view ranks on `futu://`: not a whole market (one code per
get_capital_flow request, 30 requests per 30 s: a round of HK's ~2,600 stocks would
take 48 minutes) but the codes the user chose to poll, the union of their watchlists
and the plates they picked (RankScope), refreshed in the same round robin as the rows
they follow. Each row says how old its numbers are (`ages`, seconds, NaN never
fetched), and the table says what it covers (`scope`).

A FutuMarketTable has the fields of the simulator's MarketTable (a core.ranking
TableLike and core.rank_answer MarketTableLike): codes in market order then code
order, the 12 numbers (NaN never fetched), market, update time, turnover, last price
and previous close (NaN unknown), and each market's main-net sparklines as `blocks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ...core.codes import Market
from ...core.markets import MARKET_ORDER, market_of, session_minutes
from ...core.records import NUMERIC_KEYS
from ...core.stock_info import Quote
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

    def text(self, codes: int, plates_known: int) -> str:
        """What the table covers, for the view's line (English; the view words its own
        when it has one)."""
        plates = len(self.plates)
        parts = ["your watchlists"] if self.codes else []
        if plates:
            parts.append(f"{plates} plate{'s' if plates > 1 else ''}"
                         + ("" if plates_known == plates else f" ({plates_known} loaded)"))
        what = " + ".join(parts) or "the followed codes"
        return f"{what}, {codes} code{'s' if codes != 1 else ''}"


@dataclass(slots=True, eq=False)
class FutuMarketTable:
    codes: list[str]
    values: np.ndarray       # (n, 12) NUMERIC_KEYS order; NaN: never fetched
    market: np.ndarray       # (n,) int8 positions in MARKET_ORDER
    update_time: np.ndarray  # (n,) str
    turnover: np.ndarray     # (n,) NaN unknown
    last: np.ndarray         # (n,) NaN unknown
    prev_close: np.ndarray   # (n,) NaN unknown
    ages: np.ndarray         # (n,) seconds since each row's refresh; NaN never
    scope: str
    followed: np.ndarray     # (n,) bool: every row is one this feed polls
    blocks: list[tuple[int, int, np.ndarray, int]]  # (first row, end, main net, minutes)

    def main_series(self, row: int) -> np.ndarray:
        for first, end, series, done in self.blocks:
            if first <= row < end:
                return series[row - first, :done]
        raise IndexError(row)


def ordered(codes: Sequence[str], markets: Sequence[Market]) -> list[str]:
    """`codes` of `markets`, in market order then code order."""
    wanted = set(markets)
    return sorted((c for c in codes if market_of(c) in wanted),
                  key=lambda c: (_MARKET_POS[market_of(c)], c))


def build_table(codes: list[str], data: Mapping[str, Kept], quotes: Mapping[str, Quote],
                ages: Mapping[str, float | None], scope: str) -> FutuMarketTable:
    """The table of `codes` (already `ordered`) from what the feed keeps."""
    n = len(codes)
    values = np.full((n, len(NUMERIC_KEYS)), np.nan)
    turnover, last, prev = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    age = np.full(n, np.nan)
    times = np.full(n, "", dtype=object)
    market = np.fromiter((_MARKET_POS[market_of(c)] for c in codes), np.int8, n)
    for r, code in enumerate(codes):
        kept = data.get(code)
        if kept is not None:
            values[r] = [getattr(kept.record, k) for k in NUMERIC_KEYS]
            turnover[r] = kept.detail.turnover
            times[r] = kept.record.update_time
        quote = quotes.get(code)
        if quote is not None:
            last[r] = quote.last
            prev[r] = np.nan if quote.prev_close is None else quote.prev_close
        a = ages.get(code)
        if a is not None:
            age[r] = a
    return FutuMarketTable(codes, values, market, times.astype(str), turnover, last, prev,
                           age, scope, np.ones(n, bool), _blocks(codes, market, data))


def _blocks(codes: list[str], market: np.ndarray, data: Mapping[str, Kept]
            ) -> list[tuple[int, int, np.ndarray, int]]:
    """Per market, (first row, end, float32 main net per trading minute, minutes done)
    from each code's kept minute points (NaN where a code has none)."""
    out = []
    for pos, m in enumerate(MARKET_ORDER):
        rows = np.flatnonzero(market == pos)
        if not len(rows):
            continue
        first, end = int(rows[0]), int(rows[-1]) + 1
        series = np.full((end - first, session_minutes(m)), np.nan, np.float32)
        done = 0
        for r in range(first, end):
            kept = data.get(codes[r])
            if kept is None or not len(kept.points):
                continue
            minutes = kept.points.minutes.astype(np.intp)
            ok = (minutes >= 0) & (minutes < series.shape[1])
            series[r - first, minutes[ok]] = kept.points.values[ok, 0]
            if ok.any():
                done = max(done, int(minutes[ok].max()) + 1)
        out.append((first, end, series, done))
    return out

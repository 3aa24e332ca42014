"""Find a stock by what a trader types: a code in any usual form (`700`, `sh600519`,
`0700.HK`, `aapl`), a name or part of it (`茅台`, `tencent`), or the pinyin initials of
its Chinese name (`gzmt`, `tx`).

Results are ranked: the code typed (EXACT), codes starting with it (CODE_PREFIX), names
and their aliases starting with it (NAME_PREFIX), then names holding it (SUBSTRING);
at most `limit`. A code typed in a usual form that the universe does not list is still
a result (TYPED, no name), so codes can be added with no universe at all; a bare word
is listed that way only when nothing else matches (`tx` is Tencent, not US.TX). A
query in Traditional characters is also read as Simplified (騰訊, 建設銀行, 長和 find
腾讯控股, 建设银行, 长和 as the Simplified queries do); a stock's Traditional name, where
the source has one besides the Simplified, is a name of its own (腾讯 finds 騰訊控股).

The index is sorted key lists (bisect for prefixes) and one joined text per kind of
key (one C-level scan for substrings), so 12,000 stocks index in ~0.1 s and a query
never loops over the stocks in Python: ~1 ms at p99 (tests/bench/search_bench.py).
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .codes import Market, recognise_typed_code
from .name_aliases import NameAliases, simplified
from .stock_info import StockInfo

DEFAULT_LIMIT = 20
# Other readings' initials count as one letter longer: after the usual reading's keys
# of their length (腾讯控股 before 能興集行 for tx, 能 read tai), and still before
# longer names (長和, zh by pypinyin and ch to a trader, before China Construction Bank).
OTHER_READING_PENALTY = 1


class MatchRank(enum.IntEnum):
    EXACT = 0
    CODE_PREFIX = 1
    NAME_PREFIX = 2
    SUBSTRING = 3
    TYPED = 4       # a code typed in a usual form, not in the universe


@dataclass(frozen=True, slots=True)
class SearchHit:
    code: str
    info: StockInfo | None    # None for a TYPED code
    rank: MatchRank

    @property
    def market(self) -> str:
        return self.code.partition(".")[0]

    def name(self, lang: str) -> str:
        return self.info.name(lang) if self.info is not None else ""


class _Keys:
    """Keys (codes, names, aliases) sorted, each with the stock it belongs to."""

    def __init__(self, pairs: Iterable[tuple[str, int] | tuple[str, int, int]]) -> None:
        ordered = sorted(p for p in pairs if p[0])
        self.keys = [p[0] for p in ordered]
        self.owners = np.fromiter((p[1] for p in ordered), dtype=np.int64, count=len(ordered))
        # The order among keys matched alike: shorter first, other readings last.
        self.weights = np.fromiter((len(p[0]) + (p[2] if len(p) > 2 else 0) for p in ordered),
                                   dtype=np.int64, count=len(ordered))
        # Keys hold no newline (names are stripped of them): one text, one scan.
        self.text = "\n".join(self.keys)
        self.starts = np.cumsum([0, *(len(k) + 1 for k in self.keys)])[:-1]

    def prefixed(self, prefix: str) -> slice:
        lo = bisect.bisect_left(self.keys, prefix)
        hi = bisect.bisect_left(self.keys, prefix + "\U0010ffff", lo)
        return slice(lo, hi)

    def holding(self, part: str, want: int, skip: set[int]) -> list[int]:
        """Owners of keys that hold `part` (not at their start), in key order, until
        `want` new ones beyond `skip` are found."""
        found: list[int] = []
        if not part or want <= 0:
            return found
        # One match a key at most: the rest of the line is eaten with the match.
        for m in re.finditer(re.escape(part) + "[^\n]*", self.text):
            i = int(np.searchsorted(self.starts, m.start(), side="right")) - 1
            owner = int(self.owners[i])
            if owner not in skip and m.start() != self.starts[i]:
                skip.add(owner)
                found.append(owner)
                if len(found) >= want:
                    break
        return found


class SearchIndex:
    """The stocks of a universe, searchable. `aliases` (code -> NameAliases, from
    `name_aliases.AliasBuilder`) adds Simplified names and pinyin initials."""

    def __init__(self, stocks: Mapping[str, StockInfo] | Iterable[StockInfo] = (),
                 aliases: Mapping[str, NameAliases] | None = None) -> None:
        infos = stocks.values() if isinstance(stocks, Mapping) else stocks
        self._infos = sorted(infos, key=lambda s: s.code)
        self._row = {s.code: i for i, s in enumerate(self._infos)}
        self._codes = _Keys(_code_keys(self._infos))
        names = []
        for i, s in enumerate(self._infos):
            names += [(_clean(n).casefold(), i) for n in (s.name_en, s.name_zh, s.name_zh_hant)]
        for code, found_by in (aliases or {}).items():
            row = self._row.get(code)
            if row is not None:
                names += [(_clean(k).casefold(), row) for k in found_by.usual]
                names += [(_clean(k).casefold(), row, OTHER_READING_PENALTY)
                          for k in found_by.other]
        self._names = _Keys(names)
        self.has_aliases = bool(aliases)

    def __len__(self) -> int:
        return len(self._infos)

    def stocks(self) -> list[StockInfo]:
        return list(self._infos)

    def info(self, code: str) -> StockInfo | None:
        row = self._row.get(code)
        return self._infos[row] if row is not None else None

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        query = _clean(text).strip()
        if not query or limit <= 0:
            return []
        typed = recognise_typed_code(query)
        hits: list[SearchHit] = []
        seen: set[int] = set()

        def take(rows: Iterable[int], rank: MatchRank) -> None:
            for row in rows:
                if len(hits) >= limit:
                    return
                if row not in seen:
                    seen.add(row)
                    hits.append(SearchHit(self._infos[row].code, self._infos[row], rank))

        if typed is not None and typed in self._row:
            take([self._row[typed]], MatchRank.EXACT)
        take(self._ordered(self._code_prefixes(query), self._codes), MatchRank.CODE_PREFIX)
        # A Traditional query finds Simplified names too (騰訊 腾讯控股), through the
        # tables the aliases use; a Simplified one finds Traditional names by those.
        forms = list(dict.fromkeys((query.casefold(), simplified(query).casefold())))
        take(self._ordered([self._names.prefixed(f) for f in forms], self._names),
             MatchRank.NAME_PREFIX)
        for form in forms:
            take(self._names.holding(form, limit - len(hits), set(seen)), MatchRank.SUBSTRING)
        if typed is not None and typed not in self._row and (
                not hits or not query.isalpha() or not query.isascii()):
            hits = [*hits[:limit - 1], SearchHit(typed, None, MatchRank.TYPED)]
        return hits

    def _code_prefixes(self, query: str) -> list[slice]:
        upper = query.upper()
        prefixes = [upper]
        joined = _JOINED_PREFIX_RE.fullmatch(upper)
        if joined:  # sh6005, HK.07
            prefixes.append(f"{joined[1]}.{joined[2]}")
        if upper.isdigit() and len(upper) <= 5:  # 70 -> HK.00700 (HK.700 in the keys)
            prefixes.append(f"HK.{upper.lstrip('0')}")
        return [self._codes.prefixed(p) for p in prefixes if p]

    @staticmethod
    def _ordered(ranges: list[slice], keys: _Keys) -> list[int]:
        """The owners of keys in `ranges`, the lightest key first, then by code."""
        if not ranges:
            return []
        owners = np.concatenate([keys.owners[r] for r in ranges])
        weights = np.concatenate([keys.weights[r] for r in ranges])
        order = np.lexsort((owners, weights))
        return [int(o) for o in dict.fromkeys(owners[order].tolist())]


_JOINED_PREFIX_RE = re.compile(r"(SH|SZ|HK)\.?([0-9]+)")


def _code_keys(infos: list[StockInfo]) -> Iterable[tuple[str, int]]:
    """A stock's code as typed from the start: HK.00700, 00700, and for HK the number
    without its zeros under HK. (HK.700), so that 70 finds it."""
    for i, s in enumerate(infos):
        market, _, symbol = s.code.partition(".")
        yield s.code, i
        yield symbol, i
        if market == Market.HK.value:
            yield f"HK.{symbol.lstrip('0')}", i


def _clean(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")

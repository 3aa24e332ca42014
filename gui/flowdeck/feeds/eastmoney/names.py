"""The names `eastmoney://` shows: f14 of its field answers (Chinese, as East Money
writes them), learned as the rows come in; a Universe that names any code (unknown
ones by their code alone). East Money's sectors come with the Market view's tables."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ...core.stock_info import Sector, StockInfo


class EastMoneyNames:
    def __init__(self) -> None:
        self._known: dict[str, StockInfo] = {}
        self._sectors: dict[str, Sector] = {}

    def info(self, code: str) -> StockInfo:
        known = self._known.get(code)
        return known if known is not None else StockInfo(code)

    def stocks(self) -> Mapping[str, StockInfo]:
        return MappingProxyType(self._known)

    def sectors(self) -> Mapping[str, Sector]:
        return MappingProxyType(self._sectors)

    def learn(self, names: Mapping[str, str]) -> bool:
        """True when a name is new or changed."""
        new = False
        for code, name in names.items():
            known = self._known.get(code)
            if name and (known is None or known.name_zh != name):
                self._known[code] = StockInfo(code, name_zh=name,
                                              sector=known.sector if known else "")
                new = True
        return new

    def learn_sectors(self, industries: Mapping[str, str]) -> bool:
        """Each code's industry (East Money's 行业, f100 of the Market view's lists) as
        the sector it ranks in; True when one is new or changed."""
        new = False
        for code, industry in industries.items():
            known = self._known.get(code) or StockInfo(code)
            if industry and known.sector != industry:
                self._known[code] = StockInfo(code, known.name_en, known.name_zh, industry,
                                              known.name_zh_hant)
                self._sectors.setdefault(industry, Sector(industry, "SH", "", industry))
                new = True
        return new

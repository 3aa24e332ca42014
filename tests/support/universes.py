"""Universes (core.stock_info.Universe) for tests and benchmarks: a fixed one holding
the stocks a test names, and a large one of made-up names in every market."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

from flowdeck.core.stock_info import Sector, StockInfo

# Real names the search tests look for, Traditional ones as HK writes them.
KNOWN_STOCKS = (
    StockInfo("HK.00700", "Tencent Holdings", "騰訊控股"),
    StockInfo("HK.00939", "China Construction Bank", "建設銀行"),
    StockInfo("HK.00001", "CK Hutchison", "長和"),
    StockInfo("HK.09988", "Alibaba Group", "阿里巴巴"),
    StockInfo("SH.600519", "Kweichow Moutai", "贵州茅台"),
    StockInfo("SH.601939", "China Construction Bank", "建设银行"),
    StockInfo("SZ.000001", "Ping An Bank", "平安银行"),
    StockInfo("SZ.300750", "CATL", "宁德时代"),
    StockInfo("US.AAPL", "Apple", "苹果"),
    StockInfo("US.BRK.B", "Berkshire Hathaway B", ""),
    StockInfo("US.TSLA", "Tesla", "特斯拉"),
)

# Made-up names: two to four of these characters (some Traditional), then a word.
_SYLLABLES = "华中国建设银行长江实业科技电子能源医药汽车发展控股集团新龙騰訊長實業電國東興"
_WORDS = ("Holdings", "Group", "Technology", "Bank", "Energy", "Pharma", "Motors")


class StaticUniverse:
    """A Universe holding the stocks given (and no sectors unless given)."""

    def __init__(self, stocks: Iterable[StockInfo] = KNOWN_STOCKS,
                 sectors: Iterable[Sector] = ()) -> None:
        self._stocks = {s.code: s for s in stocks}
        self._sectors = {s.id: s for s in sectors}

    def stocks(self) -> Mapping[str, StockInfo]:
        return self._stocks

    def sectors(self) -> Mapping[str, Sector]:
        return self._sectors


def made_up_stocks(per_market: int = 3000, seed: int = 20) -> list[StockInfo]:
    """About `per_market` stocks in each of HK, US, SH and SZ with deterministic names
    (none with a code of KNOWN_STOCKS)."""
    rng = random.Random(seed)
    stocks = []
    for i in range(per_market):
        symbols = {"HK": f"{i + 1:05d}", "SH": f"{600000 + i:06d}",
                   "SZ": f"{(i * 7) % 4000:06d}" if i % 2 else f"{300000 + i:06d}",
                   "US": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                                 for _ in range(rng.randint(2, 4))) + f"{chr(65 + i % 26)}"}
        for market, symbol in symbols.items():
            zh = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            en = f"{symbol.title()} {rng.choice(_WORDS)} {i}"
            stocks.append(StockInfo(f"{market}.{symbol}", en, zh))
    known = {s.code for s in KNOWN_STOCKS}  # a test's real names are never replaced
    return [s for s in {s.code: s for s in stocks}.values() if s.code not in known]

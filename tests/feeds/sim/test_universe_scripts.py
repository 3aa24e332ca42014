"""The simulator's names and sectors in Traditional Chinese for zh_HK: every made-up
and real name and every sector, the bundle's Traditional-to-Simplified conversion
giving the Simplified name back, and as OpenCC writes them for Hong Kong (its full
Simplified-to-Traditional tables are in the venv, not in the bundle)."""

from __future__ import annotations

import pytest
from opencc_purepy import OpenCC

from flowdeck.core.codes import Market
from flowdeck.core.name_aliases import simplified
from flowdeck.feeds.sim.universe import SimUniverse

# (ours, OpenCC's): both right. Hong Kong writes 恒 (恒生) and HSBC 滙豐 where OpenCC
# writes 恆 and 匯豐; a transliteration keeps 里 (布里); OpenCC reads some made-up
# names as its phrases (博汇控股 as 匯控: 彙控; 阿杰: 杰).
VARIANTS = {("恒", "恆"), ("里", "裡"), ("滙", "匯"), ("匯", "滙"), ("匯", "彙"), ("傑", "杰")}


@pytest.fixture(scope="module")
def universe() -> SimUniverse:
    return SimUniverse(seed=0)


def test_the_real_names_and_sectors_in_traditional(universe):
    stocks, sectors = universe.stocks(), universe.sectors()
    assert [stocks[c].name("zh_HK") for c in ("HK.00700", "HK.00005", "SH.600519")] == [
        "騰訊控股", "滙豐控股", "貴州茅台"]
    assert stocks["HK.00700"].name("zh_CN") == "腾讯控股"
    assert [sectors[s].name("zh_HK") for s in ("HK.internet", "HK.media", "SH.bank")] == [
        "互聯網", "傳媒", "銀行"]


def test_every_traditional_name_reads_back_as_its_simplified_one(universe):
    for info in [*universe.stocks().values(), universe.info("HK.09999"),
                 universe.info("US.ZZZZZZ")]:
        assert info.name_zh_hant and simplified(info.name_zh_hant) == info.name_zh, info
    for sector in universe.sectors().values():
        assert simplified(sector.name_zh_hant) == sector.name_zh, sector
    # the made-up names are written in Traditional, not left as they were
    hk = list(universe.market_stocks(Market.HK).values())
    assert sum(i.name_zh_hant != i.name_zh for i in hk) > len(hk) / 2


def test_the_traditional_names_are_opencc_s_for_hong_kong(universe):
    # One conversion of every distinct name (pure-Python OpenCC: one text, not 11,700).
    names = sorted({i.name_zh for i in universe.stocks().values()}
                   | {s.name_zh for s in universe.sectors().values()})
    hant = {i.name_zh: i.name_zh_hant for i in universe.stocks().values()}
    hant |= {s.name_zh: s.name_zh_hant for s in universe.sectors().values()}
    expected = OpenCC("s2hk").convert("\n".join(names)).split("\n")
    differ = {(ours, theirs) for name, e in zip(names, expected, strict=True)
              for ours, theirs in zip(hant[name], e, strict=True) if ours != theirs}
    assert differ <= VARIANTS

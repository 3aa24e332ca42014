"""A stock's name in the window's language: English, Simplified (zh_CN) and Traditional
(zh_HK) where the source has them, another one where it has not (futu's one name in
OpenD's language, a replay names file's two columns), the code alone when none."""

from __future__ import annotations

import pytest

from flowdeck.core.stock_info import Sector, StockInfo, both_names

BOTH_SCRIPTS = StockInfo("HK.00700", "Tencent", "腾讯控股", "HK.internet", "騰訊控股")
ONE_CHINESE = StockInfo("HK.00700", "", "騰訊控股")          # futu with OpenD in Traditional
TWO_COLUMNS = StockInfo("SH.600519", "Kweichow Moutai", "贵州茅台")  # names.csv
HANT_ONLY = StockInfo("HK.00005", "", "", "", "滙豐控股")


@pytest.mark.parametrize("info, en, zh_cn, zh_hk", [
    (BOTH_SCRIPTS, "Tencent", "腾讯控股", "騰訊控股"),
    (ONE_CHINESE, "騰訊控股", "騰訊控股", "騰訊控股"),
    (TWO_COLUMNS, "Kweichow Moutai", "贵州茅台", "贵州茅台"),
    (HANT_ONLY, "滙豐控股", "滙豐控股", "滙豐控股"),
    (StockInfo("US.AAPL", "Apple"), "Apple", "Apple", "Apple"),
    (StockInfo("US.AAPL"), "", "", ""),
])
def test_a_name_follows_the_language_and_its_script(info, en, zh_cn, zh_hk):
    assert (info.name("en"), info.name("zh_CN"), info.name("zh_HK")) == (en, zh_cn, zh_hk)


def test_a_sector_s_name_follows_the_script_too():
    sector = Sector("HK.internet", "HK", "Internet", "互联网", "互聯網")
    assert [sector.name(lang) for lang in ("en", "zh_CN", "zh_HK")] == [
        "Internet", "互联网", "互聯網"]
    assert Sector("SH.x", "SH", "Banks", "银行").name("zh_HK") == "银行"


def test_both_names_in_the_language_s_script_or_the_code():
    assert both_names(BOTH_SCRIPTS, "zh_HK") == "騰訊控股 / Tencent"
    assert both_names(BOTH_SCRIPTS, "zh_CN") == "腾讯控股 / Tencent"
    assert both_names(BOTH_SCRIPTS, "en") == "腾讯控股 / Tencent"
    assert both_names(HANT_ONLY, "zh_CN") == "滙豐控股"
    assert both_names(StockInfo("US.AAPL"), "zh_HK") == "US.AAPL"

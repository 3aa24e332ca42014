"""futu/names.py on its own (no OpenD): names learnt are kept in the folder for the
exchange's day, read back by the next session that day, ignored the day after or when
the file is not ours (or older: without OpenD's language); the one name OpenD gives
goes in its language's column and serves both; a name of the other script seen later
makes its market due again."""

import datetime as dt

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKET_ORDER
from flowdeck.feeds.futu.names import FutuNames

DAY = dt.date(2026, 12, 4)


class Calendar:
    """The exchanges' day, moved by the test."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self, market: Market) -> dt.date:
        return self.day


def test_learnt_names_name_both_languages_and_unknown_codes_stay_bare():
    names = FutuNames(today=Calendar(DAY))
    names.learn(Market.HK, {"HK.00700": "騰訊控股", "HK.00005": "滙豐控股"})
    names.learn(Market.US, {"US.AAPL": "Apple Inc.", "US.ZZQ": "ZZQ Holdings"})
    info = names.info("HK.00700")
    assert info.name("en") == info.name("zh_CN") == "騰訊控股"
    assert (info.name_zh, info.name_en) == ("騰訊控股", "")  # OpenD ran in Chinese
    apple = names.info("US.AAPL")
    assert (apple.name_en, apple.name_zh) == ("Apple Inc.", "")  # ... and in English
    assert apple.name("zh_HK") == "Apple Inc."
    assert names.languages == {Market.HK: "zh", Market.US: "en"}
    assert names.info("HK.09988").name("en") == ""          # shown as the code alone
    assert set(names.stocks()) == {"HK.00700", "HK.00005", "US.AAPL", "US.ZZQ"}
    assert names.due() == [m for m in MARKET_ORDER if m not in (Market.HK, Market.US)]


def test_a_market_learnt_again_replaces_its_names_only():
    names = FutuNames(today=Calendar(DAY))
    names.learn(Market.HK, {"HK.00700": "腾讯控股", "HK.00001": "长和"})
    names.learn(Market.US, {"US.AAPL": "苹果"})
    names.learn(Market.HK, {"HK.00700": "腾讯控股"})       # delisted: gone
    assert set(names.stocks()) == {"HK.00700", "US.AAPL"}


def test_names_kept_on_disk_serve_a_restart_the_same_day_only(tmp_path):
    calendar = Calendar(DAY)
    first = FutuNames(tmp_path, today=calendar)
    first.learn(Market.SH, {"SH.600519": "贵州茅台"})

    again = FutuNames(tmp_path, today=calendar)
    assert again.load_kept() == [Market.SH]
    assert again.info("SH.600519").name("zh_HK") == "贵州茅台"
    assert again.info("SH.600519").name_en == "" and again.languages[Market.SH] == "zh"
    assert Market.SH not in again.due()

    calendar.day = DAY + dt.timedelta(days=1)
    tomorrow = FutuNames(tmp_path, today=calendar)
    assert tomorrow.load_kept() == []
    assert tomorrow.info("SH.600519").name("en") == ""
    assert Market.SH in tomorrow.due()


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"day": "2026-12-04"}',
                                  '{"day": "2026-12-04", "names": 7}',
                                  # older: no language recorded, its column unknown
                                  '{"day": "2026-12-04", "names": {"HK.00700": "TENCENT"}}',
                                  '{"day": "2026-12-04", "language": "fr", "names": {}}'])
def test_a_file_that_is_not_ours_is_ignored(tmp_path, text):
    (tmp_path / "futu-names-HK.json").write_text(text, "utf-8")
    names = FutuNames(tmp_path, today=Calendar(DAY))
    assert names.load_kept() == []
    assert Market.HK in names.due()


def test_a_name_of_the_other_script_makes_its_market_due_again():
    names = FutuNames(today=Calendar(DAY))
    names.learn(Market.HK, {"HK.00700": "腾讯控股", "HK.08123": "Fake HK.08123"})
    names.learn(Market.US, {"US.AAPL": "苹果", "US.ZZQ": "ZZQ Holdings"})
    # The same script as kept, a code not kept, a name in both scripts: nothing.
    assert names.check_language({"HK.00700": "腾讯控股", "HK.09999": "TENCENT",
                                 "US.ZZQ": "ZZQ Holdings", "HK.08123": "Fake HK.08123"}) == []
    assert names.due() == [Market.SH, Market.SZ]
    # OpenD in English now: Tencent's name has no Chinese character.
    assert names.check_language({"HK.00700": "TENCENT", "US.ZZQ": "ZZQ Holdings"}) == [
        Market.HK]
    assert names.due() == [Market.HK, Market.SH, Market.SZ]
    assert names.check_language({"HK.00700": "TENCENT"}) == []  # due already
    names.learn(Market.HK, {"HK.00700": "TENCENT"})
    assert names.info("HK.00700").name_en == "TENCENT" and names.languages[Market.HK] == "en"
    # And back: a Chinese name where an English one is kept.
    assert names.check_language({"HK.00700": "腾讯控股"}) == [Market.HK]

"""Finding a stock by what a trader types: codes in usual forms, names, pinyin
initials (core.stock_search, core.name_aliases, codes.recognise_typed_code)."""

from __future__ import annotations

import pytest

from flowdeck.core.codes import recognise_code, recognise_typed_code
from flowdeck.core.name_aliases import AliasBuilder, name_aliases, pinyin_initials
from flowdeck.core.stock_info import StockInfo
from flowdeck.core.stock_search import MatchRank, SearchIndex
from tests.support.universes import KNOWN_STOCKS, StaticUniverse


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    stocks = [*KNOWN_STOCKS, StockInfo("US.TXN", "Texas Instruments", "德州仪器"),
              StockInfo("HK.00007", "Hong Kong Finance", "香港金融")]
    builder = AliasBuilder(stocks)
    while not builder.advance(3):
        pass
    return SearchIndex(StaticUniverse(stocks).stocks(), builder.aliases())


@pytest.mark.parametrize("text, code", [
    ("700", "HK.00700"), ("00700", "HK.00700"), ("0700.HK", "HK.00700"),
    ("hk700", "HK.00700"), (" 7 ", "HK.00007"), ("600519", "SH.600519"),
    ("sh600519", "SH.600519"), ("SH600519", "SH.600519"), ("600519.SS", "SH.600519"),
    ("600519.ss", "SH.600519"), ("600519.SH", "SH.600519"), ("000001.SZ", "SZ.000001"),
    ("000001", "SZ.000001"), ("300750", "SZ.300750"), ("sz300750", "SZ.300750"),
    ("AAPL", "US.AAPL"), ("aapl", "US.AAPL"), ("BRK.B", "US.BRK.B"),
    ("brk.b.us", "US.BRK.B"), ("AAPL.US", "US.AAPL"), ("HK.00700", "HK.00700"),
])
def test_a_typed_code_in_any_usual_form(text, code):
    assert recognise_typed_code(text) == code


@pytest.mark.parametrize("text", [
    "", "  ", "123456", "800001", "1234567", "SH12345", "600519.XX", "HK.123456",
    "AAPLXYZ", "BRK.BBB", "贵州茅台", "٧٠٠", "1.5", "AA-PL", None, 700,
])
def test_what_is_no_code_when_typed(text):
    assert recognise_typed_code(text) is None


@pytest.mark.parametrize("text, code", [("700", None), ("AAPL", None), ("1", None),
                                        ("600519.SS", "SH.600519")])
def test_a_paste_still_reads_short_numbers_and_words_as_no_code(text, code):
    # Serial numbers and headers of copied tables: only the search box reads them.
    assert recognise_code(text) == code


@pytest.mark.parametrize("name, initials", [
    ("贵州茅台", "gzmt"), ("騰訊控股", "txkg"), ("建設銀行", "jsyh"), ("建设银行", "jsyh"),
    ("長和", "ch"), ("TCL科技", "tclkj"),
])
def test_pinyin_initials_read_traditional_names_as_simplified(name, initials):
    assert initials in pinyin_initials(name)


def test_a_traditional_name_is_found_by_its_simplified_form():
    assert name_aliases(StockInfo("HK.00939", name_zh="建設銀行")).usual == ("建设银行", "jsyh")
    assert name_aliases(StockInfo("US.BRK.B", name_en="Berkshire")) == ((), ())


def test_other_readings_rank_after_the_usual_one():
    # 能 reads neng, and tai: 能興集行 is a "tx" too, but after 騰訊控股 (HK.00700).
    stocks = [*KNOWN_STOCKS, StockInfo("HK.00175", "Made Up", "能興集行")]
    builder = AliasBuilder(stocks)
    builder.advance(len(stocks))
    assert "txjx" in builder.aliases()["HK.00175"].other
    hits = SearchIndex(stocks, builder.aliases()).search("tx")
    assert [h.code for h in hits] == ["HK.00700", "HK.00175"]


@pytest.mark.parametrize("query, code", [
    ("gzmt", "SH.600519"), ("jsyh", "HK.00939"), ("ch", "HK.00001"), ("txkg", "HK.00700"),
    ("茅台", "SH.600519"), ("腾讯", "HK.00700"), ("騰訊", "HK.00700"), ("建设", "HK.00939"),
    ("tencent", "HK.00700"), ("TESLA", "US.TSLA"),
])
def test_names_and_initials_find_the_stock(index, query, code):
    assert code in [h.code for h in index.search(query)]


def test_tx_finds_tencent_as_a_name_prefix_after_the_codes_starting_with_tx(index):
    hits = index.search("tx")
    assert [(h.code, h.rank) for h in hits] == [
        ("US.TXN", MatchRank.CODE_PREFIX), ("HK.00700", MatchRank.NAME_PREFIX)]


def test_ranking_exact_code_then_code_prefix_then_name_prefix_then_substring(index):
    hits = index.search("7")
    assert hits[0].code == "HK.00007" and hits[0].rank is MatchRank.EXACT
    assert [h.code for h in hits[1:]] == ["HK.00700"]
    bank = index.search("bank")
    assert [h.rank for h in bank] == [MatchRank.SUBSTRING] * 3
    china = index.search("china")
    assert [h.code for h in china] == ["HK.00939", "SH.601939"]
    assert {h.rank for h in china} == {MatchRank.NAME_PREFIX}
    ranks = [h.rank for h in index.search("a")]
    assert ranks == sorted(ranks) and MatchRank.CODE_PREFIX in ranks \
        and MatchRank.NAME_PREFIX in ranks and MatchRank.SUBSTRING in ranks


def test_the_shortest_name_starting_with_the_text_comes_first(index):
    # 長和's initials (ch) before China Construction Bank; equal lengths by code.
    assert [h.code for h in index.search("ch")][:3] == ["HK.00001", "HK.00939", "SH.601939"]


def test_at_most_limit_results(index):
    assert len(index.search("a", limit=3)) == 3
    assert index.search("a", limit=0) == [] and index.search("   ") == []


def test_a_code_the_universe_does_not_list_is_offered_last(index):
    hits = index.search("70")
    assert [(h.code, h.rank) for h in hits] == [
        ("HK.00700", MatchRank.CODE_PREFIX), ("HK.00070", MatchRank.TYPED)]
    assert hits[1].info is None and hits[1].name("en") == ""
    assert [h.code for h in index.search("70", limit=1)] == ["HK.00070"]


def test_a_bare_word_is_a_us_ticker_only_when_nothing_else_matches(index):
    assert "US.GZMT" not in [h.code for h in index.search("gzmt")]
    assert [h.code for h in index.search("qqqq")] == ["US.QQQQ"]


def test_without_a_universe_codes_still_work_with_no_names():
    empty = SearchIndex()
    assert [(h.code, h.rank) for h in empty.search("sh600519")] == [
        ("SH.600519", MatchRank.TYPED)]
    assert empty.search("茅台") == [] and len(empty) == 0


def test_a_hit_shows_the_name_in_the_ui_language(index):
    hit = index.search("700")[0]
    assert (hit.market, hit.name("en"), hit.name("zh_HK")) == (
        "HK", "Tencent Holdings", "騰訊控股")


def test_the_builder_works_in_slices():
    builder = AliasBuilder(KNOWN_STOCKS)
    assert builder.advance(4) is False and builder.progress == (4, len(KNOWN_STOCKS))
    assert set(builder.aliases()) <= {s.code for s in KNOWN_STOCKS[:4]}
    assert builder.advance(100) is True and builder.done
    assert builder.aliases()["SH.600519"].usual == ("gzmt",)
    assert "US.BRK.B" not in builder.aliases()


# As the simulator and the mainland write them: Simplified only, no Traditional form.
SIMPLIFIED_STOCKS = (
    StockInfo("HK.00700", "Tencent Holdings", "腾讯控股"),
    StockInfo("HK.00939", "China Construction Bank", "建设银行"),
    StockInfo("HK.00001", "CK Hutchison", "长和"),
    StockInfo("HK.00002", "CLP Holdings", "中电控股"),
)


@pytest.mark.parametrize("with_aliases", [False, True])
@pytest.mark.parametrize("traditional, simplified_query, code", [
    ("建設銀行", "建设银行", "HK.00939"), ("長和", "长和", "HK.00001"),
    ("騰訊", "腾讯", "HK.00700"), ("銀行", "银行", "HK.00939"),
])
def test_a_traditional_query_finds_simplified_names_as_the_simplified_query_does(
        with_aliases, traditional, simplified_query, code):
    aliases = None
    if with_aliases:
        builder = AliasBuilder(SIMPLIFIED_STOCKS)
        builder.advance(len(SIMPLIFIED_STOCKS))
        aliases = builder.aliases()
    index = SearchIndex(SIMPLIFIED_STOCKS, aliases)
    found = [(h.code, h.rank) for h in index.search(traditional)]
    assert found == [(h.code, h.rank) for h in index.search(simplified_query)]
    assert found[0][0] == code


# The simulator's names in both scripts; a source giving a Traditional name only.
BOTH_SCRIPTS = (
    StockInfo("HK.00700", "Tencent Holdings", "腾讯控股", "", "騰訊控股"),
    StockInfo("HK.00005", "HSBC Holdings", "", "", "滙豐控股"),
    StockInfo("SH.600519", "Kweichow Moutai", "贵州茅台", "", "貴州茅台"),
)


@pytest.mark.parametrize("query, code", [
    ("騰訊", "HK.00700"), ("腾讯", "HK.00700"), ("tx", "HK.00700"), ("txkg", "HK.00700"),
    ("滙豐", "HK.00005"), ("汇丰", "HK.00005"), ("hfkg", "HK.00005"),
    ("貴州", "SH.600519"), ("贵州", "SH.600519"), ("gzmt", "SH.600519"),
])
def test_names_in_both_scripts_are_found_by_either_and_by_pinyin(query, code):
    builder = AliasBuilder(BOTH_SCRIPTS)
    builder.advance(len(BOTH_SCRIPTS))
    hits = SearchIndex(BOTH_SCRIPTS, builder.aliases()).search(query)
    assert hits[0].code == code and hits[0].rank == MatchRank.NAME_PREFIX
    assert hits[0].name("zh_HK") == hits[0].info.name_zh_hant

"""The simulator's universe: realistic sizes, codes in each market's format, names in
both languages and a sector for every code, deterministic for the seed; the default
watchlist keeps its real names; any code outside the universe still gets a name."""

from __future__ import annotations

import re

import pytest

from flowdeck.core.codes import Market, parse_code
from flowdeck.core.stock_info import Universe
from flowdeck.feeds.base import HasUniverse
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.feeds.sim.stocks import DEFAULT_WATCHLIST
from flowdeck.feeds.sim.universe import SimUniverse

FORMATS = {
    Market.HK: re.compile(r"HK\.[0-9]{5}"),
    Market.SH: re.compile(r"SH\.(60[0-5]|688)[0-9]{3}"),
    Market.SZ: re.compile(r"SZ\.(00[0-3]|30[01])[0-9]{3}"),
    Market.US: re.compile(r"US\.[A-Z]{1,6}(\.[A-Z])?"),
}


@pytest.fixture(scope="module")
def universe() -> SimUniverse:
    return SimUniverse(seed=0)


def test_sizes_are_a_real_exchange_s(universe):
    sizes = {m: len(universe.market_stocks(m)) for m in Market}
    assert sizes == {Market.HK: 2600, Market.US: 4000, Market.SH: 2300, Market.SZ: 2800}
    assert len(universe.stocks()) == sum(sizes.values())  # no code in two markets


def test_every_code_is_valid_and_in_its_market_s_format(universe):
    for market in Market:
        for code in universe.market_stocks(market):
            assert str(parse_code(code)) == code
            assert FORMATS[market].fullmatch(code), code


def test_the_a_share_boards_are_all_there(universe):
    sh = list(universe.market_stocks(Market.SH))
    sz = list(universe.market_stocks(Market.SZ))
    assert sum(c.startswith("SH.688") for c in sh) > 300      # STAR
    assert sum(c.startswith("SZ.30") for c in sz) > 600       # ChiNext
    assert sum(c.startswith("SZ.00") for c in sz) > 600


def test_every_stock_has_both_names_and_a_sector_of_its_market(universe):
    sectors = universe.sectors()
    for code, info in universe.stocks().items():
        assert info.code == code
        assert info.name_en.strip() and info.name_zh.strip(), info
        assert not info.name_zh.isascii(), info
        sector = sectors[info.sector]
        assert sector.market == code.split(".")[0]


def test_each_market_has_20_to_30_sectors_named_in_both_languages(universe):
    for market in Market:
        mine = [s for s in universe.sectors().values() if s.market == market.value]
        assert 20 <= len(mine) <= 30
        assert len({s.name_en for s in mine}) == len(mine)
        assert len({s.name_zh for s in mine}) == len(mine)
        used = {i.sector for i in universe.market_stocks(market).values()}
        assert used == {s.id for s in mine}  # every sector has members


def test_names_differ_within_a_sector(universe):
    for market in Market:
        seen: dict[tuple[str, str], str] = {}
        for info in universe.market_stocks(market).values():
            key = (info.sector, info.name_zh)
            assert key not in seen, (info, seen.get(key))
            seen[key] = info.code


def test_the_default_watchlist_keeps_its_real_names(universe):
    stocks = universe.stocks()
    assert set(DEFAULT_WATCHLIST) <= set(stocks)
    assert (stocks["HK.00700"].name_en, stocks["HK.00700"].name_zh) == ("Tencent", "腾讯控股")
    assert stocks["SH.600519"].name_zh == "贵州茅台"
    assert stocks["SH.600519"].name_en == "Kweichow Moutai"
    assert universe.sectors()[stocks["SZ.000001"].sector].name_en == "Banks"


def test_same_seed_same_universe_other_seed_another():
    a, b, c = SimUniverse(3), SimUniverse(3), SimUniverse(4)
    assert a.stocks() == b.stocks()
    assert set(a.stocks()) != set(c.stocks())
    common = set(a.market_stocks(Market.HK)) & set(c.market_stocks(Market.HK))
    assert sum(a.info(x).name_zh != c.info(x).name_zh for x in common) > len(common) / 2


def test_a_code_outside_the_universe_gets_a_stable_name_and_sector(universe):
    outside = next(f"HK.{n:05d}" for n in range(1, 10000)
                   if f"HK.{n:05d}" not in universe.stocks())
    info = universe.info(outside.replace("HK.0", "HK."))  # any usual form of the code
    assert info.code == outside
    assert info.name_en and info.name_zh and info.sector in universe.sectors()
    assert SimUniverse(0).info(outside) == info
    assert universe.info("US.ZZZZZZ").sector.startswith("US.")
    assert universe.info("HK.00700") == universe.stocks()["HK.00700"]


def test_a_market_is_built_only_when_read():
    universe = SimUniverse(0)
    sh = universe.market_stocks(Market.SH)
    again = universe.market_stocks(Market.SH)
    assert sh is again
    assert universe.stocks()["SH.600519"] is sh["SH.600519"]


def test_the_sim_feed_offers_its_universe():
    feed = SimFeed(seed=5)
    assert isinstance(feed, HasUniverse)
    universe = feed.universe()
    assert isinstance(universe, SimUniverse)
    assert universe.stocks() == SimUniverse(5).stocks()
    assert feed.universe() is universe
    as_protocol: Universe = universe  # what the live store keeps
    assert "HK.internet" in as_protocol.sectors()

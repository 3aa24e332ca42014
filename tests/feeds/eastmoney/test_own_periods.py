"""East Money's own 3/5/10-day numbers (feeds/eastmoney/rank.py PERIOD_FIELDS, the
fields akshare/stock/stock_fund_em.py's stock_individual_fund_flow_rank asks: "3日"
f267-f276, "5日" f164-f173, "10日" f174-f183, each main, super, large, medium, small
net then ratio) in the Market view's table (market.py: MarketTable.own_periods) and as
a ranking's period source (feeds.market_table.OwnPeriods), against the fake's clist/get
(tests/support/fake_eastmoney/board_list.py with board_periods.py)."""

from __future__ import annotations

import math

import numpy as np

from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.eastmoney.market import EastMoneyMarket
from flowdeck.feeds.eastmoney.rank import BOARDS, CODE_ORDER, clist_params, parse_clist
from flowdeck.feeds.market_table import OwnPeriods
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.board_periods import with_periods
from tests.support.waiting import run, wait_until

KEY = NUMERIC_KEYS.index


def test_a_page_carries_each_codes_own_periods_in_the_records_order() -> None:
    boards = with_periods(FakeBoards(20, suspended=frozenset({"SH.600002"})),
                          left_out=frozenset({"SZ.000004"}))
    page = parse_clist(boards.answer(clist_params(BOARDS["A"], CODE_ORDER, False, 1)))
    row = next(r for r in boards.rows if boards.code(r) == "SH.600000")
    five = page.periods["SH.600000"][1]          # OWN_DAYS (3, 5, 10): 5 days
    assert five[KEY("main_net_inflow")] == row["f164"]
    # ratios as fractions, as today's (East Money sends both in percent)
    assert five[KEY("main_net_inflow_ratio")] == row["f165"] / 100
    assert page.quotes.records["SH.600000"].main_net_inflow_ratio == row["f184"] / 100
    assert five[KEY("super_net_inflow")] == row["f166"]
    assert five[KEY("large_net_inflow_ratio")] == row["f169"] / 100
    assert five[KEY("small_net_inflow")] == row["f172"]
    assert five[KEY("retail_net_inflow")] == row["f170"] + row["f172"]   # medium + small
    assert five[KEY("main_net_inflow")] == row["f166"] + row["f168"]     # super + large
    ten = page.periods["SH.600000"][2]
    assert ten[KEY("medium_net_inflow")] == row["f180"]
    assert np.isnan(page.periods["SH.600002"]).all()   # suspended: "-"
    assert np.isnan(page.periods["SZ.000004"]).all()   # not in the answer
    assert "SZ.000004" in page.quotes.records          # today's numbers still read


def test_the_market_table_ranks_by_east_moneys_own_five_days() -> None:
    boards = with_periods(FakeBoards(300))

    async def get(path, params):
        return boards.answer(params)

    async def go():
        market = EastMoneyMarket(get, clock=VirtualClock())
        try:
            await market.market_table("A")
            await wait_until(lambda: not market.passing, 10)
            return await market.market_table("A")
        finally:
            await market.aclose()

    table = run(go())
    assert table.own_days == (3, 5, 10) and set(table.own_periods) == set(table.codes)
    assert all(v.shape == (3, 12) for v in table.own_periods.values())
    own = OwnPeriods.of(table, 5)
    assert own is not None and OwnPeriods.of(table, 20) is None
    ranking = Ranker().rank(table, RankRequest("A", "5d", "main_net_inflow", "desc", 10),
                            own)
    best = sorted(boards.rows, key=lambda r: (-r["f164"], boards.code(r)))[:10]
    assert list(ranking.codes) == [boards.code(r) for r in best]
    small = Ranker().rank(table, RankRequest("A", "3d", "small_net_inflow_ratio", "asc", 5),
                          OwnPeriods(table, 3))
    worst = sorted(boards.rows, key=lambda r: (r["f276"], boards.code(r)))[:5]
    assert [boards.code(r) for r in worst] == list(small.codes)
    assert not any(math.isnan(v[0, 0]) for v in table.own_periods.values())

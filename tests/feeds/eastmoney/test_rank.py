"""East Money's board lists as the Market view's table (feeds/eastmoney/rank.py,
market.py), against the fake's clist/get (tests/support/fake_eastmoney/board_list.py),
shaped as akshare reads it: akshare/stock/stock_fund_em.py,
stock_individual_fund_flow_rank and stock_main_fund_flow (github.com/akfamily/akshare:
fid/po sorting, pn/pz pages of at most 100 rows since akshare#5805, `data.diff` rows
of f12 code, f13 market, f14 name, f62/f184 main, f66..f87 tiers, f6 turnover, f100
industry)."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest

from flowdeck.core.rank_answer import sectors_data
from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.eastmoney.client import ShapeError
from flowdeck.feeds.eastmoney.market import EastMoneyMarket
from flowdeck.feeds.eastmoney.rank import (
    BOARDS,
    CLIST_PATH,
    clist_params,
    parse_clist,
    top_params,
)
from tests.support.clock import VirtualClock
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.waiting import run, wait_until

MAIN = NUMERIC_KEYS.index("main_net_inflow")


class FakeGet:
    """The fake's clist route without a socket: the same pure answer, each query kept."""

    def __init__(self, boards: FakeBoards, clock: VirtualClock | None = None) -> None:
        self.boards = boards
        self.clock = clock  # moved a second a request, as the default budget paces them
        self.asked: list[dict] = []
        self.refuse = False
        self.whole_pass_gate: asyncio.Event | None = None  # the whole pass waits on it

    async def __call__(self, path: str, params) -> dict:
        assert path == CLIST_PATH
        if params["fid"] == "f12" and self.whole_pass_gate is not None:
            await self.whole_pass_gate.wait()
        if self.clock is not None:
            self.clock.now += 1.0
        if self.refuse:
            raise ConnectionError("East Money refused the request")
        self.asked.append(dict(params))
        return self.boards.answer(params)


def true_main(boards: FakeBoards) -> dict[str, float]:
    return {boards.code(r): r["f66"] + r["f72"] for r in boards.rows
            if r["f66"] != "-"}


def test_a_page_reads_the_14_keys_turnover_name_and_industry():
    boards = FakeBoards(10, suspended=frozenset({"SZ.000002"}))
    page = parse_clist(boards.answer(clist_params(BOARDS["A"], "f12", False, 1)))
    assert page.total == 10 and len(page.codes) == 10
    row = next(r for r in boards.rows if r["f12"] == "600000")
    record = page.quotes.records["SH.600000"]
    assert record.main_net_inflow == row["f66"] + row["f72"]
    assert record.retail_net_inflow == row["f78"] + row["f84"]
    assert record.super_net_inflow_ratio == pytest.approx(row["f69"] / 100)
    assert page.turnover["SH.600000"] == row["f6"]
    assert page.industry["SH.600000"] == row["f100"]
    assert page.quotes.names["SH.600000"] == "股600000"
    assert "SZ.000002" not in page.quotes.records
    assert "suspended" in page.quotes.errors["SZ.000002"][1]


@pytest.mark.parametrize(("payload", "field"), [
    ({"rc": 0}, "data"),
    ({"data": {"diff": []}}, "data.total"),
    ({"data": {"total": 3, "diff": "x"}}, "data.diff"),
    ({"data": {"total": 1, "diff": [{"f14": "x"}]}}, "data.diff[0].f12/f13"),
])
def test_an_unexpected_page_names_its_field(payload, field):
    with pytest.raises(ShapeError) as caught:
        parse_clist(payload)
    assert caught.value.field == field


def test_a_page_past_the_end_is_empty():
    assert parse_clist(FakeBoards(10).answer(clist_params(BOARDS["A"], "f12", False,
                                                          9))).codes == []


def test_the_top_and_bottom_come_first_in_two_requests_and_rank_right():
    boards = FakeBoards(250)
    get = FakeGet(boards)
    clock = VirtualClock()

    async def main():
        get.whole_pass_gate = asyncio.Event()
        market = EastMoneyMarket(get, clock=clock)
        table = await market.market_table("A")
        asked = len(get.asked)
        await market.aclose()
        return table, asked

    table, asked = run(main())
    assert asked == 2 and [(q["fid"], q["po"]) for q in get.asked] == [("f62", "1"),
                                                                        ("f62", "0")]
    assert len(table.codes) == 200 and table.covers == "eastmoney"
    truth = sorted(true_main(boards).items(), key=lambda kv: -kv[1])
    for order, expected in (("desc", truth[:20]), ("asc", truth[::-1][:20])):
        ranking = Ranker().rank(table, RankRequest("A", field="main_net_inflow",
                                                   order=order, top=20))
        assert [table.values[r, MAIN] for r in ranking.rows] == [v for _, v in expected]


def test_the_whole_pass_pages_in_code_order_and_each_row_says_its_age():
    boards = FakeBoards(250, suspended=frozenset({"SH.600004"}))
    clock = VirtualClock()
    get = FakeGet(boards, clock)

    async def main():
        market = EastMoneyMarket(get, clock=clock, top_every=30, full_every=900)
        await market.market_table("A")
        await wait_until(lambda: market.requests == 5 and not market.passing, step=0)
        table = await market.market_table("SH")
        clock.now += 31
        await market.market_table("A")
        await wait_until(lambda: market.requests == 7 and not market.passing, step=0)
        whole = await market.market_table("A")
        await market.aclose()
        return market, table, whole

    market, sh_table, whole = run(main())
    full = [q for q in get.asked if q["fid"] == "f12"]
    assert [q["pn"] for q in full] == ["1", "2", "3"] and {q["po"] for q in full} == {"0"}
    assert market.requests == 7  # 2 top, 3 whole, 2 top again; no second whole pass
    assert len(whole.codes) == 250 and all(c.startswith("SH.") for c in sh_table.codes)
    row = whole.codes.index("SH.600004")
    assert np.isnan(whole.values[row]).all()  # suspended: unknown, never 0
    assert whole.ages is not None and np.nanmax(whole.ages) > 0
    assert math.isfinite(whole.turnover[whole.codes.index("SZ.000002")])


def test_the_top_pass_sorts_by_the_field_ranked_and_main_for_retail():
    get = FakeGet(FakeBoards(30))
    clock = VirtualClock()

    async def main():
        market = EastMoneyMarket(get, clock=clock, full_every=1e9)
        market.rank_by("super_net_inflow_ratio")
        await market.market_table("A")
        # the top pass, then the whole pass: 1 page
        await wait_until(lambda: market.requests == 3 and not market.passing, step=0)
        market.rank_by("retail_net_inflow")
        await market.market_table("A")
        await wait_until(lambda: market.requests == 5 and not market.passing, step=0)
        await market.aclose()

    run(main())
    assert [q["fid"] for q in get.asked] == ["f69", "f69", "f12", "f62", "f62"]


def test_a_refused_pass_keeps_the_rows_and_says_why():
    get = FakeGet(FakeBoards(30))
    clock = VirtualClock()

    async def main():
        market = EastMoneyMarket(get, clock=clock)
        first = await market.market_table("A")
        get.refuse = True
        clock.now += 1000
        await market.market_table("A")
        await wait_until(lambda: market.error and not market.passing, step=0)
        again = await market.market_table("A")
        await market.aclose()
        return market, first, again

    market, first, again = run(main())
    assert "refused" in market.error
    assert again.codes == first.codes and np.array_equal(again.values, first.values,
                                                         equal_nan=True)
    assert np.nanmin(again.ages) >= 1000


def test_industries_rank_as_sectors_over_the_a_shares():
    boards = FakeBoards(100)
    get = FakeGet(boards)

    async def main():
        market = EastMoneyMarket(get, clock=VirtualClock(), top_every=1e9)
        await market.market_table("A")
        await wait_until(lambda: market.requests == 3 and not market.passing, step=0)
        table = await market.market_table("A")
        await market.aclose()
        return table, market.universe()

    table, names = run(main())
    data = sectors_data(table, RankRequest("A", top=10), names)
    assert data["sectors"] == 5
    want = {}
    for r in boards.rows:
        want[r["f100"]] = want.get(r["f100"], 0.0) + r["f66"] + r["f72"]
    best = max(want, key=want.get)
    assert data["sector_list"][0]["sector"] == best
    assert data["sector_list"][0]["main_net_inflow"] == pytest.approx(want[best])


def test_a_top_n_is_one_request_and_5400_codes_a_whole_pass_of_54():
    boards = FakeBoards(5_400)
    assert len(boards.answer(top_params("A", "main_net_inflow", True))["data"]["diff"]) \
        == 100
    get = FakeGet(boards)

    async def main():
        market = EastMoneyMarket(get, clock=VirtualClock(), top_every=1e9)
        await market.market_table("A")
        await wait_until(lambda: market.requests == 56 and not market.passing, step=0)
        table = await market.market_table("A")
        await market.aclose()
        return table

    assert len(run(main()).codes) == 5_400
    assert len([q for q in get.asked if q["fid"] == "f12"]) == 54


def test_a_row_that_came_again_is_new_in_the_next_table_and_old_tables_stay_as_they_were():
    boards = FakeBoards(250)
    clock = VirtualClock()
    get = FakeGet(boards, clock)

    async def main():
        market = EastMoneyMarket(get, clock=clock, top_every=30, full_every=900)
        await market.market_table("A")
        await wait_until(lambda: market.requests == 5 and not market.passing, step=0)
        before = await market.market_table("A")
        best = max(boards.rows, key=lambda r: r["f66"] + r["f72"])
        best["f66"] += 1e9  # the next minute: still the best, by a billion more
        clock.now += 31
        await market.market_table("A")
        await wait_until(lambda: market.requests == 7 and not market.passing, step=0)
        after = await market.market_table("A")
        await market.aclose()
        return before, after, boards.code(best), best

    before, after, code, best = run(main())
    r = after.codes.index(code)
    assert after.values[r, MAIN] == best["f66"] + best["f72"]
    assert before.values[r, MAIN] == best["f66"] - 1e9 + best["f72"]  # kept as handed out
    others = [i for i in range(len(after.codes)) if i != r]
    assert np.array_equal(after.values[others], before.values[others], equal_nan=True)
    assert after.ages[r] < before.ages[r] + 31  # it came again: younger than the rest


def test_outside_trading_hours_the_top_pass_is_as_seldom_as_the_whole_pass():
    clock = VirtualClock()
    get = FakeGet(FakeBoards(30), clock)
    trading = [False]

    async def main():
        market = EastMoneyMarket(get, clock=clock, top_every=30, full_every=900,
                                 trading=lambda: trading[0])
        await market.market_table("A")
        await wait_until(lambda: market.requests == 3 and not market.passing, step=0)
        clock.now += 60
        await market.market_table("A")
        quiet = market.requests
        trading[0] = True  # the open: the top pass is due again at once
        await market.market_table("A")
        await wait_until(lambda: market.requests == 5 and not market.passing, step=0)
        await market.aclose()
        return quiet

    assert run(main()) == 3

"""flowdeck-gateway's /v1/rank and /v1/sectors on `eastmoney://` against the fake East
Money (tests/support/fake_eastmoney/board_list.py: clist/get sorted and paged as
akshare's stock_individual_fund_flow_rank reads it, akshare/stock/stock_fund_em.py):
the field asked is the one East Money is asked to sort by, the answer is the fake's own
top, and the sectors are East Money's industries once the whole list came."""

from __future__ import annotations

import asyncio

from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.feeds.registry import open_feed
from tests.support.fake_eastmoney.board_list import INDUSTRIES, FakeBoards
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.server_fakes import run, served


def members(answer: dict) -> int:
    return sum(s["members"] for s in answer["data"]["sector_list"])


def test_rank_and_sectors_come_from_east_moneys_sorted_lists():
    boards = FakeBoards(300)

    async def main():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, boards.answer)
            async with served(open_feed(fake.source + "&rate=20")) as client:
                ranked = await (await client.get("/v1/rank", params={
                    "market": "A", "field": "large_net_inflow", "order": "asc",
                    "top": "5"})).json()
                fids = [q["fid"] for q in fake.queries[CLIST_PATH]]
                got: list[dict] = []

                async def ask() -> None:
                    got.append(await (await client.get("/v1/sectors", params={
                        "market": "A", "top": "10"})).json())

                await ask()
                for _ in range(200):  # until the whole list came (a page at 20/s)
                    if members(got[-1]) == 300:
                        break
                    await asyncio.sleep(0.05)
                    await ask()
                return ranked, fids, got[-1], [q["fid"] for q in fake.queries[CLIST_PATH]]

    ranked, fids, sectors, asked = run(main())
    assert fids[:2] == ["f72", "f72"]
    worst = sorted(boards.rows, key=lambda r: (r["f72"], boards.code(r)))[:5]
    rows = ranked["data"]["rank_list"]
    assert [r["code"] for r in rows] == [boards.code(r) for r in worst]
    assert [r["large_net_inflow"] for r in rows] == [r["f72"] for r in worst]
    assert [r["name"] for r in rows] == [r["f14"] for r in worst]
    listed = sectors["data"]["sector_list"]
    assert sectors["ret_code"] == 0 and {s["sector"] for s in listed} <= set(INDUSTRIES)
    assert len(listed) == len(INDUSTRIES) and asked.count("f12") == 3  # one whole pass

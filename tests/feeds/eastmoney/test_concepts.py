"""East Money's concept boards through the `eastmoney://` feed (feeds/eastmoney/boards.py,
feeds.base.RanksBoards), against the fake's clist/get in the shapes akshare reads
(akshare/stock/stock_fund_em.py: stock_sector_fund_flow_rank `fs=m:90 t:3 f:!50`, f12
the board code, f14 its name, f62..f87 its flows; stock_board_concept_cons_em `fs=b:BK..
f:!50` the members): each board's own flows ranked as sectors, a board's members."""

from __future__ import annotations

import numpy as np
import pytest

from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.base import RanksBoards
from flowdeck.feeds.eastmoney.boards import parse_boards
from flowdeck.feeds.eastmoney.client import ShapeError
from flowdeck.feeds.eastmoney.rank import CLIST_PATH
from flowdeck.feeds.registry import open_feed
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.concept_boards import FakeClist, FakeConcepts
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run

KEY = NUMERIC_KEYS.index


def test_concepts_rank_by_their_own_flows_and_open_their_members() -> None:
    boards = FakeBoards(300)
    concepts = FakeConcepts(230, no_data=frozenset({"BK0410"}))

    async def go():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, FakeClist(boards, concepts).answer)
            feed = open_feed(fake.source + "&rate=20")
            try:
                assert isinstance(feed, RanksBoards)
                table = await feed.board_table("concept")
                listed = fake.counts[CLIST_PATH]
                members = await feed.board_members("BK0403")
                names = {c: feed.universe().info(c).name_zh for c in members}
                return table, listed, members, names
            finally:
                await feed.aclose()

    table, listed, members, names = run(go())
    assert listed == 3                                  # 230 boards, 100 a page
    assert table.ids == sorted(r["f12"] for r in concepts.rows) and not table.error
    row = concepts.rows[7]
    own = table.values[table.ids.index(row["f12"])]
    assert table.name(row["f12"]) == row["f14"]
    assert own[KEY("main_net_inflow")] == row["f66"] + row["f72"]
    assert own[KEY("main_net_inflow_ratio")] == pytest.approx(row["f184"] / 100)
    assert own[KEY("retail_net_inflow")] == row["f78"] + row["f84"]
    assert own[KEY("large_net_inflow_ratio")] == pytest.approx(row["f75"] / 100)
    assert np.isnan(table.values[table.ids.index("BK0410")]).all()   # "-": unknown
    flows = table.as_flows("A")
    best = sorted((r for r in concepts.rows if r["f62"] != "-"),
                  key=lambda r: (-(r["f66"] + r["f72"]), r["f12"]))[:10]
    assert [flows.ids[p] for p in flows.rank("main_net_inflow", "desc", 10)] == \
        [r["f12"] for r in best]
    assert sorted(members) == concepts.members("BK0403", boards) and len(members) == 120
    assert all(name.startswith("股") for name in names.values())


def test_a_board_list_of_another_shape_names_the_field() -> None:
    with pytest.raises(ShapeError, match=r"data.diff\[0\].f12/f14"):
        parse_boards({"data": {"total": 1, "diff": [{"f12": "600519", "f14": "x"}]}})
    with pytest.raises(ShapeError, match=r"data.diff\[0\].f66: missing"):
        parse_boards({"data": {"total": 1, "diff": [{"f12": "BK0400", "f14": "x",
                                                     "f62": 1.0, "f184": 1.0}]}})
    assert parse_boards({"data": None}) == (0, {})


def test_the_view_does_not_wait_for_the_first_list_and_a_refusal_is_said() -> None:
    async def go():
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, FakeClist(FakeBoards(50), FakeConcepts(150)).answer)
            feed = open_feed(fake.source + "&rate=20")
            try:
                first = await feed.board_table("concept", wait=False)
                then = await feed.board_table("concept")
            finally:
                await feed.aclose()
        async with FakeEastMoney() as fake:
            fake.route(CLIST_PATH, FakeClist(FakeBoards(50), FakeConcepts(150)).answer)
            fake.fail("html", times=100)
            feed = open_feed(fake.source + "&rate=20")
            try:
                refused = await feed.board_table("concept")
            finally:
                await feed.aclose()
        return first, then, refused

    first, then, refused = run(go())
    assert first.loading and first.ids == []
    assert not then.loading and len(then.ids) == 150
    assert refused.ids == [] and not refused.loading
    assert refused.error == "East Money refused the request (an HTML page instead of data)"

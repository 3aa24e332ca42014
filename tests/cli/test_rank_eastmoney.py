"""`flowdeck rank --source eastmoney://HOST:PORT?tls=0` against the fake East Money in
a thread (tests/support/fake_eastmoney/board_list.py: clist/get sorted by East Money as
akshare's stock_individual_fund_flow_rank reads it, akshare/stock/stock_fund_em.py):
East Money's top of the field asked, in 2 requests, named, with the codes it covered."""

from __future__ import annotations

import json

from flowdeck.cli.main import main
from flowdeck.feeds.eastmoney.rank import BOARDS, CLIST_PATH
from tests.support.fake_eastmoney.board_list import FakeBoards
from tests.support.fake_eastmoney.threaded import threaded_fake


def test_rank_prints_east_moneys_top_of_the_field_asked(capsys):
    boards = FakeBoards(300)
    with threaded_fake() as fake:
        fake.call(lambda f: f.route(CLIST_PATH, boards.answer))
        code = main(["rank", "--market", "SH", "--field", "super_net_inflow_ratio",
                     "--top", "3", "--source", fake.source + "&rate=20", "--json"])
        fids = fake.call(lambda f: [q["fid"] for q in f.queries[CLIST_PATH]])
        fake_boards_asked = fake.call(lambda f: [q["fs"] for q in f.queries[CLIST_PATH]])[:2]
    envelope = json.loads(capsys.readouterr().out)
    assert code == 0 and envelope["ret_code"] == 0 and fids[:2] == ["f69", "f69"]
    assert fake_boards_asked == [BOARDS["SH"]] * 2  # Shanghai's own best, not the A shares'
    rows = envelope["data"]["rank_list"]
    sh = [r for r in boards.rows if r["f13"] == 1]
    best = sorted(sh, key=lambda r: (-r["f69"], r["f12"]))[:3]
    assert [r["code"] for r in rows] == [boards.code(r) for r in best]
    assert [r["super_net_inflow_ratio"] for r in rows] == [r["f69"] / 100 for r in best]
    assert [r["name"] for r in rows] == [r["f14"] for r in best]

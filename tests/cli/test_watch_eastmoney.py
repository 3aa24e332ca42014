"""`flowdeck watch --json --source eastmoney://HOST:PORT?tls=0` against the fake East
Money (tests/support/fake_eastmoney/, the shapes akshare's stock/stock_fund_em.py and
efinance's common/getter.py read): the snapshot's line says whose numbers, as the
gateway's stream does, and an HK code gets its own 1016 naming futu://."""

from __future__ import annotations

import io
import json

from flowdeck.cli.watch import watch
from flowdeck.feeds.eastmoney.fields import ULIST_PATH
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes, tiers
from tests.support.fake_eastmoney.server import FakeEastMoney
from tests.support.waiting import run


def test_the_snapshot_line_says_east_money() -> None:
    out, err = io.StringIO(), io.StringIO()

    async def go() -> int:
        async with FakeEastMoney() as fake:
            fake.route(ULIST_PATH, FakeQuotes().answer)
            fake.route(FFLOW_PATH, FakeMinutes().answer)
            return await watch(["SH.600519", "HK.00700"], [], fake.source + "&rate=20",
                               as_json=True, duration=0.5, out=out, err=err)

    assert run(go(), 30) == 0, err.getvalue()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    first = lines[0]
    assert first["type"] == "batch" and first["snapshot"] is True
    assert first["source"] == "eastmoney"
    [record] = first["records"]
    sup, large, _medium, _small = tiers("1.600519", 0)
    assert record["code"] == "SH.600519" and record["main_net_inflow"] == sup + large
    [hk] = first["errors"]
    assert hk["code"] == "HK.00700" and "futu://" in hk["ret_msg"]
    assert all("source" not in line for line in lines if not line.get("snapshot"))

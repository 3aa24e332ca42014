"""`flowdeck backfill --source eastmoney://HOST:PORT?tls=0` then `flowdeck history`, in
process, against the fake East Money in a thread (its fflow/daykline in the shape
akshare's stock_individual_fund_flow reads, akshare/stock/stock_fund_em.py): East
Money's days archived under their own identity, nets kept, ratios unknown (no
turnover is published), and another source's history does not show them."""

from __future__ import annotations

import datetime as dt
import json

from flowdeck.cli.main import main
from flowdeck.core.codes import Market
from flowdeck.core.markets import local_now
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH
from tests.support.fake_eastmoney.day_klines import FakeDays, tier_nets, weekdays
from tests.support.fake_eastmoney.threaded import threaded_fake

TODAY = local_now(Market.SH).date()
PAST = weekdays(TODAY - dt.timedelta(days=1), 10)


def test_backfill_and_history_on_east_money(flowdeck_home, capsys) -> None:
    with threaded_fake() as fake:
        fake.call(lambda f: f.route(DAYKLINE_PATH, FakeDays([*PAST, TODAY]).answer))
        source = fake.source + "&rate=20"
        code = main(["backfill", "SH.600519", "SZ.000001", "--days", "5", "--source",
                     source])
        _, err = capsys.readouterr()
        assert code == 0 and "backfill done: 10 of 10 code-days (10 saved" in err
        assert fake.call(lambda f: f.counts[DAYKLINE_PATH]) == 3  # the calendar + 2
        code = main(["history", "SZ.000001", "--source", source, "--json"])
        out, _ = capsys.readouterr()
    rows = json.loads(out)["data"]["capital_flow_history_list"]
    assert code == 0 and [r["day"] for r in rows] == [str(d) for d in PAST[-5:]]
    sup, large, medium, small = tier_nets("0.000001", PAST[-1])
    assert rows[-1]["main_net_inflow"] == sup + large
    assert rows[-1]["retail_net_inflow"] == medium + small and rows[-1]["complete"]
    assert rows[-1]["main_net_inflow_ratio"] is None  # no turnover: unknown, not 0
    assert main(["history", "SZ.000001", "--source", "sim", "--json"]) == 0
    other = json.loads(capsys.readouterr()[0])["data"]["capital_flow_history_list"]
    assert other == []

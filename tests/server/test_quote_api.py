"""/v1/quote against a real in-process gateway: each code's name (from the source's
universe), last price, previous close, change, change ratio and turnover, in the spec's
envelope; a source that names nothing and sends no prices answers nulls, never NaN."""

from __future__ import annotations

import math

from flowdeck.core.records import RECORD_KEYS
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.server_fakes import FakeFeed, run, served

QUOTE = "/v1/quote"
KEYS = ["code", "name", "name_en", "name_zh", "name_zh_hant", "last", "prev_close", "change",
        "change_ratio", "turnover", "update_time"]


def test_the_simulator_quotes_names_and_prices_beside_the_flow():
    async def main():
        feed = SimFeed("sim?speed=20&interval=0.2", speed=20.0, interval=0.2)
        async with served(feed) as client:
            resp = await client.get(QUOTE, params={"stock_list": "HK.00700,US.AAPL,hk.700"})
            got = await resp.json()
            assert resp.status == 200 and got["ret_code"] == 0
            rows = got["data"]["quote_list"]
            assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
            tencent, apple = rows
            assert list(tencent) == KEYS
            assert tencent["name_zh"] == "腾讯控股" and tencent["name"] == "腾讯控股"
            assert tencent["name_en"] == "Tencent"
            assert tencent["name_zh_hant"] == "騰訊控股"  # the source has both scripts
            assert apple["name_en"] == "Apple"
            for r in rows:
                assert r["last"] > 0 and r["prev_close"] > 0
                assert r["change"] == r["last"] - r["prev_close"]
                assert math.isclose(r["change_ratio"], r["change"] / r["prev_close"])
            detail = await (await client.get("/v1/capital_detail",
                                             params={"stock_list": "HK.00700"})).json()
            assert tencent["turnover"] <= detail["data"]["capital_detail_list"][0]["turnover"]
            posted = await (await client.post(QUOTE, json={"stock_list": ["00700"],
                                                           "market": "HK"})).json()
            assert posted["data"]["quote_list"][0]["name_zh"] == "腾讯控股"
            bad = await client.get(QUOTE, params={"stock_list": "HK.BAD!"})
            assert bad.status == 400 and (await bad.json())["ret_code"] == 1002
    run(main())


def test_a_source_without_names_or_prices_answers_nulls_and_its_turnover():
    async def main():
        async with served(FakeFeed()) as client:
            got = await (await client.get(QUOTE, params={"stock_list": "HK.00001"})).json()
            row, = got["data"]["quote_list"]
            assert row["name"] == row["name_en"] == row["name_zh"] == row["name_zh_hant"] == ""
            assert [row[k] for k in ("last", "prev_close", "change", "change_ratio")] == \
                [None] * 4
            assert row["update_time"] == "" and row["turnover"] > 0
            flow = await (await client.get("/v1/capital_flow",
                                           params={"stock_list": "HK.00001"})).json()
            assert tuple(flow["data"]["capital_flow_list"][0]) == RECORD_KEYS  # unchanged
    run(main())

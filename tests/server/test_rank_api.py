"""/v1/rank and /v1/sectors against a real in-process gateway on the simulator: a whole
market ranked best first (checked against a plain sort of the same table), its
sectors with names, 1001 naming a bad parameter, 1016 for a source that cannot rank."""

from __future__ import annotations

import math

from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.server_fakes import FakeFeed, run, served


def sim() -> SimFeed:
    return SimFeed("sim?speed=600&interval=0.2&seed=3", speed=600.0, interval=0.2)


def test_a_whole_market_ranked_best_first_with_names_and_prices():
    async def main():
        feed = sim()
        async with served(feed) as client:
            resp = await client.get("/v1/rank", params={"market": "HK", "top": "30"})
            got = await resp.json()
            assert resp.status == 200 and got["ret_code"] == 0, got
            data = got["data"]
            assert (data["market"], data["period"], data["field"], data["order"]) == \
                ("HK", "today", "main_net_inflow", "desc")
            rows = data["rank_list"]
            assert data["codes"] == 2600 and len(rows) == 30
            assert [r["rank"] for r in rows] == list(range(1, 31))
            values = [r["main_net_inflow"] for r in rows]
            assert values == sorted(values, reverse=True)
            assert all(r["code"].startswith("HK.") and r["name_en"] and r["name_zh"]
                       for r in rows)
            stocks = feed.universe().stocks()  # every name, in both Chinese scripts too
            assert [(r["name_en"], r["name_zh"], r["name_zh_hant"]) for r in rows] == [
                (s.name_en, s.name_zh, s.name_zh_hant) for s in (stocks[r["code"]] for r in rows)]
            assert all(r["name_zh_hant"] for r in rows)
            # The same instant's table, sorted plainly: the ranking's 30 are its best.
            table = await feed.market_table("HK")
            col = NUMERIC_KEYS.index("main_net_inflow")
            best = sorted((v for v in table.values[:, col] if math.isfinite(v)),
                          reverse=True)
            assert values[-1] >= best[60]  # moved on a little since, not reordered
            asc = await (await client.get("/v1/rank", params={
                "market": "a", "field": "super_net_inflow_ratio", "order": "asc",
                "top": 5})).json()
            ratios = [r["super_net_inflow_ratio"] for r in asc["data"]["rank_list"]]
            assert ratios == sorted(ratios) and len(ratios) == 5
            assert {r["code"][:2] for r in asc["data"]["rank_list"]} <= {"SH", "SZ"}
    run(main())


def test_sectors_are_ranked_with_their_names_and_members():
    async def main():
        feed = sim()
        async with served(feed) as client:
            got = await (await client.get("/v1/sectors", params={"market": "SH"})).json()
            data = got["data"]
            rows = data["sector_list"]
            assert got["ret_code"] == 0 and data["sectors"] >= 20 and len(rows) == 20
            values = [r["main_net_inflow"] for r in rows]
            assert values == sorted(values, reverse=True)
            sectors = feed.universe().sectors()
            for r in rows:
                assert r["sector"].startswith("SH.") and r["name_en"] and r["name_zh"]
                assert r["name_zh_hant"] == sectors[r["sector"]].name_zh_hant != ""
                assert r["members"] >= r["known"] >= 1
                assert math.isclose(r["main_net_inflow_ratio"],
                                    r["main_net_inflow"] / r["turnover"])
    run(main())


def test_bad_parameters_name_themselves_and_other_sources_say_why():
    async def main():
        async with served(sim()) as client:
            for params, name in (({"market": "XX"}, "market"), ({}, "market"),
                                 ({"market": "HK", "top": "501"}, "top"),
                                 ({"market": "HK", "field": "volume"}, "field"),
                                 ({"market": "HK", "period": "7d"}, "period"),
                                 ({"market": "HK", "order": "up"}, "order"),
                                 ({"market": "HK", "bogus": "1"}, "bogus")):
                resp = await client.get("/v1/rank", params=params)
                got = await resp.json()
                assert resp.status == 400 and got["ret_code"] == 1001, (params, got)
                assert name in got["ret_msg"], (params, got)
            resp = await client.get("/v1/sectors", params={"market": "HK", "period": "5d"})
            assert (await resp.json())["ret_code"] == 1016
        async with served(FakeFeed()) as client:
            got = await (await client.get("/v1/rank", params={"market": "HK"})).json()
            assert got["ret_code"] == 1016 and "whole market" in got["ret_msg"]
    run(main())

"""GET /v1/market against a real in-process gateway on the simulator (its clock held
still, so the source's table and the answer are of one instant): the whole market in
columns equal to the source's table, names and sectors on request, 1001 naming a bad
parameter, 1016 for a source without a whole market, the browser guard and token as on
every route, and one answer per market made while it is fresh whatever the clients."""

from __future__ import annotations

import asyncio
import base64
import math

import numpy as np

from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.server.market_api import MarketAnswers
from tests.support.server_fakes import FakeFeed, run, served


class CountingSim(SimFeed):
    """The simulator, its clock held still, counting the tables asked of it."""

    def __init__(self) -> None:
        super().__init__("sim?seed=3", seed=3, monotonic=lambda: 1000.0)
        self.tables = 0

    async def market_table(self, markets):
        self.tables += 1
        return await super().market_table(markets)


def same(answer: list, values) -> bool:
    return len(answer) == len(values) and all(
        (a is None and not math.isfinite(v)) or a == v
        for a, v in zip(answer, values.tolist(), strict=True))


def test_the_whole_market_in_columns_equal_to_the_sources_table():
    async def main():
        feed = CountingSim()
        async with served(feed) as client:
            got = await (await client.get("/v1/market", params={
                "market": "hk", "names": "true"})).json()
            assert got["ret_code"] == 0 and got["ret_msg"] == "SUCCESS", got
            data = got["data"]
            table = await feed.market_table("HK")
            assert data["market"] == "HK" and data["codes"] == table.codes
            assert len(data["codes"]) == 2600
            assert list(data["fields"]) == list(NUMERIC_KEYS)
            for k, key in enumerate(NUMERIC_KEYS):
                assert same(data["fields"][key], table.values[:, k]), key
            for key in ("turnover", "last", "prev_close"):
                assert same(data[key], getattr(table, key)), key
            assert data["update_time"] == [str(t) for t in table.update_time]
            # Not a table of unknowns: the market is mid-session at the held instant.
            assert sum(v is not None for v in data["fields"]["main_net_inflow"]) > 2000
            stocks = feed.universe().stocks()
            assert data["name_zh"][data["codes"].index("HK.00700")] == "腾讯控股"
            for code, en, sector in zip(data["codes"], data["name_en"], data["sector"],
                                        strict=True):
                assert (en, sector) == (stocks[code].name_en, stocks[code].sector)
            sectors = feed.universe().sectors()
            assert set(data["sector_names"]) == set(data["sector"])
            assert all(v["name_en"] == sectors[s].name_en
                       for s, v in data["sector_names"].items())
            plain = (await (await client.get("/v1/market?market=US")).json())["data"]
            assert "name_en" not in plain and plain["codes"][0].startswith("US.")
            # base64: the same numbers to the bit, NaN where JSON says null.
            packed = (await (await client.get("/v1/market", params={
                "market": "HK", "encoding": "base64"})).json())["data"]
            assert packed["encoding"] == "base64" and packed["codes"] == table.codes
            for k, key in enumerate(NUMERIC_KEYS):
                got = np.frombuffer(base64.b64decode(packed["fields"][key]), "<f8")
                np.testing.assert_array_equal(got, table.values[:, k])
            got = np.frombuffer(base64.b64decode(packed["last"]), "<f8")
            np.testing.assert_array_equal(got, table.last)
    run(main())


def test_bad_parameters_name_themselves_other_sources_say_why_and_guards_hold():
    async def main():
        async with served(CountingSim()) as client:
            for params, name in (({}, "market"), ({"market": "XX"}, "market"),
                                 ({"market": "HK", "names": "maybe"}, "names"),
                                 ({"market": "HK", "encoding": "xml"}, "encoding"),
                                 ({"market": "HK", "top": "5"}, "top")):
                resp = await client.get("/v1/market", params=params)
                got = await resp.json()
                assert resp.status == 400 and got["ret_code"] == 1001, (params, got)
                assert name in got["ret_msg"], (params, got)
            resp = await client.get("/v1/market?market=HK",
                                    headers={"Authorization": "Bearer wrong"})
            assert resp.status == 401
            resp = await client.get("/v1/market?market=HK",
                                    headers={"Origin": "https://evil.example"})
            assert resp.status == 403
            resp = await client.get("/v1/market?market=HK",
                                    headers={"Host": "evil.example"})
            assert resp.status == 421
        async with served(FakeFeed()) as client:
            resp = await client.get("/v1/market?market=HK")
            got = await resp.json()
            assert resp.status == 503 and got["ret_code"] == 1016
            assert "whole market" in got["ret_msg"]
    run(main())


def test_clients_asking_at_once_share_one_answer_a_market():
    async def main():
        feed = CountingSim()
        async with served(feed) as client:
            answers = await asyncio.gather(*(
                client.get("/v1/market?market=SZ") for _ in range(6)))
            bodies = {await a.read() for a in answers}
            assert len(bodies) == 1 and feed.tables == 1
    run(main())


def test_an_answer_is_made_again_once_it_is_no_longer_fresh():
    async def main():
        now = [0.0]
        answers = MarketAnswers(clock=lambda: now[0], fresh_s=0.25)
        made = []

        async def make():
            made.append(now[0])
            return f"answer {len(made)}".encode()

        hk, us = ("HK", False, "json"), ("US", False, "json")
        assert await answers.body(hk, make) == b"answer 1"
        now[0] = 0.2
        assert await answers.body(hk, make) == b"answer 1"
        assert await answers.body(us, make) == b"answer 2"
        now[0] = 0.3
        assert await answers.body(hk, make) == b"answer 3"
        assert made == [0.0, 0.2, 0.3] and answers.made == 3
    run(main())

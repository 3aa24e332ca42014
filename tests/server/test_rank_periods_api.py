"""/v1/rank and /v1/sectors over 3 to 20 days on a real in-process gateway: its own
archive (days written through the real writer) plus today's table, numbers added up
by hand; only the codes with a past day archived rank; the answer says how many of
the period's days it covered; no archive or no past day is 1016; one answer a request
while fresh and one archived part a market whatever the clients."""

from __future__ import annotations

import asyncio
import datetime as dt
import math

import pytest

from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.trades_csv import HEADER
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.server.archive_keeper import GatewayArchive
from flowdeck.server.rank_api import RANK_ANSWERS, RANK_PERIODS
from tests.support.day_flows import trading_days
from tests.support.scripted_days import write_days
from tests.support.server_fakes import run, served

PAST = [dt.date(2025, 3, 7), dt.date(2025, 3, 10), dt.date(2025, 3, 11),
        dt.date(2025, 3, 12)]          # the four trading days before Thursday 13 March
TODAY = (HEADER + "\n"
         "HK.00700,2025-03-13 10:00:00,500,10000,499.8,500\n"     # a 5M buy at the ask
         "HK.00005,2025-03-13 10:00:00,60,500000,59.95,60\n"      # 30M bought
         "HK.00001,2025-03-13 10:00:00,50,100000,49.95,50\n"      # 5M, nothing archived
         "HK.00388,2025-03-13 10:00:00,300,10000,300,300.2\n")    # 3M sold at the bid
ARCHIVED = {"HK.00700": (PAST, 10e6, 200e6), "HK.00005": (PAST, -10e6, 100e6),
            "HK.00388": (PAST[2:], 2e6, 50e6)}


@pytest.fixture
def replay(tmp_path):
    day = tmp_path / "day.csv"
    day.write_text(TODAY)
    path = tmp_path / "gateway.sqlite"
    identity = f"replay:{day.resolve()}"
    write_days(path, identity, ARCHIVED)
    return f"replay:{day}", path, identity


async def ranked(client, **params) -> dict:
    resp = await client.get("/v1/rank", params={"market": "HK", **params})
    got = await resp.json()
    assert resp.status == 200 and got["ret_code"] == 0, got
    return got["data"]


def test_five_days_are_the_archived_days_plus_today_added_up_by_hand(replay):
    source, path, identity = replay

    async def main():
        keeper = GatewayArchive(path, identity)
        async with served(open_feed(source), archive=keeper) as client:
            await keeper.wait_ready()
            data = await ranked(client, period="5d")
            assert (data["period"], data["days"], data["days_asked"]) == ("5d", 5, 5)
            rows = data["rank_list"]
            # 4 x 10M + 5M; 2 x 2M - 3M (3 of 5 days known); 4 x -10M + 30M.
            assert [(r["code"], r["main_net_inflow"], r["days"]) for r in rows] == [
                ("HK.00700", 45e6, 5), ("HK.00388", 1e6, 3), ("HK.00005", -10e6, 5)]
            # HK.00001 traded today but has no past day: not ranked over a period.
            assert (data["codes"], data["known"]) == (4, 3)
            ratio = {r["code"]: r["net_inflow_ratio"] for r in rows}
            assert ratio["HK.00700"] == pytest.approx(45e6 / (4 * 200e6 + 5e6))
            assert ratio["HK.00005"] == pytest.approx(-10e6 / (4 * 100e6 + 30e6))
            assert ratio["HK.00388"] == pytest.approx(1e6 / (2 * 50e6 + 3e6))
            # Today's turnover and price stay today's.
            assert rows[0]["turnover"] == 5e6 and rows[0]["last"] == 500
            # Three days: 10 + 10 + 5; 2 + 2 - 3; -10 - 10 + 30.
            three = await ranked(client, period="3d")
            assert [(r["code"], r["main_net_inflow"]) for r in three["rank_list"]] == [
                ("HK.00700", 25e6), ("HK.00005", 10e6), ("HK.00388", 1e6)]
            # A ratio over a period is its summed nets over its summed turnovers.
            asc = await ranked(client, period="5d", field="super_net_inflow_ratio",
                               order="asc", top="2")
            assert [r["code"] for r in asc["rank_list"]] == ["HK.00005", "HK.00388"]
            assert asc["rank_list"][0]["super_net_inflow_ratio"] == pytest.approx(
                -10e6 / 430e6)
            # Today still ranks every code that traded.
            today = await ranked(client)
            assert [r["code"] for r in today["rank_list"]] == [
                "HK.00005", "HK.00001", "HK.00700", "HK.00388"]
            assert (today["days"], today["days_asked"]) == (1, 1)
    run(main())


def test_a_short_archive_is_said_and_no_past_day_is_1016(replay, tmp_path):
    source, path, identity = replay

    async def main():
        keeper = GatewayArchive(path, identity)
        async with served(open_feed(source), archive=keeper) as client:
            await keeper.wait_ready()
            data = await ranked(client, period="20d", field="large_net_inflow")
            # Five of twenty days: the archive is short, which the rows alone hide.
            assert (data["days"], data["days_asked"]) == (5, 20)
            assert [(r["code"], r["large_net_inflow"]) for r in data["rank_list"]] == [
                ("HK.00005", 0.0), ("HK.00388", 0.0), ("HK.00700", 0.0)]
            resp = await client.get("/v1/rank", params={"market": "HK", "period": "7d"})
            got = await resp.json()
            assert got["ret_code"] == 1001 and "period" in got["ret_msg"]
        empty = GatewayArchive(tmp_path / "empty.sqlite", identity)
        async with served(open_feed(source), archive=empty) as client:
            await empty.wait_ready()
            for route in ("/v1/rank", "/v1/sectors"):
                got = await (await client.get(route, params={
                    "market": "HK", "period": "5d"})).json()
                assert got["ret_code"] == 1016, got
                assert "no day before today" in got["ret_msg"], got
        async with served(open_feed(source)) as client:
            got = await (await client.get("/v1/rank", params={
                "market": "HK", "period": "3d"})).json()
            assert got["ret_code"] == 1016 and "no archive" in got["ret_msg"], got
    run(main())


def test_one_answer_a_request_while_fresh_and_one_archived_part_a_market(replay):
    source, path, identity = replay

    async def main():
        keeper = GatewayArchive(path, identity)
        async with served(open_feed(source), archive=keeper) as client:
            await keeper.wait_ready()
            now = [0.0]
            answers, periods = client.app[RANK_ANSWERS], client.app[RANK_PERIODS]
            answers.clock = periods.clock = lambda: now[0]
            asks = [client.get("/v1/rank", params={"market": "HK", "period": "5d"})
                    for _ in range(6)]
            bodies = [await r.json() for r in await asyncio.gather(*asks)]
            assert all(b == bodies[0] for b in bodies) and answers.made == 1
            await ranked(client, period="5d")
            assert answers.made == 1                 # still fresh: the same answer
            now[0] = 1.0
            await ranked(client, period="5d")
            await ranked(client, period="10d", field="small_net_inflow_ratio")
            assert answers.made == 3
            # Every period and field of the market read the archive once...
            assert periods.built == 1
            # ...for a minute: the days the archive saved since are read again.
            now[0] = 61.0
            await ranked(client, period="5d")
            assert periods.built == 2 and answers.made == 4
    run(main())


def test_a_sectors_period_sums_its_archived_members_over_their_turnovers(tmp_path):
    feed = SimFeed("sim?seed=3", seed=3, monotonic=lambda: 1000.0)  # its clock held

    async def main():
        table = await feed.market_table("HK")
        stocks = feed.universe().stocks()
        live = max(str(t) for t in table.update_time)[:10]
        past = trading_days(5, dt.date.fromisoformat(live))[:-1]
        sector = stocks["HK.00700"].sector
        members = [c for c in table.codes if stocks[c].sector == sector]
        other = next(c for c in table.codes if stocks[c].sector != sector)
        scripted = {members[0]: (past, 10e6, 100e6), members[1]: (past[1:], -4e6, 50e6),
                    other: (past, 1e6, 10e6)}
        path = tmp_path / "gateway.sqlite"
        write_days(path, "sim:seed=3", scripted)
        keeper = GatewayArchive(path, "sim:seed=3")
        async with served(feed, archive=keeper) as client:
            await keeper.wait_ready()
            got = await (await client.get("/v1/sectors", params={
                "market": "HK", "period": "5d"})).json()
        assert got["ret_code"] == 0, got
        data = got["data"]
        assert (data["days"], data["days_asked"]) == (5, 5)
        rows = {r["sector"]: r for r in data["sector_list"]}
        assert set(rows) == {sector, stocks[other].sector}  # the rest: nothing archived
        main_col = NUMERIC_KEYS.index("main_net_inflow")
        net = turnover = 0.0
        for code in members[:2]:
            days, day_net, day_turnover = scripted[code]
            row = table.codes.index(code)
            net += len(days) * day_net + table.values[row, main_col]
            turnover += len(days) * day_turnover + table.turnover[row]
        mine = rows[sector]
        assert mine["main_net_inflow"] == pytest.approx(net)
        assert mine["turnover"] == pytest.approx(turnover)
        assert math.isclose(mine["main_net_inflow_ratio"], net / turnover, rel_tol=1e-9)
        assert (mine["members"], mine["known"]) == (len(members), 2)
    run(main())

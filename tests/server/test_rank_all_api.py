"""/v1/rank and /v1/sectors over every market (market=ALL) on a real in-process gateway
on the simulator: amounts in the base currency at the settings file's rates (read,
never written), each row's own amount and currency beside; 1001 naming the market and
the currency when an amount cannot be converted; ratios rank without rates."""

from __future__ import annotations

from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.storage import paths
from tests.support.server_fakes import run, served
from tests.support.settings_file import NO_CNY, RATES, RATES_DAY, write_settings

RATE = {"HKD": 1.0, "USD": 7.8, "CNY": 1.1}
CURRENCY = {"HK": "HKD", "US": "USD", "SH": "CNY", "SZ": "CNY"}


def sim() -> SimFeed:
    return SimFeed("sim?speed=600&interval=0.2&seed=3", speed=600.0, interval=0.2)


def test_every_market_ranked_in_hkd_at_the_settings_rates(flowdeck_home):
    before = write_settings(RATES)

    async def main():
        async with served(sim()) as client:
            got = await (await client.get("/v1/rank", params={
                "market": "ALL", "top": "200", "order": "asc"})).json()
            assert got["ret_code"] == 0, got
            data = got["data"]
            assert data["market"] == "ALL" and data["currency"] == "HKD"
            assert data["codes"] == 2600 + 4000 + 2300 + 2800
            assert [(r["currency"], r["rate"], r["date"]) for r in data["rates"]] == \
                [("USD", 7.8, RATES_DAY), ("CNY", 1.1, RATES_DAY)]
            assert data["missing_rates"] == {}
            rows = data["rank_list"]
            values = [r["main_net_inflow"] for r in rows]
            assert values == sorted(values) and len(rows) == 200
            for r in rows:
                own = CURRENCY[r["code"][:2]]
                assert r["currency"] == own
                assert r["main_net_inflow"] == r["net_inflow"] == \
                    r["native_net_inflow"] * RATE[own]
                assert r["turnover"] == r["native_turnover"] * RATE[own]
            # A US stock's USD outflow is 7.8 times bigger in HKD: US ranks among the rest.
            assert len({r["code"][:2] for r in rows}) >= 2
            sectors = await (await client.get("/v1/sectors", params={
                "market": "ALL", "top": "500"})).json()
            data = sectors["data"]
            assert sectors["ret_code"] == 0 and data["currency"] == "HKD"
            listed = data["sector_list"]
            assert {s["currency"] for s in listed} == {"HKD", "USD", "CNY"}
            assert all(s["sector"].startswith({"HKD": "HK.", "USD": "US.", "CNY": "S"}[
                s["currency"]]) for s in listed)
            values = [s["main_net_inflow"] for s in listed]
            assert values == sorted(values, reverse=True)
    run(main())
    assert paths.config_path().read_bytes() == before


def test_an_amount_without_a_rate_is_1001_naming_it_and_ratios_need_none(flowdeck_home):
    write_settings(NO_CNY)

    async def main():
        async with served(sim()) as client:
            for route in ("/v1/rank", "/v1/sectors"):
                resp = await client.get(route, params={"market": "all"})
                got = await resp.json()
                assert resp.status == 400 and got["ret_code"] == 1001, got
                assert "market ALL" in got["ret_msg"] and "CNY" in got["ret_msg"]
            got = await (await client.get("/v1/rank", params={
                "market": "ALL", "field": "main_net_inflow_ratio", "top": "500"})).json()
            data = got["data"]
            assert got["ret_code"] == 0 and data["missing_rates"] == {"CNY": 5100}
            ratios = [r["main_net_inflow_ratio"] for r in data["rank_list"]]
            assert ratios == sorted(ratios, reverse=True)
            for r in data["rank_list"]:
                if r["currency"] == "CNY":  # no rate: its amount in HKD is unknown
                    assert r["net_inflow"] is None and r["native_net_inflow"] is not None
            one = await (await client.get("/v1/rank", params={"market": "SH"})).json()
            assert one["ret_code"] == 0 and one["data"]["currency"] == "CNY"
    run(main())

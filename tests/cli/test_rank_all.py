"""`flowdeck rank --market ALL` as a user types it: every market in the base currency at
the settings file's rates (the header line says them and the value column its
currency), the gateway's envelope with --json, 2 naming a currency without a rate; on
a gateway:// source, what the upstream gateway answers."""

from __future__ import annotations

import json

from flowdeck.cli.main import main
from flowdeck.cli.rank import rank_answer
from flowdeck.feeds.sim.feed import SimFeed
from flowdeck.storage import paths
from tests.support.server_fakes import SERVED_TOKEN, run, served
from tests.support.settings_file import NO_CNY, RATES, RATES_DAY, write_settings

SIM = "sim?seed=5"


def test_every_market_in_hkd_as_a_table_and_as_the_envelope(flowdeck_home, capsys):
    before = write_settings(RATES)
    assert main(["rank", "--market", "ALL", "--top", "12", "--source", SIM,
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    assert data["currency"] == "HKD" and data["codes"] == 11700
    rows = data["rank_list"]
    values = [r["main_net_inflow"] for r in rows]
    assert values == sorted(values, reverse=True) and len(rows) == 12
    rate = {"HKD": 1.0, "USD": 7.8, "CNY": 1.1}
    assert all(r["main_net_inflow"] == r["native_net_inflow"] * rate[r["currency"]]
               for r in rows)
    assert main(["rank", "--market", "all", "--top", "3", "--source", SIM,
                 "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("ALL today by main_net_inflow (desc), of 11700 codes; amounts in "
                        f"HKD at USD 7.8 of {RATES_DAY}, CNY 1.1 of {RATES_DAY}")
    assert "main_net_inflow (HKD)" in lines[1] and len(lines) == 2 + 3
    assert paths.config_path().read_bytes() == before  # read, never written


def test_a_currency_without_a_rate_is_2_for_amounts_and_named_for_ratios(flowdeck_home,
                                                                         capsys):
    write_settings(NO_CNY)
    assert main(["rank", "--market", "ALL", "--source", SIM]) == 2
    assert "no rate for CNY" in capsys.readouterr().err
    assert main(["rank", "--market", "ALL", "--field", "main_net_inflow_ratio",
                 "--top", "3", "--source", SIM, "--sectors"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("; amounts in HKD at USD 7.8 of 2026-12-01; no rate for CNY "
                           "(5100 codes)")
    assert len(out) == 2 + 3


def test_a_gateway_ranks_every_market_of_its_upstream_as_the_upstream_does(flowdeck_home):
    write_settings(RATES)

    async def main_():
        held = SimFeed("sim?seed=4", seed=4, monotonic=lambda: 900.0)  # held still
        async with served(held) as client:
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            for path, sectors, key in (("/v1/rank", False, "rank_list"),
                                       ("/v1/sectors", True, "sector_list")):
                params = {"market": "ALL", "top": "8"}
                ours = await rank_answer(source, dict(params), sectors)
                theirs = await (await client.get(path, params=params)).json()
                assert ours["ret_code"] == 0 and len(ours["data"][key]) == 8
                assert ours["data"][key] == theirs["data"][key]
                assert ours["data"]["rates"] == theirs["data"]["rates"] != []
    run(main_())

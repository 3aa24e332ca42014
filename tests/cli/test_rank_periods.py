"""`flowdeck rank --period 5d` as a user types it: over a replay the window's archive in
the data dir (days written through the real writer) plus the file's day, added up by
hand; over a gateway the gateway's own answer from its archive; exit 1 saying why
when there is no archive or no past day, 2 naming a bad period."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from flowdeck.cli.main import main
from flowdeck.cli.rank import rank_answer
from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.registry import open_feed
from flowdeck.feeds.replay.trades_csv import HEADER
from flowdeck.server.archive_keeper import GatewayArchive
from flowdeck.storage import paths
from tests.support.scripted_days import write_days
from tests.support.server_fakes import SERVED_TOKEN, run, served

PAST = [dt.date(2025, 3, 7), dt.date(2025, 3, 10), dt.date(2025, 3, 11),
        dt.date(2025, 3, 12)]          # the four trading days before Thursday 13 March
TODAY = (HEADER + "\n"
         "HK.00700,2025-03-13 10:00:00,500,10000,499.8,500\n"     # a 5M buy at the ask
         "HK.00005,2025-03-13 10:00:00,60,500000,59.95,60\n")     # 30M bought
ARCHIVED = {"HK.00700": (PAST, 10e6, 200e6), "HK.00005": (PAST[1:], -20e6, 100e6)}


def replay_day(tmp_path):
    day = tmp_path / "day.csv"
    day.write_text(TODAY)
    return day


def test_five_days_from_the_windows_archive_plus_the_files_day(flowdeck_home, tmp_path,
                                                               capsys):
    day = replay_day(tmp_path)
    source = f"replay:{day}"
    write_days(paths.archive_path("window"), f"replay:{day.resolve()}", ARCHIVED)
    assert main(["rank", "--market", "HK", "--period", "5d", "--source", source,
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    # 4 x 10M + 5M; 3 x -20M + 30M (4 of 5 days known).
    assert [(r["code"], r["main_net_inflow"], r["days"]) for r in data["rank_list"]] == [
        ("HK.00700", 45e6, 5), ("HK.00005", -30e6, 4)]
    assert (data["days"], data["days_asked"]) == (5, 5)
    assert main(["rank", "--market", "HK", "--period", "3d", "--source", source,
                 "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("HK 3d by main_net_inflow (desc), of 2 codes, 3 of 3 days")
    # 10 + 10 + 5 = 25M; -20 - 20 + 30 = -10M.
    assert [line.split()[1:3] for line in lines[2:]] == [["HK.00700", "25.00M"],
                                                        ["HK.00005", "-10.00M"]]
    # Over 10 days: five are known, four of them for HK.00005 (the table's `4/10`).
    assert main(["rank", "--market", "HK", "--period", "10d", "--source", source,
                 "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "of 2 codes, 5 of 10 days" in lines[0]
    assert [line.split()[1:4] for line in lines[2:]] == [["HK.00700", "45.00M", "5/10"],
                                                        ["HK.00005", "-30.00M", "4/10"]]


def test_no_archive_or_no_past_day_is_1_saying_so_and_a_bad_period_2(flowdeck_home,
                                                                     tmp_path, capsys):
    source = f"replay:{replay_day(tmp_path)}"
    assert main(["rank", "--market", "HK", "--period", "5d", "--source", source]) == 1
    assert "no flow history is archived here yet" in capsys.readouterr().err
    # An archive of another source's days: none of this one's.
    write_days(paths.archive_path("window"), "sim:seed=1", ARCHIVED)
    assert main(["rank", "--market", "HK", "--period", "10d", "--source", source]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error 1016") and "no day before today of HK" in err
    assert main(["rank", "--market", "HK", "--period", "6d", "--source", source]) == 2
    assert "period" in capsys.readouterr().err


def test_over_a_gateway_the_period_is_the_gateways_own_answer(tmp_path):
    day = replay_day(tmp_path)
    path, identity = tmp_path / "gateway.sqlite", f"replay:{day.resolve()}"
    write_days(path, identity, ARCHIVED)

    async def main_():
        keeper = GatewayArchive(path, identity)
        async with served(open_feed(f"replay:{day}"), archive=keeper) as client:
            await keeper.wait_ready()
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            params = {"market": "HK", "period": "5d", "top": "5"}
            ours = await rank_answer(source, dict(params), False)
            theirs = await (await client.get("/v1/rank", params=params)).json()
            assert ours == theirs
            assert [r["main_net_inflow"] for r in ours["data"]["rank_list"]] == [45e6, -30e6]
        async with served(open_feed(f"replay:{day}")) as client:  # no archive kept
            source = f"gateway://127.0.0.1:{client.server.port}?token={SERVED_TOKEN}"
            with pytest.raises(FlowDeckError) as info:
                await rank_answer(source, {"market": "HK", "period": "3d"}, True)
            assert info.value.code == 1016 and "no archive" in info.value.message
    run(main_())

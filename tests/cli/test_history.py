"""`flowdeck backfill` then `flowdeck history`, in process, on a temp data directory:
the simulator's past days archived once, printed as a table or as the gateway's
envelope, a second backfill skipping what is there, and bad input refused."""

from __future__ import annotations

import json

import pytest

from flowdeck.cli.main import main
from flowdeck.core.records import RECORD_KEYS
from flowdeck.storage import paths

SOURCE = "sim?seed=3"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_backfilled_days_print_as_a_table_and_as_the_envelope(flowdeck_home, capsys) -> None:
    code, _, err = run(capsys, "backfill", "HK.00700", "SZ.000001", "--days", "5",
                       "--source", SOURCE)
    assert code == 0 and "backfill done: 10 of 10 code-days (10 saved" in err
    assert paths.archive_path("window").exists()
    code, out, _ = run(capsys, "history", "HK.00700", "--source", SOURCE, "--json")
    got = json.loads(out)
    rows = got["data"]["capital_flow_history_list"]
    assert got["ret_code"] == 0 and len(rows) == 5
    assert all(tuple(r)[:14] == RECORD_KEYS and r["complete"] for r in rows)
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)
    main_nets = [r["main_net_inflow"] for r in rows]
    assert all(r["main_net_inflow"] == r["super_net_inflow"] + r["large_net_inflow"]
               for r in rows)
    code, out, _ = run(capsys, "history", "HK.00700", "--source", SOURCE, "--days", "2")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:4] == ["Day", "Main", "net", "inflow"]
    assert [line.split()[0] for line in lines[1:]] == [r["day"] for r in rows[-2:]]
    assert len(set(main_nets)) == 5  # five different days, not one repeated
    code, _, err = run(capsys, "backfill", "HK.00700", "--days", "5", "--source", SOURCE)
    assert code == 0 and "(0 saved, 5 already archived)" in err


def test_other_sources_days_are_not_shown(flowdeck_home, capsys) -> None:
    assert run(capsys, "backfill", "US.AAPL", "--days", "2", "--source", SOURCE)[0] == 0
    code, out, err = run(capsys, "history", "US.AAPL", "--source", "sim?seed=4")
    assert code == 0 and out == "" and "nothing archived for US.AAPL" in err
    code, out, _ = run(capsys, "history", "US.AAPL", "--source", "sim?seed=4", "--json")
    assert json.loads(out)["data"] == {"capital_flow_history_list": []}


@pytest.mark.parametrize("args, number, words", [
    (["history", "HK.00700", "--start", "2026-13-01"], 1001, "start must be a date"),
    (["history", "HK.00700", "--days", "3", "--start", "2026-01-01"], 1001,
     "--days or --start/--end"),
    (["history", "HK.0070X"], 1002, "HK.0070X"),
    (["backfill", "HK.00700", "--days", "0"], 1001, "--days must be between 1 and 3650"),
    (["backfill", "XX.1", "--days", "3"], 1002, "XX.1"),
    (["backfill", "HK.00700", "--days", "3", "--source", "nosuch://x"], 1001,
     "unknown source"),
])
def test_bad_input_is_refused_with_the_spec_code(flowdeck_home, capsys, args, number,
                                                 words) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and f"error {number}" in err and words in err
    assert not paths.archive_path("window").exists()  # nothing written


def test_watch_reads_multiday_rules_from_the_archive_or_says_it_cannot(flowdeck_home,
                                                                      capsys) -> None:
    args = ("watch", "HK.00700", "--source", SOURCE, "--duration", "0.3",
            "--alert", "main_inflow_streak >= 3")
    code, _, err = run(capsys, *args)
    assert code == 0 and "no flow history archived yet" in err
    assert run(capsys, "backfill", "HK.00700", "--days", "5", "--source", SOURCE)[0] == 0
    code, _, err = run(capsys, *args)
    assert code == 0 and "flow history" not in err
    code, _, err = run(capsys, "watch", "HK.00700", "--source", "sim?seed=3&speed=2",
                       "--duration", "0.3", "--alert", "main_net_inflow_5d > 1亿")
    assert code == 0 and err == ""  # the same days: the speed is not part of them

"""`flowdeck rank` as a user types it: a whole market or its sectors ranked, the
gateway's envelope with --json, 2 for a bad parameter (named), 1 for a source that
cannot rank a whole market."""

from __future__ import annotations

import json

from flowdeck.cli.main import main
from flowdeck.feeds.replay.trades_csv import HEADER
from flowdeck.feeds.sim.feed import SimFeed


def test_a_market_ranked_as_a_table_and_as_the_gateways_envelope(capsys):
    assert main(["rank", "--market", "US", "--top", "4", "--source", "sim?seed=5",
                 "--json"]) == 0
    envelope = json.loads(capsys.readouterr().out)
    rows = envelope["data"]["rank_list"]
    assert envelope["ret_code"] == 0 and envelope["data"]["codes"] == 4000
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert all(r["code"].startswith("US.") for r in rows)
    values = [r["main_net_inflow"] for r in rows]
    assert values == sorted(values, reverse=True)
    assert main(["rank", "--market", "US", "--top", "4", "--source", "sim?seed=5",
                 "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("US today by main_net_inflow (desc), of 4000 codes")
    assert len(lines) == 2 + 4 and lines[2].split()[1].startswith("US.")


def test_sectors_in_chinese(capsys):
    assert main(["rank", "--market", "A", "--sectors", "--top", "3", "--lang", "zh",
                 "--units", "wan"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "sectors" in out[0] and len(out) == 2 + 3
    assert any("亿" in line or "万" in line for line in out[2:])


def test_names_in_the_language_asked_traditional_in_zh_hk(capsys):
    stocks = SimFeed(seed=5).universe().stocks()
    shown = {}
    for lang in ("en", "zh", "zh_HK"):
        assert main(["rank", "--market", "HK", "--top", "5", "--source", "sim?seed=5",
                     "--lang", lang]) == 0
        rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
        shown[lang] = {cells[1]: cells[2] for cells in rows}
    for lang, names in shown.items():
        assert len(names) == 5 and all(n == stocks[c].name(
            {"zh": "zh_CN"}.get(lang, lang)).split()[0] for c, n in names.items())
    assert all(n == stocks[c].name_zh_hant.split()[0] for c, n in shown["zh_HK"].items())
    assert main(["rank", "--market", "HK", "--top", "5", "--source", "sim?seed=5",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["data"]["rank_list"]
    assert [r["name_zh_hant"] for r in rows] == [stocks[r["code"]].name_zh_hant for r in rows]
    assert all(r["name_zh_hant"] for r in rows)


def test_bad_input_is_2_naming_it_and_a_replay_ranks_its_files_codes(capsys, tmp_path):
    assert main(["rank", "--market", "HK", "--top", "0"]) == 2
    assert "top" in capsys.readouterr().err
    day = tmp_path / "day.csv"
    # A buy at the ask (48M HKD: main inflow) and a sell at the bid (60M: outflow).
    day.write_text(HEADER + "\nHK.00700,2025-03-13 10:00:00,480,100000,479,480\n"
                   "HK.00005,2025-03-13 10:00:00,60,1000000,60,60.05\n")
    assert main(["rank", "--market", "HK", "--source", f"replay:{day}"]) == 0
    rows = [r.split() for r in capsys.readouterr().out.splitlines()[2:]]
    assert [(r[1], r[2]) for r in rows] == [("HK.00700", "48.00M"), ("HK.00005", "-60.00M")]

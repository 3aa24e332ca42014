"""`flowdeck fetch --source eastmoney://HOST:PORT?tls=0` against the fake East Money
(tests/support/fake_eastmoney/: ulist.np/get in the shape akshare's
stock/stock_fund_em.py and efinance's common/getter.py read), through the real entry
point: the spec's envelope with `data.source` "eastmoney", an HK code's own 1016, the
table labelled as East Money's numbers, a refusing server a 1016 saying East Money
refused (never a traceback, never "waiting for East Money's answer"), and an answer of
an unexpected shape kept in the data folder for a bug report, as the window keeps it."""

from __future__ import annotations

import json

import pytest

from flowdeck.cli.main import main
from flowdeck.core.records import RECORD_KEYS
from tests.support.fake_eastmoney.quotes import MISSING, FakeQuotes, tiers
from tests.support.fake_eastmoney.threaded import threaded_fake


@pytest.fixture
def fake():
    with threaded_fake() as served:
        yield served


def fetch(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["fetch", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_records_say_they_are_east_moneys(capsys, fake) -> None:
    code, out, err = fetch(capsys, "SH.600519", "SZ.000001", "HK.00700",
                           "--source", fake.source, "--json")
    assert code == 0, err
    env = json.loads(out)
    data = env["data"]
    assert data["source"] == "eastmoney"
    rows = data["capital_flow_list"]
    assert [r["code"] for r in rows] == ["SH.600519", "SZ.000001"]
    sup, large, medium, small = tiers("1.600519", 0)   # what the fake published
    first = rows[0]
    assert tuple(first) == RECORD_KEYS
    assert (first["super_net_inflow"], first["large_net_inflow"],
            first["medium_net_inflow"], first["small_net_inflow"]) == (sup, large, medium, small)
    assert first["main_net_inflow"] == first["super_net_inflow"] + first["large_net_inflow"]
    assert first["retail_net_inflow"] == first["medium_net_inflow"] + first["small_net_inflow"]
    # Their convention: the four tiers sum to zero.
    assert sup + large + medium + small == 0
    [hk] = data["errors"]
    assert hk["code"] == "HK.00700" and hk["ret_code"] == 1016 and "futu://" in hk["ret_msg"]
    assert fake.fake.counts  # the answers came from the fake, not from the internet


@pytest.mark.parametrize(("lang", "words"), [("en", "East Money numbers"),
                                             ("zh", "东方财富口径")])
def test_the_table_is_labelled_east_money_numbers(capsys, fake, lang, words) -> None:
    code, out, _err = fetch(capsys, "SH.600519", "--source", fake.source, "--lang", lang)
    assert code == 0
    assert "SH.600519" in out and out.rstrip().splitlines()[-1].startswith(words)


def test_a_refusing_server_is_a_1016_saying_so_not_a_traceback(capsys, fake) -> None:
    fake.call(lambda f: f.fail("html", times=1000))
    code, out, err = fetch(capsys, "SH.600519", "--source", fake.source, "--json")
    assert code == 1
    env = json.loads(out)
    assert env["ret_code"] == 1016 and env["data"] is None
    assert "SH.600519: East Money refused the request (too frequent?) — retrying at " \
        in env["ret_msg"]
    assert "waiting" not in env["ret_msg"]
    assert "Traceback" not in err


def test_an_unexpected_answer_is_kept_in_the_data_folder(capsys, flowdeck_home) -> None:
    quotes = FakeQuotes()
    quotes.override["0.000002"] = {"f66": MISSING}
    with threaded_fake(quotes) as served:
        code, out, _err = fetch(capsys, "SH.600519", "SZ.000002",
                                "--source", served.source + "&rate=20", "--json")
    assert code == 0
    [error] = json.loads(out)["data"]["errors"]
    assert error["code"] == "SZ.000002" and "f66" in error["ret_msg"]
    [kept] = (flowdeck_home / "state" / "eastmoney-answers").glob("*.txt")
    assert '"f12": "600519"' in kept.read_text()

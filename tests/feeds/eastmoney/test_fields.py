"""East Money's answers parsed field by field: ulist.np/get (fields.py) and fflow/kline
klt=1 (minutes.py), in the shapes of the fake (tests/support/fake_eastmoney/quotes.py,
minutes.py) that follow akshare (akshare/stock/stock_fund_em.py) and efinance
(efinance/common/getter.py: get_today_bill's columns time, main, small, medium, large,
super), and the URL's options (url.py)."""

from __future__ import annotations

import pytest

from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.eastmoney.client import ShapeError
from flowdeck.feeds.eastmoney.fields import parse_ulist, ulist_params
from flowdeck.feeds.eastmoney.minutes import minutes_params, parse_minutes
from flowdeck.feeds.eastmoney.url import PUBLIC_HOSTS, parse_eastmoney_url
from flowdeck.feeds.registry import split_source
from tests.support.fake_eastmoney.minutes import FakeMinutes
from tests.support.fake_eastmoney.quotes import FakeQuotes, tiers


def ulist(quotes: FakeQuotes, codes: list[str], np: str = "1") -> dict:
    return quotes.answer({**ulist_params(codes), "np": np})


def test_the_diff_as_an_object_reads_as_the_list() -> None:
    codes = ["SH.600519", "SZ.300750"]
    as_list, as_object = (parse_ulist(ulist(FakeQuotes(), codes, np), codes)
                          for np in ("1", "0"))
    assert as_list.records == as_object.records and len(as_list.records) == 2


def test_ratios_are_percent_and_retail_is_medium_plus_small() -> None:
    got = parse_ulist(ulist(FakeQuotes(), ["SZ.300750"]), ["SZ.300750"])
    record = got.records["SZ.300750"]
    *_, medium, small = tiers("0.300750", 0)
    assert record.medium_net_inflow_ratio == pytest.approx(round(100 * medium / 1e9, 2) / 100)
    assert record.retail_net_inflow_ratio == pytest.approx(
        (round(100 * medium / 1e9, 2) + round(100 * small / 1e9, 2)) / 100)
    assert got.quotes["SZ.300750"].prev_close == 12.19 and not got.main_gaps


def test_a_main_net_that_is_not_super_plus_large_is_reported() -> None:
    quotes = FakeQuotes()
    sup, large, *_ = tiers("1.600000", 0)
    quotes.override["1.600000"] = {"f62": sup + large + 5000.0}
    got = parse_ulist(ulist(quotes, ["SH.600000"]), ["SH.600000"])
    assert got.main_gaps == {"SH.600000": 5000.0}
    assert got.records["SH.600000"].main_net_inflow == sup + large


@pytest.mark.parametrize(("payload", "field"), [
    ({"rc": 0}, "data"),
    ({"rc": 0, "data": {"total": 1}}, "data.diff"),
    ({"rc": 0, "data": {"diff": "x"}}, "data.diff"),
    ({"rc": 0, "data": {"diff": [{"f14": "x"}]}}, "data.diff[0].f12/f13"),
])
def test_an_answer_of_another_shape_names_the_field(payload, field) -> None:
    with pytest.raises(ShapeError) as caught:
        parse_ulist(payload, ["SH.600000"])
    assert caught.value.field == field


def test_no_data_when_east_money_knows_none_of_the_codes() -> None:
    got = parse_ulist({"rc": 0, "data": None}, ["SH.600000"])
    assert got.errors == {"SH.600000": (1016, "SH.600000: suspended / no data today")}


def test_minute_lines_end_their_minute_and_keep_the_column_order() -> None:
    payload = FakeMinutes(lines=125).answer(minutes_params("SZ.000001"))
    day = parse_minutes(payload, "SZ.000001")
    assert day is not None and day.day == "2025-12-04"
    minutes = day.points.minutes.tolist()
    assert minutes[:2] == [0, 1] and minutes[119:122] == [119, 120, 121]  # 13:01 -> 120
    line = payload["data"]["klines"][-1].split(",")
    main, small, medium, large, sup = map(float, line[1:])
    assert day.points.values[-1].tolist() == [sup + large, medium + small, sup, large,
                                              medium, small]
    assert main == sup + large


def test_a_broken_minute_line_names_its_index_and_null_data_is_no_day() -> None:
    with pytest.raises(ShapeError) as caught:
        parse_minutes({"data": {"klines": ["2025-12-04 09:31,1,2"]}}, "SH.600000")
    assert caught.value.field == "data.klines[0]"
    assert parse_minutes({"rc": 0, "data": None}, "SH.600000") is None


def test_the_url_names_the_public_hosts_or_one_server() -> None:
    public = parse_eastmoney_url("eastmoney://", {})
    assert public.hosts == PUBLIC_HOSTS and public.rate == 1.0 and public.public
    _, _, options = split_source("eastmoney://127.0.0.1:8080?tls=0&rate=0.5")
    mirror = parse_eastmoney_url("eastmoney://127.0.0.1:8080?tls=0&rate=0.5", options)
    assert mirror.url("push2his", "/api/x") == "http://127.0.0.1:8080/api/x"
    assert mirror.rate == 0.5 and not mirror.public


@pytest.mark.parametrize(("url", "reason"), [
    ("eastmoney://?rate=0", "source.eastmoney_rate"),
    ("eastmoney://?rate=fast", "source.eastmoney_rate"),
    ("eastmoney://?rate=50", "source.eastmoney_rate"),
    ("eastmoney://?tls=0", "source.eastmoney_tls_host"),
    ("eastmoney://h:1?tls=2", "source.eastmoney_tls"),
    ("eastmoney://h?tls=0", "source.no_port"),
    ("eastmoney://?colour=red", "source.unknown_option"),
])
def test_bad_urls_say_what_is_wrong(url, reason) -> None:
    _, _, options = split_source(url)
    with pytest.raises(FlowDeckError) as caught:
        parse_eastmoney_url(url, options)
    assert caught.value.reason == reason

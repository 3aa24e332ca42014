"""East Money's daily history into the archive (feeds/eastmoney/history.py), against the
fake's fflow/daykline answers (tests/support/fake_eastmoney/day_klines.py), shaped as
akshare reads them: akshare/stock/stock_fund_em.py, stock_individual_fund_flow
(github.com/akfamily/akshare, `data.klines` columns date, main, small, medium, large,
super, then their ratios in percent, close, change %)."""

from __future__ import annotations

import datetime as dt

import pytest

from flowdeck.core.codes import Market
from flowdeck.core.errors import FlowDeckError
from flowdeck.feeds.eastmoney.history import (
    IDENTITY,
    EastMoneyPastDays,
    main_mismatch,
    parse_day_flows,
)
from flowdeck.live.backfill import Backfill
from flowdeck.storage.archive.archive import Archive
from tests.support.day_sink import RecordingDays
from tests.support.fake_eastmoney.day_klines import day_kline_answer, tier_nets, weekdays
from tests.support.waiting import run

TODAY = dt.date(2026, 12, 4)  # a Friday: the fake's last day is the Thursday before
PAST = weekdays(TODAY - dt.timedelta(days=1), 100)


class FakeGet:
    """The fake's daykline route without a socket: the same pure answer, counted."""

    def __init__(self, **kw) -> None:
        self.kw = kw
        self.asked: list[str] = []

    async def __call__(self, path: str, params) -> dict:
        assert path == "/api/qt/stock/fflow/daykline/get"
        self.asked.append(params["secid"])
        return day_kline_answer(params, [*PAST, TODAY], **self.kw)


def answer(secid: str = "1.600519", **kw) -> dict:
    return day_kline_answer({"secid": secid}, PAST[-3:], **kw)


def test_a_days_nets_are_in_tier_order_with_their_close_and_no_turnover():
    days = parse_day_flows("SH.600519", answer())
    day = PAST[-1]
    assert list(days) == PAST[-3:]
    flow = days[day]
    assert flow.net == tier_nets("1.600519", day)  # super, large, medium, small
    assert sum(flow.net) == 0  # their convention: both sides of every trade
    assert flow.turnover is None and flow.inflow == (None,) * 4 and flow.complete
    assert flow.series_ratio("main") is None  # unknown, never made up
    assert flow.close is not None and flow.update_time == f"{day} 14:59:59"


def test_east_moneys_main_is_super_plus_large():
    assert main_mismatch(answer()) == 0.0


def test_a_day_published_as_dashes_is_left_out_not_zero():
    days = parse_day_flows("SH.600519", answer(dashes=frozenset({"1.600519"})))
    assert list(days) == PAST[-3:-1]


def test_data_null_is_no_days():
    assert parse_day_flows("SZ.000001", answer("0.000001",
                                               unknown=frozenset({"0.000001"}))) == {}


@pytest.mark.parametrize(("broken", "field"), [
    ({"rc": 0}, "data"),
    ({"data": {"kline": []}}, "data.klines"),
    ({"data": {"klines": ["2026-12-03,1,2,3"]}}, "data.klines[0]"),
    ({"data": {"klines": ["2026-13-03" + ",1" * 14]}}, "data.klines[0] date"),
    ({"data": {"klines": ["2026-12-03,1,2,x" + ",1" * 11]}}, "data.klines[0][3]"),
])
def test_an_unexpected_shape_is_1016_naming_the_field(broken, field):
    with pytest.raises(FlowDeckError) as caught:
        parse_day_flows("SH.600519", broken)
    assert caught.value.code == 1016 and caught.value.params["field"] == field


def test_twenty_codes_backfill_a_hundred_days_each_in_one_request_a_code():
    codes = [f"SH.6000{i:02d}" for i in range(10)] + [f"SZ.0000{i:02d}" for i in range(10)]
    get = FakeGet()
    past = EastMoneyPastDays(get, today=lambda: TODAY)
    sink = RecordingDays()
    done = run(Backfill(past, sink, codes, 100).run())
    assert done.finished and done.saved == 2000 == done.total
    assert get.asked[0] == "1.000001" and len(get.asked) == 21 == past.requests
    saved = sink.days("SZ.000007", PAST[0], TODAY)
    assert [d.day for d in saved] == PAST  # today is live, not history
    assert saved[5].net == tier_nets("0.000007", PAST[5])


def test_hk_us_and_refused_codes_are_settled_with_why_and_asked_again_next_run():
    class Refusing(FakeGet):
        async def __call__(self, path, params):
            if params["secid"] == "0.000002":
                raise FlowDeckError(1016, "East Money refused the request")
            return await super().__call__(path, params)

    past = EastMoneyPastDays(Refusing(), today=lambda: TODAY)
    sink = RecordingDays()
    done = run(Backfill(past, sink, ["SZ.000002", "HK.00700", "SZ.000003"], 5).run())
    assert done.finished and done.saved == 5 and done.total == 10
    assert "refused" in past.errors["SZ.000002"]
    assert "HK" not in past.errors  # HK has no East Money days to ask for at all
    again = EastMoneyPastDays(FakeGet(), today=lambda: TODAY)
    assert run(Backfill(again, sink, ["SZ.000002", "SZ.000003"], 5).run()).saved == 5


def test_days_are_archived_under_east_moneys_own_identity(tmp_path):
    past = EastMoneyPastDays(FakeGet(), today=lambda: TODAY)
    identity = run(past.identity())
    assert identity == IDENTITY
    archive = Archive.open(tmp_path / "days.sqlite", identity)
    try:
        run(Backfill(past, archive, ["SH.600519"], 3).run())
        assert [d.day for d in archive.days("SH.600519", PAST[0], TODAY)] == PAST[-3:]
    finally:
        archive.close()
    other = Archive.open(tmp_path / "days.sqlite", "sim:seed=7")
    try:
        assert other.days("SH.600519", PAST[0], TODAY) == []
    finally:
        other.close()


def test_an_answer_of_another_shape_is_kept_for_a_bug_report():
    kept = []

    class Changed(FakeGet):
        async def __call__(self, path, params):
            if params["secid"] == "0.000002":
                return {"data": {"kline": []}}
            return await super().__call__(path, params)

    past = EastMoneyPastDays(Changed(), today=lambda: TODAY,
                             keep=lambda path, answer: kept.append((path, answer)))
    done = run(Backfill(past, RecordingDays(), ["SZ.000002", "SZ.000003"], 2).run())
    assert done.saved == 2 and "data.klines" in past.errors["SZ.000002"]
    assert kept == [("/api/qt/stock/fflow/daykline/get", {"data": {"kline": []}})]


def test_no_calendar_is_an_error_not_an_empty_backfill_and_is_asked_again():
    get = FakeGet(unknown=frozenset({"1.000001"}))
    past = EastMoneyPastDays(get, today=lambda: TODAY)
    with pytest.raises(FlowDeckError) as caught:
        run(Backfill(past, RecordingDays(), ["SH.600519"], 5).run())
    assert caught.value.code == 1016 and "trading days" in caught.value.message
    get.kw = {}
    assert run(Backfill(past, RecordingDays(), ["SH.600519"], 5).run()).saved == 5


def test_the_calendar_is_asked_again_on_a_new_day():
    today = [PAST[-2]]
    get = FakeGet()
    past = EastMoneyPastDays(get, today=lambda: today[0])
    assert run(past.trading_days(Market.SH, 1)) == [PAST[-3]]
    assert run(past.trading_days(Market.SZ, 2)) == PAST[-4:-2]  # the same day: kept
    today[0] = PAST[-1]  # a window left running overnight
    assert run(past.trading_days(Market.SH, 1)) == [PAST[-2]]
    assert get.asked == ["1.000001", "1.000001"]

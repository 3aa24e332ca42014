"""A history query's parameters checked the spec's way, and archived days summed into
weeks and months as a trader reads them."""

import datetime as dt

import pytest

from flowdeck.core.day_flow import DayFlow
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.history_query import HistoryQuery, history_list, parse_history_query

D = dt.date


@pytest.mark.parametrize("params, number, words", [
    ({"code": "HK.00700", "start": "2026-13-01"}, 1001, "start must be a date as YYYY-MM-DD"),
    ({"code": "HK.00700", "end": "yesterday"}, 1001, "end must be a date"),
    ({"code": "HK.00700", "start": "2026-12-04", "end": "2026-01-01"}, 1001,
     "start 2026-12-04 is after end 2026-01-01"),
    ({"code": "HK.00700,US.AAPL"}, 1001, "one code per query"),
    ({"code": "HK.00700", "period": "year"}, 1001, "unknown period 'year'"),
    ({"code": "HK.00700", "days": "5"}, 1001, "unknown parameter 'days'"),
    ({}, 1001, "code is required"),
    ({"code": "HK.ABC"}, 1002, "HK.ABC"),
])
def test_bad_parameters_say_what_is_wrong(params, number, words) -> None:
    with pytest.raises(FlowDeckError) as info:
        parse_history_query(params)
    assert info.value.code == number and words in info.value.message


def test_good_parameters_are_normalised() -> None:
    q = parse_history_query({"code": "HK.00700", "start": "2026-01-01", "end": " 2026-12-04",
                             "period": "Week"})
    assert q == HistoryQuery("HK.00700", D(2026, 1, 1), D(2026, 12, 4), "week")
    assert parse_history_query({"code": "US.AAPL"}) == HistoryQuery("US.AAPL", None, None)


def day(d: dt.date, net, turnover, complete=True) -> DayFlow:
    return DayFlow("HK.00700", d, net=net, turnover=turnover, complete=complete,
                   update_time=f"{d.isoformat()} 16:08:00")


def test_weeks_sum_nets_over_summed_turnover() -> None:
    days = [day(D(2026, 11, 16), (100.0, 50.0, -30.0, -20.0), 1000.0),  # Monday
            day(D(2026, 11, 18), (-40.0, 10.0, 20.0, 10.0), 3000.0),
            day(D(2026, 11, 23), (1.0, 2.0, 3.0, 4.0), 100.0, complete=False)]
    weeks = history_list(days, "week", today=D(2026, 11, 23))
    assert [w["day"] for w in weeks] == ["2026-11-16", "2026-11-23"]
    first = weeks[0]
    assert first["main_net_inflow"] == 120.0 and first["retail_net_inflow"] == -20.0
    assert first["main_net_inflow_ratio"] == 120.0 / 4000.0
    assert first["super_net_inflow_ratio"] == 60.0 / 4000.0
    assert first["update_time"] == "2026-11-18 16:08:00" and first["complete"] is True
    assert weeks[1]["complete"] is False  # today's week is not over
    assert len(weeks[0]) == 14 + 2


def test_an_unknown_turnover_makes_the_period_ratio_unknown() -> None:
    days = [day(D(2026, 10, 1), (1.0, 1.0, 0.0, 0.0), 10.0),
            day(D(2026, 10, 2), (1.0, 1.0, 0.0, 0.0), None)]
    month, = history_list(days, "month", today=D(2026, 12, 1))
    assert month["main_net_inflow"] == 4.0 and month["main_net_inflow_ratio"] is None
    assert month["day"] == "2026-10-01" and month["complete"] is True
    daily = history_list(days, "day", today=D(2026, 12, 1))
    assert [d["main_net_inflow_ratio"] for d in daily] == [0.2, None]


def test_a_week_is_over_once_its_friday_has_passed() -> None:
    days = [day(D(2026, 11, 30), (1.0, 0.0, 0.0, 0.0), 10.0),
            day(D(2026, 12, 4), (1.0, 0.0, 0.0, 0.0), 10.0)]  # Monday, Friday
    assert history_list(days, "week", today=D(2026, 12, 4))[0]["complete"] is False
    assert history_list(days, "week", today=D(2026, 12, 5))[0]["complete"] is True
    # November 2026 ends on a Monday: the month is over on Tuesday the 1st.
    nov = [day(D(2026, 11, 30), (1.0, 0.0, 0.0, 0.0), 10.0)]
    assert history_list(nov, "month", today=D(2026, 11, 30))[0]["complete"] is False
    assert history_list(nov, "month", today=D(2026, 12, 1))[0]["complete"] is True

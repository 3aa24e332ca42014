"""Multi-day main flows over all codes at once: windows of live day plus archived
trading days, partial windows counted, ratios unknown rather than made up, streaks that
stop at a gap but not at a holiday; checked against a naive per-code reading."""

import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.multiday import archived_part, combine, data_calendar, multiday_numbers
from flowdeck.core.trading_calendar import WEEKDAYS, DateSetCalendar, trading_days
from tests.support.day_matrices import matrix_of, naive_streak, naive_windows

NAN = math.nan
WINDOWS = (3, 5, 10, 20)
TODAY = dt.date(2026, 3, 20)                                  # a Friday
PAST = trading_days(WEEKDAYS, dt.date(2026, 2, 2), TODAY)[:-1]  # weekdays before it
LIVE = {Market.HK: TODAY, Market.US: TODAY}


def one(days, live_main, live_turnover=NAN, calendars=None, live_days=LIVE, code="HK.00700"):
    m = matrix_of({code: days})
    r = multiday_numbers(m, calendars or {}, live_days, np.array([live_main]),
                         np.array([live_turnover]))
    return r.net[0], r.ratio[0], r.days[0], int(r.streak[0])


def test_a_full_window_is_the_live_value_plus_the_days_before():
    days = {d: (float(i + 1), 100.0) for i, d in enumerate(PAST)}   # last day: 34
    net, ratio, count, streak = one(days, 1000.0, 2000.0)
    assert net.tolist() == [1000 + 34 + 33, 1000 + 34 + 33 + 32 + 31,
                            1000 + sum(range(26, 35)), 1000 + sum(range(16, 35))]
    assert count.tolist() == [3, 5, 10, 20]
    assert ratio[1] == pytest.approx((1000 + 34 + 33 + 32 + 31) / (2000 + 400))
    assert streak == len(PAST) + 1


def test_a_day_not_archived_is_a_gap_the_window_counts_and_the_streak_stops_at():
    days = {d: (10.0, 100.0) for d in PAST}
    del days[PAST[-3]]                         # Tuesday 17 March: FlowDeck was off
    net, _, count, streak = one(days, 5.0, 50.0)
    assert count.tolist() == [3, 4, 9, 19]
    assert net[1] == 5 + 3 * 10                # what it has, marked 4/5 by the count
    assert streak == 3                         # today, Thursday, Wednesday
    assert streak == naive_streak([10.0, 10.0, NAN, 10.0], 5.0)


def test_a_holiday_is_not_a_gap():
    # Tuesday 17 March did not trade: the window reaches one day further back and the
    # streak runs through it.
    holiday = PAST[-3]
    calendar = DateSetCalendar([d for d in PAST if d != holiday] + [TODAY])
    days = {d: (10.0, 100.0) for d in PAST if d != holiday}
    net, _, count, streak = one(days, 5.0, 50.0, calendars={Market.HK: calendar})
    assert count.tolist() == [3, 5, 10, 20]
    assert net[1] == 5 + 4 * 10
    assert streak == len(PAST)                 # every trading day, today included


def test_a_trading_day_missing_from_every_code_is_a_gap_too():
    # No column for Wednesday 18 March at all (the archive has no row of that day).
    m = matrix_of({"HK.00700": {d: (10.0, 100.0) for d in PAST if d != PAST[-2]}})
    assert PAST[-2] not in m.days
    r = multiday_numbers(m, {}, LIVE, np.array([5.0]), np.array([50.0]))
    assert r.days[0].tolist() == [2, 4, 9, 19] and r.streak[0] == 2


def test_an_unknown_turnover_makes_the_ratio_unknown_not_the_net():
    days = {d: (10.0, 100.0) for d in PAST}
    days[PAST[-4]] = (10.0, None)              # Futu's DAY row without a day K-line
    net, ratio, count, _ = one(days, 5.0, 50.0)
    assert ratio[0] == pytest.approx(25 / 250)  # the 3-day window does not reach it
    assert np.isnan(ratio[1:]).all()
    assert net[1] == 45.0 and count[1] == 5


def test_a_live_turnover_unknown_leaves_every_ratio_unknown():
    _, ratio, count, _ = one({d: (10.0, 100.0) for d in PAST}, 5.0, NAN)
    assert np.isnan(ratio).all() and count.tolist() == [3, 5, 10, 20]


def test_no_live_value_uses_the_live_days_archived_row():
    # Saturday: the live day is Friday, which the archive saved at its close.
    days = {d: (10.0, 100.0) for d in [*PAST, TODAY]}
    days[TODAY] = (7.0, 70.0)
    net, ratio, count, streak = one(days, NAN)
    assert net[0] == 27.0 and count[0] == 3 and ratio[0] == pytest.approx(27 / 270)
    assert streak == len(PAST) + 1
    # A live value for the day wins over the archived one.
    assert one(days, 8.0, 80.0)[0][0] == 28.0


def test_a_code_with_nothing_known_has_no_window():
    net, ratio, count, streak = one({}, NAN)
    assert np.isnan(net).all() and np.isnan(ratio).all()
    assert count.tolist() == [0, 0, 0, 0] and streak == 0
    net, ratio, count, streak = one({}, -3.0, 30.0)       # only today
    assert net.tolist() == [-3.0] * 4 and count.tolist() == [1] * 4 and streak == -1
    assert ratio[0] == pytest.approx(-0.1)


@pytest.mark.parametrize(("history", "today", "expected"), [
    ([1.0, 1.0, -1.0], 2.0, 3),      # stops at the sign change
    ([1.0, 1.0, -1.0], -2.0, -1),    # today turned: outflow, one day
    ([-1.0, -1.0, 1.0], -2.0, -3),
    ([1.0, 0.0, 1.0], 2.0, 2),       # a day of exactly 0 is neither
    ([1.0, 1.0, 1.0], 0.0, 3),       # nothing yet today: yesterday's streak
    ([1.0, 1.0, 1.0], NAN, 3),
])
def test_streaks(history, today, expected):
    days = {d: (v, 100.0) for d, v in zip(reversed(PAST), history, strict=False)}
    assert one(days, today, 10.0)[3] == expected == naive_streak(history, today)


def test_codes_of_two_markets_follow_their_own_calendar_and_live_day():
    hk_holiday = PAST[-1]                      # Thursday: HK closed, US open
    hk = DateSetCalendar([d for d in PAST if d != hk_holiday] + [TODAY])
    per_day = {d: (1.0, 10.0) for d in PAST}
    m = matrix_of({"HK.00700": {d: v for d, v in per_day.items() if d != hk_holiday},
                   "US.AAPL": per_day})
    # US before its open on Friday: its live day is Thursday, archived at its close.
    live_days = {Market.HK: TODAY, Market.US: PAST[-1]}
    r = multiday_numbers(m, {Market.HK: hk}, live_days, np.array([2.0, NAN]),
                         np.array([20.0, NAN]))
    assert r.days.tolist() == [[3, 5, 10, 20], [3, 5, 10, 20]]
    assert r.net[:, 0].tolist() == [4.0, 3.0]
    assert r.streak.tolist() == [len(PAST), len(PAST)]


def test_combine_adds_the_live_values_to_a_part_built_once():
    m = matrix_of({"HK.00700": {d: (10.0, 100.0) for d in PAST},
                   "SH.600000": {d: (-10.0, 100.0) for d in PAST}})
    part = archived_part(m, {}, {Market.HK: TODAY, Market.SH: TODAY},
                         codes=["SH.600000", "HK.00700", "HK.09988"])
    rows = part.rows_for(["HK.09988", "HK.00700"])
    r = combine(part, rows, np.array([1.0, 2.0]), np.array([10.0, 20.0]))
    assert r.net[:, 1].tolist() == [1.0, 42.0] and r.days[:, 1].tolist() == [1, 5]
    assert r.streak.tolist() == [1, len(PAST) + 1]
    assert part.streak[part.rows_for(["SH.600000"])].tolist() == [-len(PAST)]


def test_agrees_with_a_naive_per_code_reading():
    rng = np.random.default_rng(19)
    codes = [f"HK.{i:05d}" for i in range(60)]
    holidays = {PAST[5], PAST[17]}
    calendar = DateSetCalendar([d for d in PAST if d not in holidays] + [TODAY])
    trading = [d for d in PAST if d not in holidays]
    days = {}
    for code in codes:
        per = {}
        for d in trading:
            if rng.random() < 0.15:
                continue                            # a gap
            sign = 1 if rng.random() < 0.7 else -1
            turn = None if rng.random() < 0.05 else float(rng.integers(100, 1000))
            per[d] = (sign * float(rng.integers(0, 50)), turn)
        days[code] = per
    live = rng.normal(0, 20, len(codes))
    live[::7] = NAN
    turnover = rng.uniform(100, 1000, len(codes))
    r = multiday_numbers(matrix_of(days, codes=codes), {Market.HK: calendar},
                         {Market.HK: TODAY}, live, turnover)
    for i, code in enumerate(codes):
        history = [days[code].get(d, (NAN, NAN)) for d in reversed(trading)]
        history = [(m, NAN if t is None else t) for m, t in history]
        for w, n in enumerate(WINDOWS):
            net, ratio, count = naive_windows(history, live[i], turnover[i], n)
            assert r.days[i, w] == count
            np.testing.assert_allclose([r.net[i, w], r.ratio[i, w]], [net, ratio],
                                       rtol=1e-12, equal_nan=True)
        assert r.streak[i] == naive_streak([m for m, _ in history], live[i])


def test_a_replays_calendar_is_its_own_dates():
    # A replay file has no calendar: a day no code of the market has is a holiday.
    days = {"HK.00700": {d: (1.0, 10.0) for d in PAST if d != PAST[-3]},
            "HK.00005": {d: (1.0, 10.0) for d in PAST if d not in (PAST[-3], PAST[-2])},
            "US.AAPL": {PAST[-3]: (1.0, 10.0)}}
    m = matrix_of(days)
    calendar = data_calendar(m, Market.HK, extra=[TODAY])
    assert not calendar.is_trading_day(PAST[-3]) and calendar.is_trading_day(PAST[-2])
    r = multiday_numbers(m, {Market.HK: calendar, Market.US: data_calendar(m, Market.US)},
                         LIVE, np.array([1.0, 1.0, NAN]), np.array([10.0, 10.0, NAN]))
    assert r.streak[:2].tolist() == [len(PAST), 2]   # PAST[-2]: HK.00005's own gap

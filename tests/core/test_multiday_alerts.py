"""Multi-day fields in alert rules: parsed like the others (1001 when wrong), and
edge-triggered on the archive's part plus each batch's live main net."""

import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.core.alert_rules import make_rule, parse_expression, rules_from_config
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import RecordColumns
from flowdeck.core.codes import Market
from flowdeck.core.derived_fields import DERIVED_FIELDS, DERIVED_KEYS
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.multiday import archived_part
from flowdeck.core.multiday_columns import MultiDayColumns
from flowdeck.core.records import FIELD_BY_KEY, NUMERIC_KEYS, CapitalFlowDetail
from flowdeck.core.trading_calendar import WEEKDAYS, DateSetCalendar, trading_days
from tests.support.day_matrices import matrix_of

MAIN = NUMERIC_KEYS.index("main_net_inflow")
TODAY = dt.date(2026, 3, 20)
PAST = trading_days(WEEKDAYS, dt.date(2026, 3, 2), TODAY)[:-1]
NOW = "2026-03-20 10:00:00"


def batch(values: dict[str, float], time: str = NOW) -> RecordColumns:
    out = np.zeros((len(values), len(NUMERIC_KEYS)))
    out[:, MAIN] = list(values.values())
    return RecordColumns(list(values), out, [time] * len(values))


def provider(days, calendars=None, codes=None) -> MultiDayColumns:
    return MultiDayColumns(archived_part(matrix_of(days), calendars or {},
                                         {Market.HK: TODAY, Market.US: TODAY}, codes))


def fired(engine: AlertEngine, series: list[float], code: str = "HK.00700",
          time: str = NOW) -> list[int]:
    return [i for i, v in enumerate(series)
            if engine.evaluate(batch({code: v}, time), 1000.0 + i)]


# --- parsing -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "field", "threshold"), [
    ("main_inflow_streak >= 3", "main_inflow_streak", 3.0),
    ("main_net_inflow_5d > 1亿", "main_net_inflow_5d", 1e8),
    ("5日主力净流入 > 1億", "main_net_inflow_5d", 1e8),
    ("Main net inflow 20d < -50M", "main_net_inflow_20d", -5e7),
    ("main_net_inflow_ratio_10d > 5%", "main_net_inflow_ratio_10d", 0.05),
    ("主力連續流入天數 <= -2", "main_inflow_streak", -2.0),
])
def test_multi_day_fields_parse_like_the_others(text, field, threshold):
    rule = parse_expression(text)
    assert (rule.field, rule.threshold) == (field, threshold)


@pytest.mark.parametrize(("text", "words"), [
    ("main_net_inflow_7d > 1亿", "unknown field 'main_net_inflow_7d'"),
    ("main_inflow_streak >= 2.5", "whole number"),
    ("main_inflow_streak >= 3万", "whole number"),
    ("main_net_inflow_ratio_5d > 5亿", "is a ratio"),
    ("main_net_inflow_5d > 5%", "is an amount, not a ratio"),
    ("main_inflow_streak => 3", "alert 'main_inflow_streak => 3': "),
])
def test_bad_multi_day_rules_are_1001_saying_what_is_wrong(text, words):
    with pytest.raises(FlowDeckError) as caught:
        parse_expression(text)
    assert int(caught.value.code) == 1001 and words in caught.value.message


def test_the_config_reads_them_with_the_same_parser():
    rules, problems = rules_from_config([
        {"scope": "all", "field": "main_inflow_streak", "op": ">=", "threshold": 3},
        {"scope": "all", "field": "main_inflow_streak", "op": ">=", "threshold": "3d"}])
    assert [r.field for r in rules] == ["main_inflow_streak"]
    assert len(problems) == 1 and "is not a number" in problems[0].message


def test_derived_fields_stay_out_of_the_spec_record_and_have_three_labels():
    assert not set(DERIVED_KEYS) & set(FIELD_BY_KEY)
    for meta in DERIVED_FIELDS:
        assert meta.label("en") and meta.label("zh_CN") and meta.label("zh_HK")
    assert make_rule("all", "main_inflow_streak", ">=", 3).describe() == \
        "Main inflow streak >= 3"
    assert make_rule("all", "main_net_inflow_5d", ">", "1亿").describe("wan", "zh_CN") == \
        "5日主力净流入 > 1亿"


# --- firing ------------------------------------------------------------------------


def test_a_streak_rule_fires_on_the_crossing_edge_not_again_while_true():
    # Thursday and Wednesday were inflow, Tuesday outflow: 2 days before today.
    days = {PAST[-1]: (1.0, 10.0), PAST[-2]: (1.0, 10.0), PAST[-3]: (-1.0, 10.0)}
    engine = AlertEngine([make_rule("all", "main_inflow_streak", ">=", 3, cooldown_s=0)],
                         extra=provider({"HK.00700": days}))
    # 0: nothing yet today (2); +5: 3, fires; still 3; outflow: -1; inflow again: fires.
    assert fired(engine, [0.0, 5.0, 6.0, 7.0, -1.0, 2.0]) == [1, 5]


def test_a_five_day_sum_rule_fires_once_on_crossing():
    days = {d: (2e7, 1e9) for d in PAST[-4:]}                     # 0.8亿 archived
    engine = AlertEngine([make_rule("code:HK.00700", "main_net_inflow_5d", ">", "1亿",
                                    cooldown_s=0)], extra=provider({"HK.00700": days}))
    assert fired(engine, [0.1e8, 0.3e8, 0.4e8, 0.1e8, 0.5e8]) == [1, 4]


def test_a_gap_stops_a_streak_and_a_holiday_does_not():
    days = {d: (1.0, 10.0) for d in PAST}
    del days[PAST[-3]]
    rule = make_rule("all", "main_inflow_streak", ">=", 4, cooldown_s=0)
    gap = AlertEngine([rule], extra=provider({"HK.00700": days}))
    assert fired(gap, [0.0, 1.0, 2.0]) == []                      # at most 3: the gap
    holiday = DateSetCalendar([d for d in PAST if d != PAST[-3]] + [TODAY])
    engine = AlertEngine([rule], extra=provider({"HK.00700": days},
                                                calendars={Market.HK: holiday}))
    assert fired(engine, [-1.0, 1.0, 2.0]) == [1]


def test_partial_windows_count_and_say_so():
    days = {PAST[-1]: (4e7, 1e9), PAST[-2]: (4e7, 1e9)}          # 2 of 4 archived
    columns = provider({"HK.00700": days})
    numbers = columns.numbers(batch({"HK.00700": 3e7}))
    assert numbers.days[0].tolist() == [3, 3, 3, 3]               # "3/5", "3/10", ...
    engine = AlertEngine([make_rule("all", "main_net_inflow_5d", ">", "1亿", cooldown_s=0)],
                         extra=columns)
    assert fired(engine, [0.1e8, 0.3e8]) == [1]


def test_a_ratio_rule_needs_the_live_turnover():
    days = {d: (1e7, 1e8) for d in PAST[-4:]}
    columns = provider({"HK.00700": days})
    engine = AlertEngine([make_rule("all", "main_net_inflow_ratio_5d", ">", "10%",
                                    cooldown_s=0)], extra=columns)
    assert fired(engine, [1e7, 5e7]) == []                        # ratio unknown
    columns.note_details({"HK.00700": CapitalFlowDetail(
        "HK.00700", NOW, 1e8, 10, (0.0,) * 4, (0.0,) * 4)})
    # (4e7 + 1e7) / 5e8 = 10%: not above; then (4e7 + 5e7) / 5e8 = 18%.
    assert fired(engine, [1e7, 5e7]) == [1]


def test_a_live_value_of_another_day_is_not_taken_for_the_live_days():
    days = {d: (1.0, 10.0) for d in PAST[-2:]}
    numbers = provider({"HK.00700": days}).numbers(
        batch({"HK.00700": 5.0}, time="2026-03-19 15:59:00"))
    assert numbers.days[0, 0] == 2 and numbers.net[0, 0] == 2.0
    no_trade = provider({"HK.00700": days}).numbers(batch({"HK.00700": 0.0}, time=""))
    assert no_trade.days[0, 0] == 2


def test_without_a_provider_multi_day_rules_stay_silent_and_the_rest_fire():
    engine = AlertEngine([make_rule("all", "main_net_inflow_5d", ">", 1, cooldown_s=0),
                          make_rule("all", "main_net_inflow", ">", 1, cooldown_s=0)])
    hits = [a.rule.field for i, v in enumerate([0.0, 5.0])
            for a in engine.evaluate(batch({"HK.00700": v}), 1000.0 + i)]
    assert hits == ["main_net_inflow"]


def test_a_day_roll_keeps_todays_turnover_only_for_the_same_live_day():
    days = {d: (1e7, 1e8) for d in PAST[-2:]}
    matrix = matrix_of({"HK.00700": days})
    columns = MultiDayColumns(archived_part(matrix, {}, {Market.HK: TODAY}))
    columns.note_turnover(["HK.00700"], [1e8])
    columns.roll(archived_part(matrix, {}, {Market.HK: TODAY}, codes=["HK.00700", "HK.1"]))
    assert math.isclose(columns.numbers(batch({"HK.00700": 1e7})).ratio[0, 0], 0.1)
    columns.roll(archived_part(matrix, {}, {Market.HK: dt.date(2026, 3, 23)}))
    monday = batch({"HK.00700": 1e7}, time="2026-03-23 10:00:00")
    assert math.isnan(columns.numbers(monday).ratio[0, 0])

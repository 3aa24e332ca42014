"""Rules on the day's price change (change_pct, issue 22: "main net inflow crosses 0 AND
change % > 2 %"): thresholds as percentages, the change from each batch's quotes, read
with the code's next record."""

from __future__ import annotations

import math

import numpy as np
import pytest

from flowdeck.core.alert_rules import parse_amount, parse_expression, parse_field
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import QuoteColumns, RecordColumns
from flowdeck.core.derived_fields import DERIVED_KEYS
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.records import NUMERIC_KEYS

MAIN = NUMERIC_KEYS.index("main_net_inflow")
T = "2025-03-14 10:00:00"


def record(code: str, main: float) -> RecordColumns:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, MAIN] = main
    return RecordColumns([code], values, [T])


def quote(code: str, last: float, prev: float) -> QuoteColumns:
    return QuoteColumns([code], np.array([last]), np.array([prev]))


@pytest.mark.parametrize(("text", "value"), [("2%", 0.02), ("-3.5%", -0.035),
                                             ("150%", 1.5), (0.02, 0.02)])
def test_a_change_is_a_percentage(text, value):
    assert parse_amount(text, "change_pct") == pytest.approx(value)


@pytest.mark.parametrize("text", ["2", "2亿", "5M"])
def test_a_bare_number_above_one_or_an_amount_is_refused(text):
    with pytest.raises(FlowDeckError, match="price change"):
        parse_amount(text, "change_pct")


def test_its_names():
    assert parse_field("Change %") == parse_field("涨跌幅") == "change_pct"


def test_the_and_rule_of_the_issue_fires_only_above_two_percent():
    rule = parse_expression("main_net_inflow crosses 0 and change_pct > 2%",
                            scope="code:HK.00700", cooldown_s=0)
    engine = AlertEngine([rule])
    assert engine.wants_quotes
    code = "HK.00700"
    engine.evaluate(record(code, -1e6), 0.0, quotes=quote(code, 101.0, 100.0))
    assert engine.evaluate(record(code, 1e6), 1.0) == []          # +1 %: no
    engine.evaluate(record(code, -1e6), 2.0, quotes=quote(code, 103.0, 100.0))
    # The quote came alone (no record): kept, read with the next record.
    engine.evaluate(RecordColumns.empty(), 3.0, quotes=quote(code, 103.5, 100.0))
    (alert,) = engine.evaluate(record(code, 1e6), 4.0)
    assert alert.more_values == pytest.approx((0.035,))
    assert alert.body() == "1M, 3.5% at 2025-03-14 10:00:00"


def test_no_previous_close_is_no_change():
    engine = AlertEngine([parse_expression("change_pct > 2%", scope="code:HK.00700",
                                           cooldown_s=0)])
    engine.evaluate(record("HK.00700", 0), 0.0, quotes=quote("HK.00700", 1.0, 2.0))
    fired = engine.evaluate(record("HK.00700", 0), 1.0,
                            quotes=quote("HK.00700", 50.0, math.nan))
    assert fired == []


class FixedDays:
    """Derived columns all 5 (an archive's provider, as input)."""

    def extra_columns(self, columns: RecordColumns) -> np.ndarray:
        return np.full((len(columns), len(DERIVED_KEYS)), 5.0)


def test_beside_multi_day_fields():
    rule = parse_expression("main_inflow_streak >= 3 and change_pct < -1%",
                            scope="code:HK.00700", cooldown_s=0)
    engine = AlertEngine([rule], extra=FixedDays())
    engine.evaluate(record("HK.00700", 0), 0.0, quotes=quote("HK.00700", 100.0, 100.0))
    fired = engine.evaluate(record("HK.00700", 0), 1.0, quotes=quote("HK.00700", 98.0, 100.0))
    assert [a.value for a in fired] == [5.0]
    assert fired[0].more_values == pytest.approx((-0.02,))


def test_plain_rules_do_not_read_quotes():
    engine = AlertEngine([parse_expression("main_net_inflow > 0")])
    assert not engine.wants_quotes

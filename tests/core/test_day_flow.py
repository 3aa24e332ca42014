"""A day's numbers as the archive hands them out: main and retail are float64 sums of
their tiers, as the live record sums them, and a ratio over an unknown turnover is
unknown, never a number."""

import datetime as dt

import numpy as np

from flowdeck.core.day_flow import DayFlow
from flowdeck.core.records import RECORD_KEYS, CapitalFlowRecord


def test_a_full_day_reads_as_the_live_record_of_its_tiers() -> None:
    buy = np.array([1e15 + 0.1, 1000.1, 3.3, 0.7])
    sell = np.array([2e15, 999.9, 1.1, 0.35])
    record = CapitalFlowRecord.from_tier_values("HK.00700", "2026-11-20 16:00:00", buy, sell,
                                                turnover=5e15)
    day = DayFlow("HK.00700", dt.date(2026, 11, 20), net=tuple(buy - sell), turnover=5e15,
                  inflow=tuple(buy), outflow=tuple(sell), update_time="2026-11-20 16:00:00")
    assert day.record_dict() == record.to_dict()
    assert list(day.record_dict()) == list(RECORD_KEYS)


def test_an_unknown_turnover_leaves_every_ratio_unknown() -> None:
    day = DayFlow("US.AAPL", dt.date(2026, 11, 20), net=(1.0, -2.0, 0.5, 0.25))
    d = day.record_dict()
    assert d["main_net_inflow"] == -1.0 and d["retail_net_inflow"] == 0.75
    assert all(d[k] is None for k in RECORD_KEYS if k.endswith("_ratio"))
    assert day.inflow == (None, None, None, None)

"""The live state as the archive's DayFlows: a detail's numbers exactly, a record
without a detail as nets only, a code with neither left out."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord
from flowdeck.live.archive_days import day_flows_of
from flowdeck.live.store import LiveStore

DAY = dt.date(2026, 12, 4)


def test_live_codes_become_day_flows() -> None:
    buy, sell = np.array([1000.1, 2e6, 3.3, 4.0]), np.array([0.2, 1e6, 5.5, 4.0])
    t = "2026-12-04 15:59:58"
    detail = CapitalFlowDetail("HK.00700", t, 9e6, 12, tuple(buy), tuple(sell))
    records = {"HK.00700": CapitalFlowRecord.from_tier_values("HK.00700", t, buy, sell, 9e6),
               "HK.00005": CapitalFlowRecord.from_tier_values("HK.00005", t, buy, buy * 2, 1e7)}
    store = LiveStore()
    store.set_codes(["HK.00700", "HK.00005", "HK.00001"])
    store.apply(Batch(records=records, details={"HK.00700": detail}), wall=1.0)
    a, b = day_flows_of(store, store.codes, DAY, complete=True)
    rec = records["HK.00700"]
    assert (a.code, a.day, a.complete, a.update_time) == ("HK.00700", DAY, True, t)
    assert a.net == (rec.super_net_inflow, rec.large_net_inflow, rec.medium_net_inflow,
                     rec.small_net_inflow)
    assert a.series_net("main") == rec.main_net_inflow
    assert (a.turnover, a.inflow, a.outflow) == (9e6, tuple(buy), tuple(sell))
    assert a.close is None and a.minutes is None
    assert b.code == "HK.00005" and b.turnover is None and b.inflow == (None,) * 4
    assert b.net == tuple((buy - buy * 2).tolist()) and b.update_time == t

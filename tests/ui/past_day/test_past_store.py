"""A past day as a LiveStore: each code's archived close in the table's rows (the
record's numbers, "—" for an unknown ratio or a code not archived that day), its detail,
its minute series, never stale."""

from __future__ import annotations

import math

import numpy as np

from flowdeck.core.history import derive_series
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.ui.past_day.past_store import fill_store, new_past_store
from tests.support.day_flows import day_flows, trading_days
from tests.support.memory_days import MemoryDays
from tests.support.waiting import run

DAYS = trading_days(5)
CODES = ["HK.00700", "HK.00005", "US.AAPL", "SH.600519"]


def reader() -> MemoryDays:
    memory = MemoryDays()
    for day in DAYS:
        memory.save(day_flows(CODES[:2], day, seed=1))
        memory.save(day_flows(["US.AAPL"], day, seed=2, minutes=False, known_flows=False))
    return memory  # SH.600519: nothing archived


def test_the_close_of_each_code_or_nothing() -> None:
    memory, day = reader(), DAYS[2]
    store = new_past_store(CODES)
    progress = []
    found = run(fill_store(store, memory, day, chunk=3,
                           progress=lambda done, total: progress.append((done, total))))
    assert found == 3
    assert progress == [(3, 4), (4, 4)]
    for code in CODES[:2]:
        flow = memory.days(code, day, day)[0]
        row = store.table.row_of(code)
        record = flow.record_dict()
        assert list(store.table.values[row]) == [record[k] for k in NUMERIC_KEYS]
        assert store.table.update_time[row] == flow.update_time
        assert store.details[code].inflow == flow.inflow
        series = store.history.series(code)
        # The window's history keeps float32 for drawing: the tiers rounded once.
        expected = derive_series(memory.minutes(code, day).T.astype(np.float32))
        np.testing.assert_array_equal(series, expected)
    us = store.table.row_of("US.AAPL")
    assert math.isfinite(store.table.values[us, NUMERIC_KEYS.index("main_net_inflow")])
    assert math.isnan(store.table.values[us, NUMERIC_KEYS.index("main_net_inflow_ratio")])
    assert math.isnan(store.details["US.AAPL"].turnover)
    assert store.history.last_minute("US.AAPL") < 0
    sh = store.table.row_of("SH.600519")
    assert np.isnan(store.table.values[sh]).all() and store.table.update_time[sh] == ""
    assert not store.stale.any()


def test_a_day_nothing_was_archived_leaves_every_row_empty() -> None:
    store = new_past_store(CODES)
    assert run(fill_store(store, reader(), DAYS[0].replace(day=1))) == 0
    assert np.isnan(store.table.values).all()

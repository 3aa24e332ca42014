"""A batch from the engine's accumulators (feeds/engine_batch.py): its records and
details are the engine's own, bit for bit, made from columns."""

import datetime as dt
import struct

import numpy as np

from flowdeck.core.engine import FlowEngine
from flowdeck.feeds.engine_batch import engine_batch, update_times
from flowdeck.feeds.sim.stocks import sim_stock
from flowdeck.feeds.sim.tape import day_tape

WED = dt.date(2025, 3, 12)
CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.300750", "US.SOFI", "HK.02800"]


def bits(obj) -> list:
    """Every field by name, floats as their bytes (so -0.0, NaN and the last bit count)."""
    return [(key, struct.pack("<d", v) if isinstance(v, float) else v)
            for key, v in obj.to_dict().items()]


def test_records_and_details_are_the_engines_bit_for_bit():
    engine = FlowEngine(mode="fixed")
    stocks = [sim_stock(c, 3) for c in CODES]
    symbols = engine.add_symbols([s.market for s in stocks])
    rng = np.random.default_rng(3)
    for i, stock in zip(symbols.tolist()[:-1], stocks, strict=False):  # the last: no trade
        trades = day_tape(stock, WED, 3)
        for part in np.array_split(np.arange(int(rng.integers(10, len(trades)))), 7):
            engine.process(np.full(len(part), i), trades.times[part], trades.price[part],
                           trades.quantity[part], trades.bid[part], trades.ask[part])
    order = symbols[::-1]   # any order of symbols
    codes = [CODES[i] for i in order.tolist()]
    empty = (np.zeros(0, np.intp), np.zeros(0, np.int32), np.zeros((0, 5)))
    batch = engine_batch(engine, codes, order, empty, snapshot=True)
    assert list(batch.records) == list(batch.details) == codes
    for code, i in zip(codes, order.tolist(), strict=True):
        assert bits(batch.records[code]) == bits(engine.record(i, code))
        assert bits(batch.details[code]) == bits(engine.detail(i, code))
    assert batch.records[CODES[-1]].update_time == ""
    assert len({r.update_time for r in batch.records.values()}) == len(CODES)
    assert list(batch.columns.update_times) == [batch.records[c].update_time for c in codes]


def test_update_times_format_each_second_and_leave_no_trade_empty():
    seconds = np.array([1741771800, -1, 1741771800, 1741771859, -1])
    assert update_times(seconds).tolist() == [
        "2025-03-12 09:30:00", "", "2025-03-12 09:30:00", "2025-03-12 09:30:59", ""]
    assert update_times(np.zeros(0, np.int64)).tolist() == []

"""Big trades in columns: built, picked, merged by the coalescer, read back as rows."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import BUY, NEUTRAL, SELL, BigTrades, concat_trades
from flowdeck.core.coalesce import merge_batches
from flowdeck.core.markets import to_local_seconds


def _trades(codes, first_seq=1, kinds=None):
    n = len(codes)
    t0 = to_local_seconds(dt.datetime(2026, 12, 4, 10, 0, 0))
    at = range(n)
    return BigTrades.of(codes, [t0 + i + 0.25 for i in at], [10.0 + i for i in at],
                        [1000.0 * (i + 1) for i in at], [(BUY, SELL, NEUTRAL)[i % 3] for i in at],
                        [1] * n, range(first_seq, first_seq + n), kinds)


def test_value_is_price_times_quantity_and_rows_read_back():
    t = _trades(["HK.00700", "US.AAPL"], kinds=["AUTO_MATCH", "ODD_LOT"])
    assert t.value.tolist() == [10_000.0, 22_000.0]
    rows = list(t.rows())
    assert rows[1].code == "US.AAPL" and rows[1].side == SELL and rows[1].seq == 2
    assert rows[0].time_text == "2026-12-04 10:00:00"
    assert rows[1].wire() == {"code": "US.AAPL", "time": "2026-12-04 10:00:01",
                              "price": 11.0, "quantity": 2000.0, "value": 22_000.0,
                              "side": "sell", "tier": 1, "seq": 2, "type": "ODD_LOT"}


def test_take_by_mask_and_by_position():
    t = _trades(["A", "B", "C"])
    assert t.take(t.side == BUY).codes == ["A"]
    back = t.take(np.array([2, 0]))
    assert back.codes == ["C", "A"] and back.seq.tolist() == [3, 1]
    assert back.kinds is None


def test_the_coalescer_keeps_every_trade_in_order():
    first, second = _trades(["A", "B"]), _trades(["A"], first_seq=3, kinds=["X"])
    merged = merge_batches([Batch(trades=first), Batch(), Batch(trades=second)]).trades
    assert merged.codes == ["A", "B", "A"]
    assert merged.seq.tolist() == [1, 2, 3]
    assert merged.kinds == [None, None, "X"]
    assert len(concat_trades([])) == 0 and len(Batch().trades) == 0

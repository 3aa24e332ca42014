"""Big trades on the wire: encoded as BigTrade.wire(), decoded back to the same columns
(a stream batch's `trades`); a peer's bad item is left out and counted, never trusted."""

from __future__ import annotations

import json

import pytest

from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.trade_wire import decode_trades, encode_trades
from flowdeck.core.wire import decode_batch
from tests.support.trades import prints


def test_trades_go_and_come_back_as_the_same_columns():
    sent = concat_trades([prints("HK.00700", [1, 2]),
                          prints("US.BRK.B", [7], price=412.5, quantity=300, side=SELL)])
    items = json.loads(json.dumps(encode_trades(sent)))
    got, left_out = decode_trades(items)
    assert left_out == 0 and got.kinds is None
    assert got.codes == sent.codes
    for column in ("times", "price", "quantity", "value", "side", "tier", "seq"):
        assert getattr(got, column).tolist() == getattr(sent, column).tolist(), column
    assert items[2]["side"] == "sell" and items[2]["value"] == 412.5 * 300


def test_a_bad_item_is_left_out_and_counted():
    good = encode_trades(prints("HK.00700", [1]))[0]
    bad = [{**good, "price": float("nan")}, {**good, "side": "up"}, {**good, "tier": 9},
           {**good, "seq": -1}, {**good, "seq": True}, {**good, "code": "XX.1"},
           {**good, "time": "10:00"}, {k: v for k, v in good.items() if k != "quantity"},
           "not an object"]
    got, left_out = decode_trades([*bad, {**good, "seq": 2, "type": "AUTO_MATCH"}])
    assert left_out == len(bad)
    assert got.seq.tolist() == [2] and got.kinds == ["AUTO_MATCH"]
    with pytest.raises(ValueError):
        decode_trades({"trades": good})


def test_a_stream_batch_carries_its_trades_and_an_older_one_none():
    item = encode_trades(prints("HK.00700", [5]))
    batch = decode_batch({"type": "batch", "records": [], "trades": item})
    assert batch.trades.seq.tolist() == [5] and batch.trades.codes == ["HK.00700"]
    assert len(decode_batch({"type": "batch", "records": []}).trades) == 0
    with pytest.raises(FlowDeckError):
        decode_batch({"type": "batch", "trades": "lots"})

"""The client reads the stream's quotes: Batch.quotes in the batches
AsyncQuoteContext.subscribe yields (a real in-process gateway on the simulator), null
prices as unknown; a batch without quotes (an older gateway) and keys it does not know
(a newer one) leave everything else as it was; get_quote reads /v1/quote."""

from __future__ import annotations

import json
import math

import pytest

from flowdeck.api import RET_ERROR, RET_OK
from flowdeck.api.async_context import AsyncQuoteContext
from flowdeck.api.stream import Subscription
from flowdeck.core.errors import FlowDeckError
from flowdeck.core.stock_info import Quote
from flowdeck.core.wire import encode_batch
from flowdeck.feeds.sim.feed import SimFeed
from tests.support.batches import values
from tests.support.server_fakes import SERVED_TOKEN, run, served

CODES = ["HK.00700", "US.AAPL"]


def decoder(codes=("HK.00001", "HK.00002")) -> Subscription:
    return Subscription(lambda: None, "127.0.0.1", 1, list(codes))


def message(**extra) -> str:
    msg = encode_batch(values(**{"HK.00001": 5.0, "HK.00002": 7.0}))
    msg.update(extra)
    return json.dumps(msg)


def test_quotes_decode_with_null_prices_as_unknown_and_foreign_codes_dropped():
    quotes = [{"code": "HK.00001", "last": 12.5, "prev_close": 12.0,
               "update_time": "2025-03-12 10:00:00"},
              {"code": "HK.2", "last": None, "prev_close": None, "update_time": ""},
              {"code": "HK.00003", "last": 1.0, "prev_close": 1.0, "update_time": ""}]
    batch = decoder().decode(message(quotes=quotes))
    assert batch.quotes["HK.00001"] == Quote("HK.00001", 12.5, 12.0, "2025-03-12 10:00:00")
    unknown = batch.quotes["HK.00002"]
    assert math.isnan(unknown.last) and unknown.prev_close is None
    assert unknown.change is None and set(batch.quotes) == {"HK.00001", "HK.00002"}


def test_an_older_gateways_batch_has_no_quotes_and_unknown_keys_are_ignored():
    plain = decoder().decode(message())
    old = json.loads(message())
    del old["quotes"]
    older = decoder().decode(json.dumps(old))
    newer = decoder().decode(message(someday=[{"code": "HK.00001", "x": 1}]))
    for batch in (older, newer):
        assert batch.records == plain.records and batch.details == plain.details
        assert batch.errors == plain.errors and batch.markets == plain.markets
    assert older.quotes == {} and plain.quotes == {}


@pytest.mark.parametrize("bad", [
    {"code": "HK.00001", "last": "12.5", "prev_close": None, "update_time": ""},
    {"code": "HK.00001", "last": 12.5, "update_time": ""},
    {"code": "HK.00001", "last": 12.5, "prev_close": None, "update_time": 5},
])
def test_a_malformed_quote_fails_its_code_only(bad):
    batch = decoder().decode(message(quotes=[bad]))
    assert batch.errors["HK.00001"][0] == 1016 and "malformed quote" in \
        batch.errors["HK.00001"][1]
    assert "HK.00001" not in batch.records and "HK.00002" in batch.records


def test_nan_in_a_quote_fails_its_code_only():
    text = message().replace('"quotes": []', '"quotes": [{"code": "HK.00002", '
                             '"last": NaN, "prev_close": 1.0, "update_time": ""}]')
    batch = decoder().decode(text)
    assert batch.errors["HK.00002"][0] == 1016 and "HK.00001" in batch.records


def test_subscribe_yields_quotes_in_the_snapshot_and_updates():
    async def main():
        feed = SimFeed("sim?speed=20&interval=0.1", speed=20.0, interval=0.1)
        async with served(feed) as client, AsyncQuoteContext(
                port=client.server.port, token=SERVED_TOKEN) as ctx:
            ret, rows = await ctx.get_quote(CODES)
            assert ret == RET_OK and [r["code"] for r in rows] == CODES
            assert rows[0]["name_zh"] == "腾讯控股" and rows[1]["name_en"] == "Apple"
            prev = {r["code"]: r["prev_close"] for r in rows}
            sub = ctx.subscribe(CODES)
            snapshot = await anext(sub)
            assert snapshot.snapshot and set(snapshot.quotes) == set(CODES)
            assert {c: q.prev_close for c, q in snapshot.quotes.items()} == prev
            async for batch in sub:
                if batch.records:
                    assert set(batch.quotes) == set(batch.records)
                    assert all(q.last > 0 for q in batch.quotes.values())
                    break
            await sub.aclose()
            bad = await ctx.get_quote(["HK.BAD!"])
            assert bad[0] == RET_ERROR
    run(main())


def test_get_quote_refuses_bad_codes_locally():
    async def main():
        async with AsyncQuoteContext(port=1) as ctx:
            ret, msg = await ctx.get_quote("HK.00700")
            assert ret == RET_ERROR and isinstance(msg, str)
    run(main())


def test_quotes_not_shaped_as_a_list_are_a_malformed_batch():
    with pytest.raises(FlowDeckError) as err:
        decoder().decode('{"type": "batch", "quotes": {"HK.00001": 1}}')
    assert err.value.code == 1016

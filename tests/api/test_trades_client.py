"""The API's get_trades, blocking and async, against an in-process gateway: the day's
kept trades newest first, filtered; a bad code refused before any round trip, a bad
parameter as the gateway's 1001 naming it."""

from __future__ import annotations

import asyncio

from flowdeck.api import RET_ERROR, RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from tests.support.batches import rec
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import SERVED_TOKEN, run, served
from tests.support.trades import prints


def day() -> Batch:
    return Batch(records={"HK.00700": rec("HK.00700", 1.0)}, snapshot=True,
                 trades=concat_trades([prints("HK.00700", [1]),
                                       prints("HK.00700", [2], quantity=200_000, side=SELL),
                                       prints("HK.00700", [3], quantity=120_000)]))


def test_both_contexts_get_the_days_trades_newest_first():
    async def main():
        async with served(ScriptedFeed([day()], [])) as client:
            port = client.server.port
            async with AsyncQuoteContext(port=port, token=SERVED_TOKEN) as ctx:
                ret, trades = await ctx.get_trades("HK.00700", min_value="500万")
                assert ret == RET_OK
                assert [(t["seq"], t["side"], t["value"]) for t in trades] == [
                    (3, "buy", 6e6), (2, "sell", 1e7)]
                assert list(trades[0]) == ["code", "time", "price", "quantity", "value",
                                           "side", "tier", "seq", "type"]
                ret, message = await ctx.get_trades(["HK.00700"], limit=5000)
                assert ret == RET_ERROR and message.startswith("INVALID_PARAM: limit:"), message
                ret, message = await ctx.get_trades("XX.1")
                assert ret == RET_ERROR and "XX.1" in message

            def blocking():
                with OpenQuoteContext(port=port, token=SERVED_TOKEN) as ctx:
                    return ctx.get_trades(["hk.700"], side="sell")
            ret, trades = await asyncio.to_thread(blocking)
            assert ret == RET_OK and [t["seq"] for t in trades] == [2]
    run(main())

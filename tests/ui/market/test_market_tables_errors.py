"""A source whose whole market keeps failing (a gateway whose own source has none, a
closed feed): the Market view asks again every RETRY_S and says why in the log once,
not at every try; a new reason, or the same one after a table came, is said again."""

from __future__ import annotations

import asyncio
import logging

from flowdeck.core.errors import source_failed
from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.market_tables import RETRY_S, MarketTables


class FailingMarkets:
    """A RanksMarkets source that fails with the reasons given, in turn."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        self.asked = 0

    async def market_table(self, markets: str) -> object:
        reason = self.reasons[min(self.asked, len(self.reasons) - 1)]
        self.asked += 1
        raise source_failed(reason)


def test_a_failing_whole_market_is_logged_once_per_reason(qloop, caplog) -> None:
    feed = FailingMarkets(["no whole market"] * 5 + ["closed"] * 3)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    async def body() -> None:
        dock = MarketDock(LiveStore())
        tables = MarketTables(dock, lambda: feed, sleep=no_wait)
        dock.show()
        while feed.asked < 8:
            await asyncio.sleep(0)
        dock.hide()
        tables.stop()

    with caplog.at_level(logging.WARNING, logger="flowdeck.ui.market.market_tables"):
        qloop.run_until_complete(asyncio.wait_for(body(), 20))
    said = [r.getMessage() for r in caplog.records]
    assert feed.asked >= 8 and set(waits) == {RETRY_S}
    assert len(said) == 2, said
    assert "no whole market" in said[0] and "closed" in said[1]

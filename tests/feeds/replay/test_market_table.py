"""A replay's whole market (issue 20: the Market view on replay ranks "the codes in the
file"): every code of the file in the markets asked for, with the numbers the replay's
own records have at its clock, and the Market view's dock ranking them."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.base import RanksMarkets
from flowdeck.feeds.registry import open_feed
from flowdeck.live.store import LiveStore
from flowdeck.ui.market.market_controls import SECTORS_TAB
from flowdeck.ui.market.market_dock import MarketDock
from flowdeck.ui.market.market_tables import MarketTables
from tests.support.replay_files import CODES, record_file
from tests.support.waiting import run, wait_until


@pytest.fixture(scope="module")
def day_file(tmp_path_factory):
    return record_file(tmp_path_factory.mktemp("replay_table") / "day.csv")


def test_the_table_holds_every_code_of_the_file_with_the_records_numbers(day_file) -> None:
    async def go() -> None:
        feed = open_feed(f"replay:{day_file}?speed=max")
        assert isinstance(feed, RanksMarkets)
        try:
            snap = await feed.snapshot(CODES)
            whole = await feed.market_table("ALL")
            hk = await feed.market_table("hk")
            assert hk.codes is (await feed.market_table("HK")).codes  # kept: tie-breaks
            with pytest.raises(FlowDeckError) as bad:
                await feed.market_table("XX")
            assert bad.value.code is ErrorCode.INVALID_PARAM
        finally:
            await feed.aclose()
        assert sorted(whole.codes) == sorted(CODES)
        assert hk.codes == [c for c in whole.codes if c.startswith("HK.")]
        for row, code in enumerate(whole.codes):
            record = snap.records[code]
            if not snap.details[code].turnover:  # no trade yet: unranked, not a zero
                assert np.isnan(whole.values[row]).all() and not whole.update_time[row]
                continue
            assert [whole.values[row, j] for j in range(12)] == \
                [getattr(record, k) for k in NUMERIC_KEYS]
            assert whole.update_time[row] == record.update_time
            quote = snap.quotes[code]
            assert whole.last[row] == quote.last
    run(go(), 30)


def test_the_market_view_on_a_replay_ranks_the_files_codes(qloop, day_file) -> None:
    seen: dict[str, object] = {}

    async def body() -> None:
        feed = open_feed(f"replay:{day_file}?speed=max")
        await feed.snapshot(CODES)
        dock = MarketDock(LiveStore())
        tables = MarketTables(dock, lambda: feed)
        dock.show()
        await wait_until(lambda: dock.source.rows.whole and dock.stocks.rowCount() > 0, 10)
        seen["ranked"] = list(dock.stocks.keys)
        seen["scope"] = dock.scope_label.text()
        dock.controls.tabs.setCurrentIndex(SECTORS_TAB)  # the file names no sectors
        seen["sectors"] = dock.scope_label.text()
        seen["table"] = await feed.market_table("HK")
        dock.hide()
        tables.stop()
        await feed.aclose()

    qloop.run_until_complete(asyncio.wait_for(body(), 30))
    table = seen["table"]
    traded = [c for r, c in enumerate(table.codes) if not math.isnan(table.values[r, 0])]
    by_main = sorted(traded, key=lambda c: -table.values[table.codes.index(c), 0])
    assert seen["ranked"] == by_main and len(by_main) >= 1
    hk = [c for c in table.codes if c.startswith("HK.")]
    assert seen["scope"] == (f"Ranks the codes in the replay file: {len(hk)} Hong Kong "
                             f"codes ({len(traded)} with a value)")
    assert seen["sectors"] == "No sectors known for the codes in the replay file"

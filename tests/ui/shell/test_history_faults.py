"""An archive that cannot be written under the window's flow history (SQLite refusing
every write, as on a read-only mount): a banner says the day cannot be saved and is
kept, the live view goes on, and once writing works again the day is saved and the
banner goes, without the trader doing anything."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QWidget

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.live.store import LiveStore
from flowdeck.storage import paths
from flowdeck.storage.archive.archive import Archive
from flowdeck.ui.look.banner import BannerArea
from flowdeck.ui.shell.window_history import WindowHistory
from tests.support.failing_archive_ops import FaultyArchiveOps
from tests.support.waiting import wait_until

T = "2026-12-04 10:30:00"


def record(main: float) -> Batch:
    r = CapitalFlowRecord("HK.00700", T, main_net_inflow=main, super_net_inflow=main)
    return Batch(records={"HK.00700": r})


def test_an_unwritable_archive_leaves_a_banner_keeps_the_day_and_saves_it_later(
        qloop, flowdeck_home) -> None:
    ops = FaultyArchiveOps()
    store, banners, holder = LiveStore(), BannerArea(), QWidget()
    history = WindowHistory(store, banners, holder, archive_ops=ops, retry_after_s=0.1)
    seen = {}

    async def body():
        history.start("sim?seed=7")
        await wait_until(lambda: history.history is not None, 10)
        store.set_codes(["HK.00700"])
        store.apply(record(5.0), wall=1.0)
        ops.fault = "readonly"
        history.history.keeper.save()
        await wait_until(lambda: banners.banner("history-save") is not None, 10)
        seen["banner"] = banners.banner("history-save").text()
        store.apply(record(6.0), wall=2.0)  # the live view goes on
        seen["live"] = store.table.values_of(["HK.00700"], "main_net_inflow")["HK.00700"]
        ops.fault = None
        await wait_until(lambda: banners.banner("history-save") is None, 10)
        await history.stop()

    qloop.run_until_complete(asyncio.wait_for(body(), 30))
    assert "cannot be saved" in seen["banner"] and "kept" in seen["banner"]
    assert seen["live"] == 6.0
    with Archive.open(paths.archive_path("window"), "sim:seed=7") as archive:
        days = archive.days("HK.00700")
    assert len(days) == 1 and days[0].net[0] == 6.0  # saved, with the latest numbers

"""A trade rule as the trader makes it in the running window: Alerts > Manage rules,
Add, the kind "One big trade", a code, Buy, 10M, OK; saved to the config file; the
scripted source's big trades fire it once for the buy of 10M or more (not for the
day's prints in the snapshot, not for a sell, not again when the trades repeat),
into the alert log dock and the alert log file with the trade."""

from __future__ import annotations

import asyncio
import json
import tomllib

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from flowdeck.core.batch import Batch
from flowdeck.core.big_trades import SELL, concat_trades
from flowdeck.storage import paths
from flowdeck.ui.alerts.alert_log_model import COL_RULE, COL_VALUE
from flowdeck.ui.shell.open_window import open_window
from tests.support.alert_window import log_lines
from tests.support.batches import rec
from tests.support.clock import VirtualClock
from tests.support.feeds import ScriptedFeed
from tests.support.trades import prints
from tests.support.waiting import wait_until

CODES = ["HK.00700", "US.AAPL"]


def batches() -> tuple[Batch, list[Batch]]:
    """The day so far (a 20M buy, seq 1); then a 15M sell (seq 2), a 12M buy (seq 3) and
    a 0.5M buy (seq 4); then all of them again (a reconnect's repeats)."""
    day = Batch(records={c: rec(c, 1.0) for c in CODES}, snapshot=True,
                trades=prints("HK.00700", [1], quantity=400_000))
    new = concat_trades([prints("HK.00700", [2], quantity=300_000, side=SELL),
                         prints("HK.00700", [3], quantity=240_000),
                         prints("HK.00700", [4], quantity=10_000)])
    update = Batch(records={c: rec(c, 2.0, "10:01:00") for c in CODES}, trades=new)
    again = Batch(records={c: rec(c, 3.0, "10:02:00") for c in CODES},
                  trades=concat_trades([day.trades, new]))
    return day, [update, again]


def test_a_trade_rule_made_in_the_window_fires_once_into_the_log(qloop, flowdeck_home):
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\n[[watchlists]]\nname = "Default"\n'
                    f'codes = {json.dumps(CODES)}\n', encoding="utf-8")
    clock = VirtualClock()
    day, runs = batches()
    feed = ScriptedFeed([day], [runs], interval=1.0, sleep=clock.sleep)
    seen: dict = {}

    async def body(window) -> None:
        window.follower.start(feed, CODES)
        await wait_until(lambda: len(window.store.tape) == 1, 10, what="the snapshot")
        window.findChild(QAction, "manageRulesAction").trigger()
        rules = window.alerts.rules_dialog
        rules.add_button.click()
        editor = rules.editor
        editor.kind.setCurrentIndex(editor.kind.findData("trade"))
        editor.scope_kind.setCurrentIndex(editor.scope_kind.findData("code"))
        QTest.keyClicks(editor.scope_code, "HK.00700")
        editor.side.setCurrentIndex(editor.side.findData("buy"))
        QTest.keyClicks(editor.threshold, "10M")
        seen["error"] = editor.error()
        editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        QApplication.processEvents()
        rules.close_button.click()
        await wait_until(lambda: clock.sleepers, 10, what="the next update")
        await clock.advance(1.0)
        await wait_until(lambda: window.alerts.dock.model.rowCount() == 1, 10,
                         what="the alert")
        await clock.advance(1.0)   # the repeats
        await wait_until(lambda: window.store.table.values_of(["HK.00700"],
                                                              "main_net_inflow")
                         == {"HK.00700": 3.0}, 10, what="the repeats")
        model = window.alerts.dock.model
        seen["rows"] = model.rowCount()
        seen["rule"] = model.index(0, COL_RULE).data(Qt.ItemDataRole.DisplayRole)
        seen["value"] = model.index(0, COL_VALUE).data(Qt.ItemDataRole.DisplayRole)

    window = open_window(None, None)

    async def go() -> None:
        window.show()
        try:
            await body(window)
        finally:
            await window.follower.stop()
            window.quit()

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    assert seen["error"] == ""
    assert seen["rows"] == 1 and seen["rule"] == "Big buy >= 10M" and seen["value"] == "12M"
    saved = tomllib.loads(path.read_text("utf-8"))["alerts"]
    assert saved == [{"kind": "trade", "scope": "code:HK.00700", "side": "buy",
                      "min_value": 1e7, "cooldown_s": 300.0, "enabled": True, "note": ""}]
    entry, = log_lines()
    assert entry["code"] == "HK.00700" and entry["field"] == "trade"
    assert entry["trade"]["seq"] == 3 and entry["trade"]["side"] == "buy"

"""The Market view over a period in the running window: the window's own flow history
reaches the dock (opened, then refreshed by File > Fill past days), and the codes
filled rank over 5 days by a field other than main net, picked with the real combo
boxes."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from flowdeck.storage import paths
from flowdeck.ui.market.stock_model import VALUE
from tests.support.waiting import wait_until
from tests.support.window import run_window

CODES = ["HK.00700", "US.AAPL"]


def small_watchlist() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[[watchlists]]\nname = "Default"\ncodes = {json.dumps(CODES)}\n',
                    encoding="utf-8")


def menu_action(menu: QMenu, object_name: str) -> QAction:
    return next(a for a in menu.actions() if a.objectName() == object_name)


def test_past_days_filled_from_the_file_menu_rank_over_5_days(qloop, flowdeck_home):
    small_watchlist()
    seen = {}

    async def body(w):
        await wait_until(lambda: w.day_history.history is not None, 20)
        await wait_until(lambda: w.follower.applies >= 1, 20)
        dock = w.market.dock
        w.findChild(QAction, "marketAction").trigger()
        controls = dock.controls
        controls.field.setCurrentIndex(controls.field.findData("super_net_inflow"))
        controls.period.setCurrentIndex(controls.period.findData("5d"))
        # The archive is open but holds no past day yet.
        await wait_until(lambda: "need past days" in dock.scope_label.text(), 20)
        filled = []
        w.day_history.refreshed.connect(filled.append)
        menu_action(w.day_history.menu, "backfill20Action").trigger()
        await wait_until(lambda: filled, 30)
        await wait_until(lambda: dock.stocks.keys, 20)
        seen["keys"] = list(dock.stocks.keys)
        seen["header"] = dock.stocks.headerData(VALUE, Qt.Orientation.Horizontal)
        seen["value"] = dock.stocks.index(0, VALUE).data()

    run_window(qloop, body, timeout=90)
    assert seen["keys"] == ["HK.00700"]  # HK's one code with past days: the filled one
    assert seen["header"] == "Super net 5d"  # 20 days filled: the period's 5 covered
    assert "/" not in seen["value"]  # its 5 days known

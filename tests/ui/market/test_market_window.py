"""The Market view in the running window, as a trader works it: View > Market shows the
dock, which says what it ranks; the market combo switches the ranking; a double-click
opens the code in the detail dock; the context menu's "Add to watchlist" adds a ranked
code the watchlist lacks; File > Settings switches language and theme and the view
follows. Set FLOWDECK_SHOTS to a folder to keep the dock's pictures (en/zh, light/dark)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.core.stock_info import Quote
from flowdeck.storage import paths
from flowdeck.ui.market.stock_model import CODE, NAME, VALUE
from tests.support.item_views import cell_point, double_click
from tests.support.named_feed import NamedFeed
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, back_to_light, choose_in_settings

# (last, previous close, main net); HK.09988 is ranked but not in the watchlist.
DAY = {"HK.00700": (480.2, 470.0, 5e7), "HK.00939": (6.1, 6.0, -2e7),
       "HK.00001": (40.0, 41.0, 1e7), "US.AAPL": (200.0, 190.0, 3e7),
       "US.TSLA": (300.0, 310.0, -4e7), "HK.09988": (80.0, 79.0, 2e7)}
WATCHLIST = [c for c in DAY if c != "HK.09988"]
UNIVERSE = StaticUniverse([s for s in StaticUniverse().stocks().values() if s.code in DAY])


def record(code: str, net: float) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2025-03-12 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), 1e9)


def snapshot() -> Batch:
    return Batch(snapshot=True, quotes={c: Quote(c, last, prev, "2025-03-12 10:30:00")
                                        for c, (last, prev, _n) in DAY.items()},
                 records={c: record(c, net) for c, (_l, _p, net) in DAY.items()})


def feed() -> NamedFeed:
    # The second snapshot answers the watchlist's new code.
    return NamedFeed(UNIVERSE, [snapshot(), snapshot()])


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()
    back_to_light()


def shot(widget, name: str) -> None:
    folder = os.environ.get("FLOWDECK_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_market_view_as_a_trader_works_it(qloop, qtbot, flowdeck_home, english_after):
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\ntheme = "light"\n[[watchlists]]\n'
                    f'name = "Default"\ncodes = {json.dumps(WATCHLIST)}\n', encoding="utf-8")
    seen: dict[str, object] = {}

    async def body(window) -> None:
        await window.follower.stop()
        window.follower.start(feed(), list(DAY))  # one code beyond the watchlist
        await wait_until(lambda: len(window.store.quotes) == len(DAY), 10)
        dock = window.findChild(type(window.market.dock), "marketDock")
        seen["hidden"] = dock.isHidden()
        action = window.findChild(QAction, "marketAction")
        seen["in menu"] = action in window.view_menu.actions()
        action.trigger()
        seen["shown"] = dock.isVisible()
        model, view = dock.stocks, dock.stock_view
        await wait_until(lambda: model.rowCount() == 4, 5)
        seen["hk"] = list(model.keys)
        seen["scope"] = dock.scope_label.text()
        seen["name"] = model.index(0, NAME).data()
        shot(dock, "market_en_light")

        combo = dock.findChild(QComboBox, "marketCombo")
        combo.setCurrentIndex(combo.findData("US"))
        seen["us"] = list(model.keys)

        double_click(qtbot, view, model.index(1, CODE))
        seen["detail"] = window.detail_dock.code

        combo.setCurrentIndex(combo.findData("HK"))
        row = model.row_of_key("HK.09988")
        view.customContextMenuRequested.emit(cell_point(view, model.index(row, CODE)))
        seen["menu"] = dock.menu.isVisible()
        dock.menu.actions()[0].trigger()
        dock.menu.close()
        seen["watchlist"] = window.watchlists.codes()

        choose_in_settings(window, languageCombo="zh_CN", themeCombo="dark")
        await wait_until(lambda: dock.windowTitle() != "Market", 5)
        seen["zh"] = (dock.windowTitle(), model.headerData(VALUE, Qt.Orientation.Horizontal),
                      model.index(0, NAME).data())
        shot(dock, "market_zh_CN_dark")

    run_window(qloop, body)
    assert seen["hidden"] and seen["in menu"] and seen["shown"]
    assert seen["hk"] == ["HK.00700", "HK.09988", "HK.00001", "HK.00939"]
    assert seen["scope"] == "Ranks watchlist “Default”: 4 Hong Kong codes (4 with a value)"
    assert seen["name"] == "Tencent Holdings"
    assert seen["us"] == ["US.AAPL", "US.TSLA"]
    assert seen["detail"] == "US.TSLA"
    assert seen["menu"] and "HK.09988" in seen["watchlist"]
    assert seen["zh"] == ("市场", "主力净额", "騰訊控股")

"""The window in Traditional Chinese (zh_HK) on the simulator, switched as a user does:
its stocks' and sectors' names are Traditional in the live table, the Market view's
stocks and sectors, the detail dock's title and sector; the quick search finds a stock by its
Traditional or Simplified name or pinyin initials and lists it in Traditional. Set
FLOWDECK_SHOTS to a folder to keep the pictures (zh_HK, dark)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from flowdeck.ui.market import sector_model, stock_model
from flowdeck.ui.table.columns import COLUMN_INDEX
from tests.support.input_method import commit_text
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english, back_to_light, choose_in_settings

NAME = COLUMN_INDEX["name"]


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()
    back_to_light()


def shot(widget, name: str) -> None:
    folder = os.environ.get("FLOWDECK_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_window_in_zh_hk_writes_the_simulator_s_names_in_traditional(
        qloop, qtbot, flowdeck_home, english_after):
    seen: dict[str, object] = {}

    async def body(w) -> None:
        await wait_until(lambda: w.store.universe is not None
                         and w.model.row_of_code("HK.00700") is not None, 20)
        universe = w.store.universe
        choose_in_settings(w, languageCombo="zh_HK", themeCombo="dark")
        model = w.model
        seen["table"] = {c: model.row_cells(model.row_of_code(c)).cells[NAME][0]
                         for c in ("HK.00700", "SH.600519")}
        seen["name tooltip"] = model.index(model.row_of_code("HK.00700"), NAME).data(
            Qt.ItemDataRole.ToolTipRole)
        w.view.selectRow(model.row_of_code("HK.00700"))
        await wait_until(lambda: "騰訊控股" in w.detail_dock.windowTitle(), 5)
        sector = w.detail_dock.sector_row
        qtbot.mouseClick(sector.box, Qt.MouseButton.LeftButton)
        await wait_until(lambda: sector.curve.isVisible(), 10)
        seen["sector box"] = sector.box.text()
        shot(w, "window_zh_HK_dark")
        shot(w.detail_dock, "detail_zh_HK_dark")

        w.findChild(QAction, "marketAction").trigger()
        dock = w.market.dock
        stocks = dock.stocks
        await wait_until(lambda: dock.source.rows.whole and stocks.rowCount() == 20, 20)
        ranked = [(stocks.keys[r], stocks.index(r, stock_model.NAME).data())
                  for r in range(stocks.rowCount())]
        seen["ranked"] = [(name, universe.info(code).name_zh_hant) for code, name in ranked]
        seen["ranked simplified"] = [n for c, n in ranked if n == universe.info(c).name_zh]
        shot(dock, "market_zh_HK_dark")
        dock.controls.tabs.setCurrentIndex(1)
        sectors = dock.sectors
        await wait_until(lambda: sectors.rowCount() >= 10, 10)
        seen["sectors"] = [(sectors.index(r, sector_model.SECTOR).data(),
                            universe.sectors()[sectors.keys[r]].name_zh_hant)
                           for r in range(sectors.rowCount())]
        shot(dock, "market_sectors_zh_HK_dark")

        w.search.set_universe(universe)
        await wait_until(lambda: w.search.search.index.has_aliases, 40)
        quick = w.search.quick
        for typed in ("騰訊", "腾讯", "tx"):
            w.findChild(QAction, "quickSearchAction").trigger()
            quick.edit.clear()
            if typed.isascii():
                qtbot.keyClicks(quick.edit, typed)
            else:  # as an input method types Chinese
                commit_text(quick.edit, typed)
            popup = quick.completer.popup().model()
            seen[typed] = (popup.index(0, 0).data(), popup.index(0, 1).data())
            qtbot.keyClick(quick.edit, Qt.Key.Key_Escape)

    run_window(qloop, body)
    assert seen["table"] == {"HK.00700": "騰訊控股", "SH.600519": "貴州茅台"}
    assert seen["name tooltip"].startswith("騰訊控股 / Tencent")
    assert seen["sector box"] == "板塊：互聯網"
    assert all(shown == hant for shown, hant in seen["ranked"]), seen["ranked"]
    # Most made-up names differ in the two scripts (浩通新能源 is both)
    assert len(seen["ranked simplified"]) < len(seen["ranked"]) / 2
    assert all(shown == hant for shown, hant in seen["sectors"]), seen["sectors"]
    assert {"互聯網", "傳媒"} & {shown for shown, _ in seen["sectors"]}
    for typed in ("騰訊", "腾讯", "tx"):
        assert seen[typed] == ("HK.00700", "騰訊控股"), typed

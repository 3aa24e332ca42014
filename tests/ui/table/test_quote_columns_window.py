"""Names and prices in the running window, as a trader meets them: a source that names
its stocks and sends quotes; the change column shown from the header's menu; a click on
change % puts the biggest riser on top; File > Settings switches the language (the
names and the detail dock's title follow) and the colour convention (the changes
follow, as the flows do); a stock the source does not name shows its code.

Set FLOWDECK_SHOTS to a folder to keep the window's pictures in English and Chinese."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import numpy as np
import pytest

from flowdeck.core.batch import Batch
from flowdeck.core.records import CapitalFlowRecord
from flowdeck.core.stock_info import Quote
from flowdeck.storage import paths
from flowdeck.ui.shell.open_window import open_window
from flowdeck.ui.table.columns import COLUMN_INDEX
from tests.support.named_feed import NamedFeed
from tests.support.table_header import click_header, toggle_in_menu
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window_settings import back_to_english, choose_in_settings

NAME, CHANGE, RATIO = (COLUMN_INDEX[k] for k in ("name", "change", "change_ratio"))
MAIN = COLUMN_INDEX["main_net_inflow"]
# (last, previous close, main net); HK.01810 is a code the source does not name.
DAY = {"HK.00700": (480.2, 470.0, 5e7), "US.AAPL": (200.0, 190.0, 2e7),
       "SH.600519": (1500.0, 1510.0, -3e7), "HK.01810": (45.0, 45.0, 0.0)}
UNIVERSE = StaticUniverse([
    *(s for s in StaticUniverse().stocks().values() if s.code in DAY)])


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def record(code: str, net: float) -> CapitalFlowRecord:
    n = np.array([net, 0.0, 0.0, 0.0])
    return CapitalFlowRecord.from_tier_values(code, "2025-03-12 10:30:00", np.maximum(n, 0),
                                              np.maximum(-n, 0), 1e9)


QUOTES = {c: Quote(c, last, prev, "2025-03-12 10:30:00") for c, (last, prev, _n) in DAY.items()}


def feed() -> NamedFeed:
    snapshot = Batch(snapshot=True, quotes=dict(QUOTES),
                     records={c: record(c, net) for c, (_l, _p, net) in DAY.items()})
    return NamedFeed(UNIVERSE, [snapshot])


def write_settings() -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[display]\nlanguage = "en"\ncolors = "red-up"\n[[watchlists]]\n'
                    f'name = "Default"\ncodes = {json.dumps(list(DAY))}\n', encoding="utf-8")


def shot(window, name: str) -> None:
    folder = os.environ.get("FLOWDECK_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_names_and_prices_as_a_trader_works_them(qloop, flowdeck_home, english_after):
    write_settings()
    seen: dict[str, object] = {}

    async def body(window) -> None:
        window.follower.start(feed(), list(DAY))
        await wait_until(lambda: all(window.store.quotes.get(c) == q
                                     for c, q in QUOTES.items()), 10)
        view, model = window.view, window.model

        def cell(code: str, column: int):
            return model.row_cells(model.row_of_code(code)).cells[column][:2]

        assert toggle_in_menu(view, "Change") is False  # hidden until asked for
        click_header(view, RATIO)
        seen["top"] = [model.code_at(r) for r in range(len(DAY))]
        seen["change"] = cell("HK.00700", CHANGE)[0]
        seen["unknown"] = cell("HK.01810", NAME)[0]
        view.selectRow(model.row_of_code("HK.00700"))
        seen["title en"] = window.detail_dock.windowTitle()
        seen["name en"] = cell("HK.00700", NAME)[0]
        shot(window, "quotes_en")
        rise, inflow = cell("HK.00700", RATIO)[1], cell("HK.00700", MAIN)[1]
        fall, outflow = cell("SH.600519", RATIO)[1], cell("SH.600519", MAIN)[1]
        seen["red-up"] = (rise, fall, inflow, outflow)

        choose_in_settings(window, languageCombo="zh_CN", colorsCombo="green-up")
        seen["name zh"] = cell("HK.00700", NAME)[0]
        # The dock retitles itself on Qt's LanguageChange event, which is posted.
        await wait_until(lambda: "騰訊控股" in window.detail_dock.windowTitle(), 5)
        seen["title zh"] = window.detail_dock.windowTitle()
        seen["green-up"] = (cell("HK.00700", RATIO)[1], cell("SH.600519", RATIO)[1],
                            cell("HK.00700", MAIN)[1])
        shot(window, "quotes_zh_CN")

    window = open_window(None, None)

    async def go() -> None:
        # Only the follower, on the scripted source: no simulator, archive or timers.
        window.show()
        try:
            await body(window)
        finally:
            await window.follower.stop()
            window.quit()

    qloop.run_until_complete(asyncio.wait_for(go(), 60))
    assert seen["top"] == ["US.AAPL", "HK.00700", "HK.01810", "SH.600519"]
    assert seen["change"] == "+10.200"
    assert seen["unknown"] == "HK.01810"
    assert seen["name en"] == "Tencent Holdings"
    assert "HK.00700 Tencent Holdings" in seen["title en"] and "HKD" in seen["title en"]
    assert seen["name zh"] == "騰訊控股"  # the source's one Chinese name
    assert "HK.00700 騰訊控股" in seen["title zh"]
    rise, fall, inflow, outflow = seen["red-up"]
    assert rise == inflow and fall == outflow and rise != fall
    assert seen["green-up"] == (fall, rise, fall)  # the convention swapped both

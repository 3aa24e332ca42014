"""All markets in the running window on the simulator, as a trader works it: the
settings file has a USD rate but no CNY one; the market combo's All markets ranks HK
and US by main net in HKD (the header says HKD, a value's tooltip its own amount), the
line above the rows saying the CNY codes are not ranked; the CNY rate saved in
Settings brings them in, the note gone; a ratio ranks every market; the Sectors tab
ranks every market's sectors, each named with its market."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QSpinBox

from flowdeck.core.currency import Rate, Rates
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.market.stock_model import VALUE
from tests.support.settings_file import NO_CNY, RATES_DAY, write_settings
from tests.support.waiting import wait_until
from tests.support.window import run_window
from tests.support.window_settings import back_to_english

RATE = {"HK": 1.0, "US": 7.8, "SH": 1.1, "SZ": 1.1}
OWN = {"HK": "HKD", "US": "USD", "SH": "CNY", "SZ": "CNY"}


def cells(model) -> list[tuple[str, float, float, str]]:
    """Per row: code, ranked value, own amount, the value's tooltip."""
    ranking = model.ranking
    return [(code, float(ranking.value[i]), float(ranking.native[i]),
             model.data(model.index(i, VALUE), Qt.ItemDataRole.ToolTipRole))
            for i, code in enumerate(model.keys)]


def test_all_markets_ranked_in_the_base_currency(qloop, flowdeck_home):
    write_settings(NO_CNY)
    seen: dict[str, object] = {}

    async def body(window) -> None:
        dock = window.market.dock
        window.findChild(QAction, "marketAction").trigger()
        combo = dock.findChild(QComboBox, "marketCombo")
        combo.setCurrentIndex(combo.findData("ALL"))
        model = dock.stocks

        def ranked_all() -> bool:
            return (dock.source.rows.whole and dock.source.rows.key == "ALL"
                    and model.rowCount() == 20 and model.ranking.base == "HKD")

        await wait_until(ranked_all, 30)
        seen["combo"] = combo.currentText()
        seen["header"] = model.headerData(VALUE, Qt.Orientation.Horizontal)
        seen["no cny"] = cells(model)
        seen["note"] = dock.scope_label.text()
        rates = Rates("HKD", (Rate("USD", 7.8, RATES_DAY), Rate("CNY", 1.1, RATES_DAY)))
        window.apply_settings(dataclasses.replace(window.config, rates=rates))
        await wait_until(lambda: ranked_all() and not model.ranking.missing, 30)
        seen["all"] = cells(model)
        seen["all note"] = dock.scope_label.text()
        seen["known"] = model.ranking.known
        dock.findChild(QComboBox, "fieldCombo").setCurrentIndex(
            dock.findChild(QComboBox, "fieldCombo").findData("main_net_inflow_ratio"))
        dock.findChild(QSpinBox, "topSpin").setValue(500)
        await wait_until(lambda: model.rowCount() == 500, 30)
        seen["ratio header"] = model.headerData(VALUE, Qt.Orientation.Horizontal)
        seen["ratio markets"] = {c[:2] for c in model.keys}
        dock.findChild(QComboBox, "fieldCombo").setCurrentIndex(0)  # main net
        dock.controls.tabs.setCurrentIndex(1)  # Sectors, as a click on the tab
        sectors = dock.sectors
        await wait_until(lambda: sectors.rowCount() == 500 or (
            sectors.flows is not None and sectors.rowCount() == len(sectors.flows.ids)), 30)
        seen["sector header"] = sectors.headerData(3, Qt.Orientation.Horizontal)
        seen["sector names"] = [sectors.data(sectors.index(i, 1))
                                for i in range(sectors.rowCount())]
        dock.controls.tabs.setCurrentIndex(0)
        for lang, title in (("zh_CN", "市场"), ("zh_HK", "市場")):
            apply_language(lang)
            await wait_until(lambda t=title: dock.windowTitle() == t, 5)
            seen[lang] = dock.scope_label.text(), model.ranking.known

    try:
        run_window(qloop, body)
    finally:
        # Not inside the body: its processEvents would run other tasks' wakeups while
        # the body's task runs ("Cannot enter into task"), and they never woke again.
        back_to_english()
    assert seen["combo"] == "All markets" and seen["header"] == "Main net (HKD)"
    assert "No rate for CNY in Settings: their 5100 codes are not ranked" in seen["note"]
    assert seen["note"].startswith("Ranks the whole simulated market: 11700 codes of all "
                                   "markets (")
    for key in ("no cny", "all"):
        values = [v for _, v, _, _ in seen[key]]
        assert values == sorted(values, reverse=True)
        for code, value, own, tip in seen[key]:
            assert value == own * RATE[code[:2]]
            assert tip.startswith(f"{value:,.2f} HKD") and tip.endswith(
                f"{own:,.2f} {OWN[code[:2]]})" if code[:2] != "HK" else "HKD)")
    assert {c[:2] for c, *_ in seen["no cny"]} <= {"HK", "US"}
    assert "No rate" not in seen["all note"]
    # Every market's codes worded as such, not as one market's ("All markets codes").
    assert seen["all note"] == ("Ranks the whole simulated market: 11700 codes of all "
                                f"markets ({seen['known']} with a value)")
    text, known = seen["zh_CN"]
    assert text == f"排名整个模拟市场：全部市场的 11700 只股票（{known} 只有数据）"
    text, known = seen["zh_HK"]
    assert text == f"排名整個模擬市場：全部市場的 11700 隻股票（{known} 隻有數據）"
    assert "(HKD)" not in seen["ratio header"] and len(seen["ratio markets"]) >= 3
    # Every market's sectors, each named with its market (names repeat across markets).
    assert seen["sector header"] == "Main net (HKD)"
    assert {n.split()[0] for n in seen["sector names"]} == {"HK", "US", "SH", "SZ"}

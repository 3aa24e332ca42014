"""The sector line in the detail dock, as a user toggles it: the check box over the
chart draws the sum of the sector's followed members' main net, says what it sums,
follows new points of any member, and hides again; a code without a sector says so."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from flowdeck.core.batch import Batch
from flowdeck.core.stock_info import Sector, StockInfo
from flowdeck.live.store import LiveStore
from flowdeck.ui.detail.detail_dock import DetailDock
from flowdeck.ui.look.theme import current_theme
from tests.support.batches import points
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window

UNIVERSE = StaticUniverse(
    [StockInfo("HK.00005", "HSBC", "汇丰控股", "HK.bank"),
     StockInfo("HK.00939", "CCB", "建设银行", "HK.bank"),
     StockInfo("HK.01398", "ICBC", "工商银行", "HK.bank"),
     StockInfo("HK.03988", "Bank of China", "中国银行", "HK.bank"),
     StockInfo("HK.00001", "CK Hutchison", "长和", "")],
    [Sector("HK.bank", "HK", "Banks", "银行")])


@pytest.fixture
def store() -> LiveStore:
    s = LiveStore()
    s.set_codes(["HK.00005", "HK.00939", "HK.01398", "HK.00001"])
    s.set_universe(UNIVERSE)
    s.apply(Batch(points=points([("HK.00005", 0, 1e6), ("HK.00005", 2, 3e6),
                                 ("HK.00939", 1, -4e5), ("HK.00939", 2, -1e6),
                                 ("HK.00001", 2, 7e9)])), 1.0)
    return s


@pytest.fixture
def dock(qtbot, store):
    d = DetailDock(store.history, store.details)
    d.set_live(store)
    qtbot.addWidget(d)
    d.resize(700, 500)
    d.show()
    d.show_code("HK.00939")
    return d


def drawn(dock) -> tuple[list[float], list[float]]:
    curve = dock.sector_row.curve
    if not curve.isVisible():
        return [], []
    x, y = curve.getData()
    return x.tolist(), y.tolist()


def test_the_toggle_draws_the_sum_of_the_followed_members_and_says_so(dock, qtbot):
    row = dock.sector_row
    assert drawn(dock) == ([], []) and row.caption.text() == ""
    qtbot.mouseClick(row.box, Qt.MouseButton.LeftButton)
    # main = super + large, each series 1e6 at minute 0 here: 2e6
    assert drawn(dock) == ([0.0, 1.0, 2.0], [2e6, 2e6 - 8e5, 6e6 - 2e6])
    assert row.box.text() == "Sector: Banks"
    assert "main net of the 3 of its 4 members followed here" in row.caption.text()
    assert f'color:{current_theme().plot_sector}">┅┅' in row.caption.text()  # the line's key
    qtbot.mouseClick(row.box, Qt.MouseButton.LeftButton)
    assert drawn(dock) == ([], []) and row.caption.text() == ""


def test_a_members_new_points_redraw_the_line(dock, store, qtbot):
    qtbot.mouseClick(dock.sector_row.box, Qt.MouseButton.LeftButton)
    assert dock.refresh() is False
    store.apply(Batch(points=points([("HK.00005", 3, 5e6)])), 2.0)  # not the code shown
    assert dock.refresh() is True
    x, y = drawn(dock)
    assert x[-1] == 3.0 and y[-1] == 1e7 - 2e6  # CCB quiet since minute 2: still -1e6
    dock.crosshair_at(3)
    assert "Banks 8.00M" in dock.crosshair_text()
    named = dock.crosshair_label.textItem.toHtml()  # in the line's colour, as the series
    assert f'color:{current_theme().plot_sector};">Banks</span>' in named


def test_a_code_without_a_sector_says_so(dock, qtbot):
    dock.show_code("HK.00001")
    qtbot.mouseClick(dock.sector_row.box, Qt.MouseButton.LeftButton)
    assert drawn(dock) == ([], [])
    assert dock.sector_row.box.text() == "Sector"
    assert dock.sector_row.caption.text() == "no sector known for HK.00001"


def test_the_window_draws_the_selected_codes_sector_from_its_store(qloop, flowdeck_home,
                                                                   qtbot):
    async def body(w):
        dock = w.detail_dock
        await wait_until(lambda: dock.code is not None and w.store.universe is not None, 20)
        qtbot.mouseClick(dock.sector_row.box, Qt.MouseButton.LeftButton)
        await wait_until(lambda: len(drawn(dock)[0]) > 0, 20)
        line = dock.sector_row.line
        assert dock.code in line.members and len(line.members) >= 1
        sector = w.store.info(dock.code).sector
        assert all(w.store.info(m).sector == sector for m in line.members)
        assert [c for c in w.store.codes if w.store.info(c).sector == sector] == list(
            line.members)
        x, y = drawn(dock)
        np.testing.assert_array_equal(y, line.curve[int(x[0]): int(x[-1]) + 1])

    run_window(qloop, body)

"""The quick search as a user uses it: the real View > Find a stock… action (Ctrl+K),
typing, choosing; a followed code is selected in the table, another is added to the
active watchlist and then selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from flowdeck.ui.search.quick_search import QuickSearch
from flowdeck.ui.search.search_index import StockSearch
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window


def find_action(w):
    (action,) = [a for a in w.view_menu.actions() if a.objectName() == "quickSearchAction"]
    return action


def test_ctrl_k_finds_a_followed_stock_and_selects_its_row(qloop, flowdeck_home, qtbot):
    async def body(w):
        w.search.set_universe(StaticUniverse())
        await wait_until(lambda: w.search.search.index.has_aliases, 10)
        await wait_until(lambda: w.view.flow_model.row_of_code("SH.600519") is not None, 20)
        action = find_action(w)
        assert action.shortcut() == QKeySequence("Ctrl+K")
        assert action.text() == "&Find a stock…"
        action.trigger()
        quick = w.search.quick
        assert quick.isVisible() and quick.edit.hasFocus()
        qtbot.keyClicks(quick.edit, "gzmt")
        model = quick.completer.popup().model()
        assert model.index(0, 0).data() == "SH.600519"
        assert model.index(0, 1).data() == "Kweichow Moutai"
        qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
        assert not quick.isVisible()
        assert w.view.current_code() == "SH.600519"
        assert w.view.selected_codes() == ["SH.600519"]

    w = run_window(qloop, body)
    assert w.watchlists.codes().count("SH.600519") == 1


def test_ctrl_k_adds_a_stock_not_followed_then_selects_it(qloop, flowdeck_home, qtbot):
    async def body(w):
        w.search.set_universe(StaticUniverse())
        await wait_until(lambda: w.search.search.index.has_aliases, 10)
        before = w.watchlists.codes()
        find_action(w).trigger()
        quick = w.search.quick
        qtbot.keyClicks(quick.edit, "jsyh")
        popup = quick.completer.popup()
        assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] \
            == ["HK.00939", "SH.601939"]
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert w.watchlists.codes() == [*before, "HK.00939"]
        assert "Added 1 code." in w.watchlist_dock.message_text()
        await wait_until(lambda: w.view.current_code() == "HK.00939", 20)

    run_window(qloop, body)


def test_escape_closes_and_a_click_chooses(qtbot):
    parent = QWidget()
    parent.resize(600, 400)
    qtbot.addWidget(parent)
    search = StockSearch()
    search.set_universe(StaticUniverse())
    qtbot.waitUntil(lambda: len(search.index) > 0, timeout=10_000)
    quick = QuickSearch(search, parent)
    parent.show()
    chosen = []
    quick.chosen.connect(chosen.append)
    quick.action.trigger()
    qtbot.keyClicks(quick.edit, "tesla")
    qtbot.keyClick(quick.edit, Qt.Key.Key_Escape)
    assert not quick.isVisible() and quick.edit.text() == "" and chosen == []
    quick.open("aapl")
    popup = quick.completer.popup()
    index = popup.model().index(0, 0)
    qtbot.waitUntil(lambda: popup.visualRect(index).isValid())
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(index).center())
    assert chosen == ["US.AAPL"] and not quick.isVisible()


def test_the_sources_names_reach_the_search_without_being_given(qloop, flowdeck_home,
                                                                qtbot):
    """The window on the simulator: the Follower gives the store the source's universe,
    and the search takes it from there; a name the simulator made up is found."""
    async def body(w):
        await wait_until(lambda: w.search.search.index.has_aliases, 30)
        find_action(w).trigger()
        quick = w.search.quick
        qtbot.keyClicks(quick.edit, "Kweichow")
        model = quick.completer.popup().model()
        assert model.index(0, 0).data() == "SH.600519"
        some = next(iter(w.view.flow_model.store.universe.stocks().values()))
        quick.edit.clear()
        qtbot.keyClicks(quick.edit, some.code)
        assert model.index(0, 1).data() == some.name("en")

    run_window(qloop, body)

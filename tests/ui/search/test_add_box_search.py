"""The watchlist's add box with the stock search, as a user does it: type into the real
line edit, see the dropdown of matches, choose one or press Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from flowdeck.core.watchlists import Watchlists
from flowdeck.ui.search.matches_model import CODE, MARKET, NAME
from flowdeck.ui.search.search_index import StockSearch
from flowdeck.ui.watchlist.code_search import attach_search
from flowdeck.ui.watchlist.watchlist_dock import WatchlistDock
from tests.support.universes import StaticUniverse


@pytest.fixture
def search(qtbot) -> StockSearch:
    search = StockSearch()
    search.set_universe(StaticUniverse())
    qtbot.waitUntil(lambda: search.index.has_aliases, timeout=10_000)
    return search


@pytest.fixture
def dock(qtbot, search):
    store = Watchlists([("Main", ["US.AAPL"])], active="Main")
    dock = WatchlistDock(store)
    qtbot.addWidget(dock)
    completer = attach_search(dock, search)
    dock.show()
    qtbot.waitExposed(dock)
    dock.code_edit.setFocus()
    return dock, completer


def type_chinese(edit: QLineEdit, text: str) -> None:
    """What an input method sends when the user picks `text` (keyClicks is ASCII only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def rows(completer) -> list[tuple[str, str, str]]:
    """The dropdown's rows as the user sees them."""
    m = completer.popup().model()
    return [tuple(m.index(r, c).data() for c in (CODE, NAME, MARKET))
            for r in range(m.rowCount())]


def test_typing_pinyin_shows_the_matches_and_enter_adds_the_first(dock, qtbot):
    dock, completer = dock
    qtbot.keyClicks(dock.code_edit, "gzmt")
    assert completer.popup_shown()
    assert rows(completer) == [("SH.600519", "Kweichow Moutai", "SH")]
    assert dock.add_button.isEnabled() and dock.message_text() == ""
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert dock.store.codes() == ["US.AAPL", "SH.600519"]
    assert dock.code_edit.text() == "" and not completer.popup_shown()


def test_arrows_then_enter_add_the_row_chosen_once(dock, qtbot):
    dock, completer = dock
    qtbot.keyClicks(dock.code_edit, "bank")
    assert [r[0] for r in rows(completer)] == ["HK.00939", "SH.601939", "SZ.000001"]
    popup = completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert dock.code_edit.text() == "SH.601939"  # the row highlighted, in the box
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(1)  # the choice is told after the key event
    assert dock.store.codes() == ["US.AAPL", "SH.601939"]
    assert "already" not in dock.message_text()


def test_clicking_a_row_adds_its_code(dock, qtbot):
    dock, completer = dock
    type_chinese(dock.code_edit, "騰訊")
    assert rows(completer) == [("HK.00700", "Tencent Holdings", "HK")]
    popup = completer.popup()
    index = popup.model().index(0, NAME)
    qtbot.waitUntil(lambda: popup.visualRect(index).isValid())
    rect = popup.visualRect(index)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: dock.store.codes() == ["US.AAPL", "HK.00700"])
    assert dock.code_edit.text() == ""


@pytest.mark.parametrize("typed, code", [("700", "HK.00700"), ("sh600519", "SH.600519"),
                                         ("0700.HK", "HK.00700"), ("brk.b", "US.BRK.B"),
                                         ("600519.SS", "SH.600519"), ("nvda", "US.NVDA")])
def test_a_code_typed_in_any_form_adds_its_normalised_code(dock, qtbot, typed, code):
    dock, completer = dock
    qtbot.keyClicks(dock.code_edit, typed)
    assert rows(completer)[0][0] == code
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert dock.store.codes() == ["US.AAPL", code]


def test_a_code_already_listed_says_so_and_bad_text_stays(dock, qtbot):
    dock, completer = dock
    qtbot.keyClicks(dock.code_edit, "aapl")
    assert dock.message_text() == "US.AAPL is already in the list"
    assert not dock.add_button.isEnabled()
    dock.code_edit.clear()
    qtbot.keyClicks(dock.code_edit, "HK.ABCDEF")
    assert not completer.popup_shown() and rows(completer) == []
    qtbot.keyClick(dock.code_edit, Qt.Key.Key_Return)
    assert dock.code_edit.text() == "HK.ABCDEF" and dock.store.codes() == ["US.AAPL"]


def test_without_a_universe_codes_still_work(qtbot):
    dock = WatchlistDock(Watchlists([("Main", [])]))
    qtbot.addWidget(dock)
    search = StockSearch()
    completer = attach_search(dock, search)
    dock.show()
    qtbot.keyClicks(dock.code_edit, "9988")
    assert rows(completer) == [("HK.09988", "(not in the list of known stocks)", "HK")]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert dock.store.codes() == ["HK.09988"]


def test_a_dock_without_search_still_reads_short_codes(qtbot):
    dock = WatchlistDock(Watchlists([("Main", [])]))
    qtbot.addWidget(dock)
    qtbot.keyClicks(dock.code_edit, "700")
    qtbot.keyClick(dock.code_edit, Qt.Key.Key_Return)
    assert dock.store.codes() == ["HK.00700"]

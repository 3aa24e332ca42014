"""Typing in the live table opens the quick search with what was typed (keys, or a word
an input method commits); shortcuts and navigation keys stay the table's."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.input_method import commit_text
from tests.support.universes import StaticUniverse
from tests.support.waiting import wait_until
from tests.support.window import run_window


def test_typing_in_the_table_finds_and_selects_a_stock(qloop, flowdeck_home, qtbot):
    async def body(w):
        w.search.set_universe(StaticUniverse())
        await wait_until(lambda: w.search.search.index.has_aliases, 10)
        await wait_until(lambda: w.view.flow_model.row_of_code("SH.600519") is not None, 20)
        quick = w.search.quick
        w.view.setFocus()
        qtbot.keyClick(w.view, "g")
        assert quick.isVisible() and quick.edit.hasFocus() and quick.edit.text() == "g"
        qtbot.keyClicks(quick.edit, "zmt")  # where the focus went
        model = quick.completer.popup().model()
        assert quick.edit.text() == "gzmt"
        assert model.index(0, 0).data() == "SH.600519"
        qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
        assert not quick.isVisible()
        assert w.view.current_code() == "SH.600519"

    run_window(qloop, body)


def test_keys_that_reach_the_table_before_the_focus_moves_are_typed_too(
        qloop, flowdeck_home, qtbot):
    async def body(w):
        w.search.set_universe(StaticUniverse())
        await wait_until(lambda: w.search.search.index.has_aliases, 10)
        qtbot.keyClicks(w.view, "700")  # every key sent to the table itself
        quick = w.search.quick
        assert quick.edit.text() == "700"
        assert quick.completer.popup().model().index(0, 0).data() == "HK.00700"

    run_window(qloop, body)


def test_shortcuts_and_navigation_keys_stay_the_tables(qloop, flowdeck_home, qtbot):
    async def body(w):
        await wait_until(lambda: w.view.flow_model.rowCount() > 2, 20)
        w.view.setFocus()
        w.view.selectRow(0)
        quick = w.search.quick
        qtbot.keyClick(w.view, Qt.Key.Key_Down)
        assert w.view.currentIndex().row() == 1
        for key, modifier in ((Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
                              (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
                              (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
                              (Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)):
            qtbot.keyClick(w.view, key, modifier)
            assert not quick.isVisible(), key
        qtbot.keyClick(w.view, Qt.Key.Key_A)
        assert quick.isVisible() and quick.edit.text() == "a"

    run_window(qloop, body)


def test_a_chinese_word_typed_in_the_table_in_traditional_finds_the_simplified_name(
        qloop, flowdeck_home, qtbot):
    """A Hong Kong trader types 騰訊 in an English window: found (腾讯控股 in Simplified)."""
    async def body(w):
        await wait_until(lambda: w.store.universe is not None, 20)
        assert w.store.info("HK.00700").name_zh == "腾讯控股"  # its Simplified name
        w.search.set_universe(w.store.universe)
        await wait_until(lambda: w.search.search.index.has_aliases, 30)
        commit_text(w.view, "騰訊")
        quick = w.search.quick
        assert quick.isVisible() and quick.edit.text() == "騰訊"
        model = quick.completer.popup().model()
        assert model.index(0, 0).data() == "HK.00700"
        qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
        await wait_until(lambda: w.view.current_code() == "HK.00700", 20)

    run_window(qloop, body)

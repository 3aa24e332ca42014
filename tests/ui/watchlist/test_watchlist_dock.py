"""The watchlist model (qtmodeltester, moves, drops) and the editor dock (validation as
you type, paste, remove, lists with undo, import / export, signals)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from flowdeck.core.codes import normalise_code
from flowdeck.core.watchlists import Watchlists
from flowdeck.ui.watchlist.watchlist_dock import WatchlistDock, describe_result
from flowdeck.ui.watchlist.watchlist_model import CODES_MIME, WatchlistModel
from flowdeck.ui.watchlist.watchlist_text import MAX_DETAIL_LINES, describe_details

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "US.MSFT"]


@pytest.fixture
def store() -> Watchlists:
    return Watchlists([("Main", CODES), ("Tech", ["US.NVDA"])], active="Main")


@pytest.fixture
def model(qapp, store) -> WatchlistModel:
    return WatchlistModel(store)


@pytest.fixture
def dock(qtbot, store) -> WatchlistDock:
    d = WatchlistDock(store)
    qtbot.addWidget(d)
    return d


def column(model: WatchlistModel) -> list[str]:
    return [model.data(model.index(r)) for r in range(model.rowCount())]


# -- the model -------------------------------------------------------------------------


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_model_tester_through_edits(qtmodeltester, qtlog, model, store, force_py):
    qtmodeltester.check(model, force_py=force_py)
    assert model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 5)  # rows 0-1 to the end
    assert model.move(4, 0)
    model.add_text("HK.9988 US.TSLA")
    model.remove_rows([1, 3])
    assert model.place_codes(["US.TSLA", "HK.00700"], 0)
    store.undo()  # from outside the model: a reset
    store.set_active("Tech")
    qtmodeltester.check(model, force_py=force_py)
    assert column(model) == store.codes() == ["US.NVDA"]
    # The C++ tester reports through qWarning: none may have been logged.
    assert [r.message for r in qtlog.records if "ModelTester" in r.message or
            "FAIL" in r.message] == []


def test_move_rows_follows_qt_semantics(model, store):
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # before row 3
    assert column(model) == ["US.AAPL", "SH.600519", "HK.00700", "SZ.000001", "US.MSFT"]
    assert model.moveRows(QModelIndex(), 3, 2, QModelIndex(), 0)
    assert column(model) == ["SZ.000001", "US.MSFT", "US.AAPL", "SH.600519", "HK.00700"]
    assert store.codes() == column(model)
    # Into itself, out of range, a parent: refused, nothing changes.
    for args in ((1, 2, 2), (1, 2, 3), (4, 2, 0), (0, 1, 9), (-1, 1, 0), (0, 0, 3)):
        assert not model.moveRows(QModelIndex(), args[0], args[1], QModelIndex(), args[2])
    assert not model.moveRows(model.index(0), 0, 1, QModelIndex(), 3)
    assert store.codes() == column(model)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3), st.integers(0, 5)), max_size=8))
def test_move_rows_matches_a_list_model(qapp, moves):
    store = Watchlists([("L", CODES)])
    model = WatchlistModel(store)
    expected = list(CODES)
    for source, count, dest in moves:
        ok = model.moveRows(QModelIndex(), source, count, QModelIndex(), dest)
        valid = source + count <= 5 and not source <= dest <= source + count
        assert ok == valid
        if valid:
            block = expected[source: source + count]
            rest = expected[:source] + expected[source + count:]
            at = dest if dest < source else dest - count
            expected = rest[:at] + block + rest[at:]
        assert column(model) == store.codes() == expected


def test_move_keeps_persistent_indexes(model):
    from PySide6.QtCore import QPersistentModelIndex
    held = QPersistentModelIndex(model.index(4))
    model.place_codes(["US.MSFT", "SZ.000001"], 0)
    assert column(model)[:2] == ["US.MSFT", "SZ.000001"]
    assert held.row() == 0 and held.data() == "US.MSFT"


def test_drag_mime_and_drop_reorders(model, store):
    data = model.mimeData([model.index(3), model.index(1)])
    assert data.hasFormat(CODES_MIME)
    assert data.text() == "US.AAPL\nSZ.000001"
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    # Dropped before row 0. False: the move is done, the view must not remove the rows.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    assert column(model) == ["US.AAPL", "SZ.000001", "HK.00700", "SH.600519", "US.MSFT"]
    assert store.codes() == column(model)
    # Dropped onto no row: to the end.
    data = model.mimeData([model.index(0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert column(model)[-1] == "US.AAPL"


def test_drop_of_new_codes_adds_them(model):
    data = QMimeData()
    data.setText("HK.9988, bad")
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex()) is True
    assert column(model)[-1] == "HK.09988"
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_model_remove_rows(model, store):
    assert model.removeRows(1, 2)
    assert column(model) == ["HK.00700", "SZ.000001", "US.MSFT"] == store.codes()
    assert model.remove_codes(["US.MSFT", "US.ZZZ"]) == ["US.MSFT"]
    assert not model.removeRows(5, 1)


# -- the dock --------------------------------------------------------------------------


def test_dock_names_and_combo(dock, store):
    assert dock.objectName() == "watchlistDock"
    assert [dock.combo.itemText(i) for i in range(dock.combo.count())] == ["Main", "Tech"]
    assert dock.combo.currentText() == "Main"


def test_validation_as_you_type_shows_the_1002_message(dock, store):
    dock.code_edit.setText("HK.ABCDEF")
    try:
        normalise_code("HK.ABCDEF")
    except Exception as e:  # the core's INVALID_CODE (1002) message
        expected = e.message
    assert dock.message_text() == expected
    assert "HK symbols are 1-5 digits" in dock.message_text()
    assert not dock.add_button.isEnabled()
    dock.code_edit.setText("HK.700")
    assert dock.message_text() == "HK.00700 is already in the list"
    assert not dock.add_button.isEnabled()
    dock.code_edit.setText("hk.9988")
    assert dock.message_text() == "" and dock.add_button.isEnabled()
    dock.add_button.click()
    assert store.codes()[-1] == "HK.09988" and dock.code_edit.text() == ""


def test_enter_adds_and_bad_text_stays(dock, store, qtbot):
    dock.code_edit.setText("US.BRK.B")
    qtbot.keyClick(dock.code_edit, Qt.Key.Key_Return)
    assert store.codes()[-1] == "US.BRK.B"
    dock.code_edit.setText("XX.1")
    qtbot.keyClick(dock.code_edit, Qt.Key.Key_Return)
    assert dock.code_edit.text() == "XX.1" and "XX.1" in dock.message_text()


def test_paste_lists_invalid_adds_valid_ignores_duplicates(dock, store):
    seen = []
    dock.active_changed.connect(seen.append)
    result = dock.paste_text("HK.700\nUS.TSLA, SH.12345  US.TSLA;SZ.000002\nfoo")
    assert result.added == ["US.TSLA", "SZ.000002"]
    assert result.duplicates == ["HK.00700", "US.TSLA"]
    assert [t for t, _ in result.invalid] == ["SH.12345", "foo"]
    text = dock.message_text()
    assert "Added 2 codes." in text and "2 already in the list" in text
    assert "2 invalid" in text and "\n" not in text  # the list is in the details
    details = dock.details_text()
    assert "SH.12345: invalid stock code 'SH.12345': SH symbols are exactly 6 digits" in details
    assert "foo:" in details
    assert store.codes() == [*CODES, "US.TSLA", "SZ.000002"]
    assert column(dock.model) == store.codes()
    assert seen == [store.codes()]


def test_paste_clipboard(dock, store, qapp):
    qapp.clipboard().setText("US.AMD\nUS.INTC")
    dock.paste_clipboard()
    assert store.codes()[-2:] == ["US.AMD", "US.INTC"]


def test_describe_result_is_one_line_and_the_details_are_capped():
    store = Watchlists([("L", [])])
    result = store.add_text(" ".join(f"bad{i}" for i in range(MAX_DETAIL_LINES + 20)))
    assert describe_result(result) == f"Added 0 codes. {MAX_DETAIL_LINES + 20} invalid."
    assert "and 20 more" in describe_details(result)
    assert f"bad{MAX_DETAIL_LINES - 1}:" in describe_details(result)


def test_remove_selected_and_undo(dock, store):
    selection = dock.view.selectionModel()
    for row in (0, 2):
        selection.select(dock.model.index(row), selection.SelectionFlag.Select)
    assert dock.remove_selected() == ["HK.00700", "SH.600519"]
    assert column(dock.model) == ["US.AAPL", "SZ.000001", "US.MSFT"]
    assert dock.undo()
    assert column(dock.model) == CODES


def test_delete_and_undo_restores_the_list(dock, store):
    changed = []
    dock.changed.connect(lambda: changed.append(1))
    assert dock.delete_list("Main")
    assert store.names() == ["Tech"] and store.active == "Tech"
    assert dock.combo.currentText() == "Tech" and column(dock.model) == ["US.NVDA"]
    assert "Undo" in dock.message_text()
    assert not dock.delete_button.isEnabled()  # the last list stays
    assert not dock.delete_list()
    assert dock.undo_button.isEnabled()
    dock.undo_button.click()
    assert store.names() == ["Main", "Tech"] and store.active == "Main"
    assert store.codes("Main") == CODES and column(dock.model) == CODES
    assert dock.combo.currentText() == "Main"
    assert len(changed) == 2


def test_create_rename_and_switch(dock, store):
    seen = []
    dock.active_changed.connect(seen.append)
    assert dock.create_list("Banks")
    assert store.active == "Banks" and dock.combo.currentText() == "Banks"
    assert seen == [[]]
    assert not dock.create_list("banks")  # duplicate (case-insensitive)
    assert "already exists" in dock.message_text()
    assert dock.rename_list("HK banks")
    assert dock.combo.currentText() == "HK banks"
    dock.combo.activated.emit(dock.combo.findText("Tech"))
    assert store.active == "Tech" and column(dock.model) == ["US.NVDA"]
    assert seen[-1] == ["US.NVDA"]


def test_name_dialogs_are_non_modal(dock, store):
    dialog = dock.ask_rename_list()
    assert isinstance(dialog, QInputDialog)
    assert dialog.isVisible() and dialog.textValue() == "Main"
    dialog.setTextValue("Core")
    dialog.accept()
    assert store.names() == ["Core", "Tech"]
    dialog = dock.ask_new_list()
    dialog.setTextValue("")
    dialog.accept()
    assert dock.message_text() == "watchlist name is empty"


def test_import_export_round_trip(dock, store, tmp_path):
    for name in ("codes.txt", "codes.csv"):
        path = tmp_path / name
        assert dock.export_file(path)
        text = path.read_text("utf-8")
        lines = text.splitlines()
        assert lines[-len(CODES):] == CODES
        assert lines[0] == ("code" if name.endswith(".csv") else CODES[0])
        dock.create_list(f"from {name}")
        result = dock.import_file(path)
        assert result is not None and result.added == CODES
        assert column(dock.model) == CODES
        assert f"{name}: Added 5 codes." in dock.message_text()


def test_import_lists_bad_lines_and_missing_file(dock, store, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("HK.700\nUS.GOOG\nNOT A CODE\n", "utf-8")
    result = dock.import_file(path)
    assert result.added == ["US.GOOG"] and result.duplicates == ["HK.00700"]
    assert "3 invalid" in dock.message_text() and "NOT" in dock.details_text()
    assert dock.import_file(tmp_path / "missing.txt") is None
    assert "missing.txt" in dock.message_text()


def test_file_dialogs_are_non_modal(dock):
    for dialog in (dock.ask_import(), dock.ask_export()):
        assert isinstance(dialog, QFileDialog) and dialog.isVisible()
        dialog.close()


def test_model_and_dock_stop_listening_when_deleted(qtbot, store):
    d = WatchlistDock(store)
    before = len(store.listeners)
    d.deleteLater()
    qtbot.waitUntil(lambda: len(store.listeners) < before)
    store.add_text("US.AMZN")  # no call into deleted Qt objects

"""The live table's header as a user works it: a click on a section, the context menu
a right-click pops up, an entry of that menu clicked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu


def click_header(view, column: int) -> None:
    """A real left click in the middle of `column`'s header section."""
    hh = view.horizontalHeader()
    x = hh.sectionViewportPosition(column) + hh.sectionSize(column) // 2
    QTest.mouseClick(hh.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, hh.height() // 2))


def header_menu(view) -> QMenu:
    """Right-click the header; the menu it pops up."""
    hh = view.horizontalHeader()
    pos = QPoint(hh.sectionViewportPosition(0) + 5, hh.height() // 2)
    QApplication.sendEvent(hh.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, hh.viewport().mapToGlobal(pos)))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def toggle_in_menu(view, label: str) -> bool:
    """Click `label` in the header's menu; whether it was checked before."""
    menu = header_menu(view)
    action = next(a for a in menu.actions() if a.text() == label)
    was = action.isChecked()
    action.trigger()
    menu.close()
    # The menu deletes itself on close: let it go while its wrapper is still held here.
    QApplication.processEvents()
    return was

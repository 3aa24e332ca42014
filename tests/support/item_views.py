"""Clicking an item view's cells as a user does (a double-click is a press, a release
and the double-click: QAbstractItemView ignores a double-click on an index it did not
see pressed)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView


def cell_point(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    view.scrollTo(index)
    return view.visualRect(index).center()


def double_click(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    point = cell_point(view, index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)

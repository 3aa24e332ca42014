"""Where the main window's layout lives and how big it may be: the QSettings file and
its keys (fixed, with no version in them, so an upgrade keeps the layout), the first
size, and the room kept for the table's rows. The first window fits the screen's
available area (a laptop's 1366x768 too) and a saved one larger than the screen is
brought back inside it."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QStyle, QTableView, QWidget

from ...storage import paths
from ...storage.private_files import private_file

KEY_GEOMETRY = "mainWindow/geometry"
KEY_STATE = "mainWindow/state"
KEY_HEADER = "table/header"
SETTINGS_FILE_NAME = "window.ini"
FIRST_SIZE = QSize(1440, 900)  # the first window on a screen that has room for it
# Room for the title bar and borders a window manager adds around the window.
FRAME_ALLOWANCE = QSize(16, 48)
MIN_TABLE_ROWS = 10
# Below these the chart's time axis and the alert log's columns are unreadable; with the
# watchlist editor's own minimum they make a window about 880 px wide at its smallest.
MIN_CHART_WIDTH = 320
MIN_ALERT_LOG_WIDTH = 200


def window_settings() -> QSettings:
    """QSettings of organisation "FlowDeck", app "flowdeck"; under FLOWDECK_HOME an INI
    file in its state dir (tests and the self-test never touch the user's settings)."""
    # Qt rewrites the file keeping its mode: made 0600 first, it stays private.
    if paths.home_dir() is not None:
        file = private_file(paths.ensure_dir(paths.state_dir()) / SETTINGS_FILE_NAME)
        return QSettings(str(file), QSettings.Format.IniFormat)
    settings = QSettings("FlowDeck", "flowdeck")
    if os.name == "posix" and sys.platform != "darwin":  # an INI file, not a plist
        private_file(settings.fileName())
    return settings


def table_height(view: QTableView, rows: int) -> int:
    """The table's height with `rows` full rows in view, its header and a horizontal
    scroll bar (the 23 columns never fit a small window)."""
    return (view.horizontalHeader().sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
            + view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            + 2 * view.frameWidth())


def fit_to_screen(window: QWidget) -> None:
    """Within the screen's available area (less room for the window frame): the first
    window as large as FIRST_SIZE allows, a saved one shrunk and moved inside."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    room = area.size() - FRAME_ALLOWANCE
    size = window.size().boundedTo(room).expandedTo(window.minimumSizeHint())
    if size != window.size():
        window.resize(size)
    rect = QRect(window.pos(), size)
    if not area.contains(rect):
        rect.moveCenter(area.center())
        # A screen smaller than the window's minimum: its top left corner on screen.
        window.move(max(rect.left(), area.left()), max(rect.top(), area.top()))


def restore_window_layout(window: QMainWindow, settings: QSettings, view) -> None:
    """The saved geometry (brought inside the screen), docks and table header of
    `window` (its FlowTableView `view`), each kept as it is when none was saved."""
    geometry = settings.value(KEY_GEOMETRY)
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    fit_to_screen(window)
    state = settings.value(KEY_STATE)
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    header = settings.value(KEY_HEADER)
    if isinstance(header, QByteArray) and not header.isEmpty():
        view.restore_header_state(bytes(header.data()))
        # A layout saved with K/M/B may be too narrow for 万/亿 now.
        view.fit_columns(view.flow_model.text.amount_units)


def save_window_layout(window: QMainWindow, settings: QSettings, view) -> None:
    settings.setValue(KEY_GEOMETRY, window.saveGeometry())
    settings.setValue(KEY_STATE, window.saveState())
    settings.setValue(KEY_HEADER, QByteArray(view.header_state()))
    settings.sync()

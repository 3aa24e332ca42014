"""The system tray icon: its picture per connection state, its menu (show/hide, pause
alerts, alert log, quit) and its balloon messages.

The tray only reports what the user asked (signals); the window decides. Icons are
painted here rather than loaded from files so that every state and size stays in step
with the code, and the frozen app carries no extra resources for them.
"""

from __future__ import annotations

import enum
import time

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class TrayState(enum.Enum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    ALERT = "alert"  # an alert the user has not seen yet


ICON_SIZES = (16, 22, 32, 64)
DISC_COLORS = {TrayState.CONNECTED: QColor("#2e8b57"), TrayState.DISCONNECTED: QColor("#8a8a8a"),
               TrayState.ALERT: QColor("#f39c12")}
_BADGE_RED = QColor("#d32f2f")
_PAUSE_BG = QColor("#263238")
_TOOLTIPS = {TrayState.CONNECTED: QT_TRANSLATE_NOOP("Tray", "live"),
             TrayState.DISCONNECTED: QT_TRANSLATE_NOOP("Tray", "disconnected"),
             TrayState.ALERT: QT_TRANSLATE_NOOP("Tray", "new alert")}
# Bar heights as fractions of the glyph box: rising when data flows, flat when it does not,
# so the states differ in shape as well as colour (green and amber are close for some).
_RISING = (0.35, 0.65, 1.0)
_FLAT = (0.18, 0.18, 0.18)
PAUSE_CHOICES = (("trayPause15m", QT_TRANSLATE_NOOP("Tray", "15 minutes"), 15 * 60.0),
                 ("trayPause1h", QT_TRANSLATE_NOOP("Tray", "1 hour"), 3600.0),
                 ("trayPauseUntilResumed", QT_TRANSLATE_NOOP("Tray", "Until resumed"), None))
# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


def _paint(size: int, state: TrayState, paused: bool) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    p.setPen(QPen(DISC_COLORS[state].darker(140), max(1.0, s / 32)))
    p.setBrush(DISC_COLORS[state])
    inset = max(0.5, s / 32)
    p.drawEllipse(QRectF(inset, inset, s - 2 * inset, s - 2 * inset))
    # Bars snap to whole pixels so that 16 px stays crisp instead of three grey smudges.
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    bar = max(2, round(s * 0.14))
    gap = max(1, round(s * 0.06))
    left = round((s - (3 * bar + 2 * gap)) / 2)
    bottom = round(s * 0.74)
    box = round(s * 0.48)
    heights = _FLAT if state is TrayState.DISCONNECTED else _RISING
    for i, h in enumerate(heights):
        height = max(2, round(box * h))
        p.drawRect(left + i * (bar + gap), bottom - height, bar, height)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if state is TrayState.ALERT:
        r = s * 0.2  # an unread-badge dot, top right
        p.setBrush(_BADGE_RED)
        p.setPen(QPen(QColor("white"), max(1.0, s / 32)))
        p.drawEllipse(QPointF(s - r - inset, r + inset), r, r)
    if paused:
        _paint_pause(p, s)
    p.end()
    return pixmap


def _paint_pause(p: QPainter, s: float) -> None:
    """A dark square with two white bars, bottom right, over the glyph."""
    side = round(s * 0.56)
    x = y = round(s) - side
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_PAUSE_BG)
    p.drawRoundedRect(QRectF(x, y, side, side), s * 0.08, s * 0.08)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setBrush(QColor("white"))
    bar = max(2, round(side * 0.22))
    gap = max(1, round(side * 0.16))
    height = round(side * 0.6)
    top = y + (side - height) // 2
    start = x + (side - (2 * bar + gap)) // 2
    p.drawRect(start, top, bar, height)
    p.drawRect(start + bar + gap, top, bar, height)


def tray_icon_for(state: TrayState, paused: bool = False) -> QIcon:
    """The tray picture: a flow glyph on a disc coloured by `state` (green live, grey
    disconnected, amber with a red dot for an unseen alert), a pause mark when paused.
    Each size is painted for itself rather than scaled, so 16 px stays legible."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(_paint(size, state, paused))
    return icon


def paused_text(until: float | None) -> str:
    """`"Alerts paused until 14:05"` (local time) or `"Alerts paused until resumed"`."""
    if until is None:
        return translate("Tray", "Alerts paused until resumed")
    return translate("Tray", "Alerts paused until {time}").format(
        time=time.strftime("%H:%M", time.localtime(until)))


class Tray(QObject):
    """A QSystemTrayIcon with FlowDeck's menu. Signals only; the window acts on them."""

    show_hide_requested = Signal()
    log_requested = Signal()
    quit_requested = Signal()
    pause_requested = Signal(object)  # seconds (float), None = until resumed, 0 = resume now
    message_clicked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = TrayState.DISCONNECTED
        self._paused: float | bool | None = False
        self._drawn: tuple[TrayState, bool] | None = None
        self._window_visible = True
        # QSystemTrayIcon does not own its menu, and a QMenu cannot have a QObject parent:
        # the menu goes when the tray does.
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.destroyed.connect(self.menu.deleteLater)
        self._icon = QSystemTrayIcon(self)
        self._build_menu()
        self._icon.setContextMenu(self.menu)
        self._icon.activated.connect(self._on_activated)
        self._icon.messageClicked.connect(self.message_clicked)
        # The menu is a window of its own, so it gets LanguageChange; this QObject does not.
        self.menu.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt calls it
        if watched is self.menu and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.pause_menu.setTitle(self.tr("Pause alerts"))
        for name, text, _seconds in PAUSE_CHOICES:
            self.pause_actions[name].setText(self.tr(text))
        self.resume_action.setText(self.tr("Resume alerts"))
        self.log_action.setText(self.tr("Open alert log"))
        self.quit_action.setText(self.tr("Quit"))
        self.set_window_visible(self._window_visible)
        self._refresh()

    def _build_menu(self) -> None:
        m = self.menu
        # Texts: retranslate().
        self.show_hide_action = _action(m, "trayShowHide", self.show_hide_requested)
        m.addSeparator()
        self.paused_label = _action(m, "trayPausedLabel", None)
        self.paused_label.setEnabled(False)  # information, not a command
        self.pause_menu = m.addMenu("")
        self.pause_menu.setObjectName("trayPauseMenu")
        self.pause_actions: dict[str, QAction] = {}
        for name, _text, seconds in PAUSE_CHOICES:
            action = _action(self.pause_menu, name, None)
            action.triggered.connect(lambda *_, s=seconds: self.pause_requested.emit(s))
            self.pause_actions[name] = action
        self.resume_action = _action(m, "trayResume", None)
        self.resume_action.triggered.connect(lambda *_: self.pause_requested.emit(0))
        self.log_action = _action(m, "trayOpenLog", self.log_requested)
        m.addSeparator()
        self.quit_action = _action(m, "trayQuit", self.quit_requested)

    @staticmethod
    def available() -> bool:
        """Whether a tray exists to show the icon in. supportsMessages() is no test: it
        says True on a bare X server with no tray at all."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def tray_icon(self) -> QSystemTrayIcon:
        return self._icon

    def show(self) -> None:
        self._icon.show()

    def hide(self) -> None:
        self._icon.hide()

    def is_visible(self) -> bool:
        return self._icon.isVisible()

    @property
    def state(self) -> TrayState:
        return self._state

    @property
    def paused(self) -> bool:
        return self._paused is not False

    def set_state(self, state: TrayState) -> None:
        self._state = state
        self._refresh()

    def set_paused(self, until: float | bool | None) -> None:
        """`until`: epoch seconds (time.time()) when alerts resume, None (or True) until
        resumed, False not paused."""
        if until is True:
            until = None
        elif until is not None and not until:
            until = False  # 0 too: pause_requested's "resume now"
        self._paused = until
        self._refresh()

    def set_window_visible(self, visible: bool) -> None:
        self._window_visible = visible
        self.show_hide_action.setText(self.tr("Hide window") if visible
                                      else self.tr("Show window"))

    def show_message(self, title: str, body: str, msecs: int = 10000) -> None:
        self._icon.showMessage(title, body, tray_icon_for(self._state), msecs)

    def _refresh(self) -> None:
        paused = self._paused is not False
        if self._drawn != (self._state, paused):
            # The window sets the state every second: repaint (and, on X11, resend the
            # icon to the tray) only when it changes.
            self._drawn = (self._state, paused)
            self._icon.setIcon(tray_icon_for(self._state, paused))
        tip = f"FlowDeck — {self.tr(_TOOLTIPS[self._state])}"
        label = paused_text(self._paused) if self._paused is not False else ""
        if label:
            tip += f"\n{label}"
        self._icon.setToolTip(tip)
        self.paused_label.setText(label)
        self.paused_label.setVisible(paused)
        self.resume_action.setEnabled(paused)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_hide_requested.emit()


def _action(menu: QMenu, name: str, signal) -> QAction:
    action = menu.addAction("")
    action.setObjectName(name)
    if signal is not None:
        action.triggered.connect(lambda *_: signal.emit())
    return action

"""How an alert reaches the user: adapters behind one `notify(alert, units)`, picked once
by `choose_notifier` (after qutebrowser's notification adapters): the tray's balloon when
a system tray exists, else a banner in the window; a beep on top when sound is on.

Pausing, the alert log and the tray's unseen-alert state are the caller's business; a
notifier only shows."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ..core.alerts import Alert
from .banner import BannerArea
from .tray import Tray

#: Alert banners kept at once; older ones are dismissed (a storm must not fill the window).
MAX_ALERT_BANNERS = 5
BANNER_LEVEL = "info"  # alerts are news, not faults: not the warning or error colours


class Notifier(Protocol):
    name: str

    def notify(self, alert: Alert, units: str = "kmb") -> None: ...


def message_body(alert: Alert, units: str = "kmb") -> str:
    """The body, with the rule's note on its own line when it has one."""
    body = alert.body(units)
    return f"{body}\n{alert.rule.note}" if alert.rule.note else body


class TrayNotifier:
    """A balloon from the tray icon (one at a time: a new alert replaces the last)."""

    name = "tray"

    def __init__(self, tray: Tray) -> None:
        self.tray = tray

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        self.tray.show_message(alert.title(units), message_body(alert, units))


class BannerNotifier:
    """A banner per (code, field) in the window, updated in place when it fires again."""

    name = "banner"

    def __init__(self, banners: BannerArea) -> None:
        self.banners = banners
        self._keys: OrderedDict[str, None] = OrderedDict()

    @staticmethod
    def key(alert: Alert) -> str:
        return f"alert:{alert.code}:{alert.field}"

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        key = self.key(alert)
        text = f"🔔 {alert.title(units)} — {message_body(alert, units).replace(chr(10), ' — ')}"
        banner = self.banners.show_message(key, text, BANNER_LEVEL)
        # Codes and notes are data: a note such as "<b>buy</b>" must show as typed.
        banner.label.setTextFormat(Qt.TextFormat.PlainText)
        self._keys.pop(key, None)
        self._keys[key] = None
        while len(self._keys) > MAX_ALERT_BANNERS:
            old, _ = self._keys.popitem(last=False)
            stale = self.banners.banner(old)
            if stale is not None:
                stale.dismiss()


class BeepNotifier:
    """The system beep, then the wrapped notifier."""

    name = "beep"

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        QApplication.beep()
        self.inner.notify(alert, units)


def choose_notifier(tray: Tray | None, banners: BannerArea, sound: bool = False) -> Notifier:
    """The tray when there is one to show it in, else banners; chosen once, at start-up
    (QSystemTrayIcon.isSystemTrayAvailable() only: supportsMessages() says True on a
    bare X server)."""
    notifier: Notifier = (TrayNotifier(tray) if tray is not None and Tray.available()
                          else BannerNotifier(banners))
    return BeepNotifier(notifier) if sound else notifier

"""How an alert reaches the user: adapters behind one `notify(alert, units)`, picked once
by `choose_notifier` (after qutebrowser's notification adapters): the tray's balloon when
a system tray exists, else a banner in the window; a beep on top when sound is on.

Pausing, the alert log and the tray's unseen-alert state are the caller's business; a
notifier only shows."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from ...core.alerts import Alert
from ..look.banner import BannerArea
from .alert_text import alert_body, alert_title
from .tray import Tray

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate

#: Alert banners kept at once; older ones are dismissed (a storm must not fill the window).
BANNER_LEVEL = "info"  # alerts are news, not faults: not the warning or error colours


class Notifier(Protocol):
    name: str

    def notify(self, alert: Alert, units: str = "kmb") -> None: ...

    def notify_more(self, count: int) -> None:
        """`count` further alerts of the same batch, summed up in one message."""


def message_body(alert: Alert, units: str = "kmb") -> str:
    """The body, with the rule's note on its own line when it has one."""
    body = alert_body(alert, units)
    return f"{body}\n{alert.rule.note}" if alert.rule.note else body


class TrayNotifier:
    """A balloon from the tray icon (one at a time: a new alert replaces the last)."""

    name = "tray"

    def __init__(self, tray: Tray) -> None:
        self.tray = tray

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        self.tray.show_message(alert_title(alert, units), message_body(alert, units))

    def notify_more(self, count: int) -> None:
        self.tray.show_message(
            translate("Notifiers", "{n} more alerts").format(n=count),
            translate("Notifiers", "They are in the alert log (Open alert log in this menu)."))


class BannerNotifier:
    """One banner in the window for alerts: the latest, and how many came since the
    banner was last dismissed (the alert log dock lists them all). A banner per alert
    would push the table off the screen when many rules fire in one batch."""

    name = "banner"
    KEY = "alerts"

    def __init__(self, banners: BannerArea) -> None:
        self.banners = banners
        self.count = 0  # alerts since the banner was last dismissed
        self._latest = ""

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        self.count = self.count + 1 if self.banners.banner(self.KEY) is not None else 1
        # Plain "Alert:" rather than a bell emoji: CJK fonts here have no emoji glyph.
        text = translate("Notifiers", "Alert: {title} — {body}").format(
            title=alert_title(alert, units),
            body=message_body(alert, units)).replace("\n", " — ")
        self._latest = text
        if self.count > 1:
            text += self._more()
        banner = self.banners.show_message(self.KEY, text, BANNER_LEVEL)
        # Codes and notes are data: a note such as "<b>buy</b>" must show as typed.
        banner.label.setTextFormat(Qt.TextFormat.PlainText)

    def _more(self) -> str:
        return translate("Notifiers", "  (+{n} more in the alert log)").format(n=self.count - 1)

    def notify_more(self, count: int) -> None:
        if self.banners.banner(self.KEY) is None:
            return
        self.count += count
        self.banners.show_message(self.KEY, self._latest + self._more(), BANNER_LEVEL)


class BeepNotifier:
    """The system beep, then the wrapped notifier."""

    name = "beep"

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        QApplication.beep()
        self.inner.notify(alert, units)

    def notify_more(self, count: int) -> None:
        self.inner.notify_more(count)


def choose_notifier(tray: Tray | None, banners: BannerArea, sound: bool = False) -> Notifier:
    """The tray when there is one to show it in, else banners; chosen once, at start-up
    (QSystemTrayIcon.isSystemTrayAvailable() only: supportsMessages() says True on a
    bare X server)."""
    notifier: Notifier = (TrayNotifier(tray) if tray is not None and Tray.available()
                          else BannerNotifier(banners))
    return BeepNotifier(notifier) if sound else notifier

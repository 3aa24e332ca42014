"""Data-stale alerts in the window: the live layer's StaleWatch (live/stale.py) on the
window's store and Follower, checked once a second on a Qt timer, its alerts written to
the alert log (the AlertCenter's pipeline), shown in the alert log dock, and put to the
channels [stale] names once the window has Deliveries (`set_deliveries`).

Each check reads [stale], the units and the language from the window as they are then,
so Settings need no call of their own (a parse of a three-key table a second)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from ...live.stale import Puts, StaleWatch
from ...storage.stale_settings import stale_settings
from ..look.i18n import amount_units
from .host import AlertsHost

CHECK_MS = 1000


class WindowStale(QObject):
    """Built by WindowAlerts; it checks from then on (before the Follower runs there is
    nothing to judge)."""

    def __init__(self, window: AlertsHost, write_log: Callable[[list[dict]], None],
                 dock, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 epoch: Callable[[], float] = time.time, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.window = window
        settings, self.problems = stale_settings(window.config)
        self.watch = StaleWatch(window.store, settings, source=window.follower.source,
                                write_log=write_log, clock=clock, epoch=epoch)
        window.follower.add_state_listener(self.watch.on_state)
        self.watch.add_listener(dock.add_entries)
        self.timer = QTimer(self, interval=interval_ms, timeout=self.check)
        self.timer.start()
        # A closed window is hidden, not deleted: its checks would go on judging a
        # store nobody follows, and alert on it.
        window.closed.connect(self.timer.stop)

    def set_deliveries(self, deliveries: Puts | None) -> None:
        """The window's Deliveries: alerts go to the [stale] channels from now on."""
        self.watch.deliveries = deliveries

    def check(self) -> list[dict]:
        """One check with the settings as they are now; the payloads told."""
        settings, self.problems = stale_settings(self.window.config)
        if settings != self.watch.settings:
            self.watch.set_settings(settings)
        lang = self.window.model.text.lang
        self.watch.units, self.watch.lang = amount_units(self.window.config.units, lang), lang
        return self.watch.check()

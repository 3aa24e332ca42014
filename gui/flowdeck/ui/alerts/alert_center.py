"""Alerts in the window: the core's engine run on every applied batch, each firing
logged to disk first, then shown (tray, or a banner without a tray) unless paused.

Pausing mutes notifications only: rules keep being evaluated and firings keep being
logged, so resuming neither fires a burst of old conditions nor loses what happened.
The log is written before anyone is told; when the disk refuses (full, no permission)
the firings stay queued in the AlertLog and are retried on the next firing and every
RETRY_MS, and `log_failed` says so once per failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.alert_rules import Rule
from ...core.alerts import Alert, AlertEngine
from ...core.batch import Batch
from ...storage.alert_log import AlertLog
from ...storage.atomic import StorageError
from .notifiers import Notifier

RETRY_MS = 30_000
# Notifications per batch: when many rules fire at once (a market-wide move), a desktop
# full of notifications helps nobody; the rest are summed up in one, all are logged.
MAX_NOTIFICATIONS = 3

log = logging.getLogger("flowdeck.alerts")


class AlertCenter(QObject):
    fired = Signal(list)          # list[Alert], after they are logged
    log_failed = Signal(str)      # a message for people
    log_recovered = Signal()
    paused_changed = Signal(object)  # until (epoch seconds), None = until resumed, False = not

    def __init__(self, rules: Sequence[Rule], watchlists: Mapping[str, Sequence[str]],
                 alert_log: AlertLog | None, notifier: Notifier | None = None,
                 *, units: str = "kmb", clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = AlertEngine(rules, watchlists)
        self.alert_log = alert_log
        self.notifier = notifier
        self.units = units
        self.fired_count = 0
        self.notified = 0   # notifications handed to the notifier
        self._clock = clock
        self._watchlists = dict(watchlists)
        self._paused: float | bool | None = False
        self._log_failing = False
        self._retry = QTimer(self, interval=RETRY_MS, timeout=self._retry_log)

    # --- rules -------------------------------------------------------------------------

    @property
    def rules(self) -> list[Rule]:
        return list(self.engine.rules)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        self.engine.set_rules(rules, self._watchlists)

    def set_watchlists(self, watchlists: Mapping[str, Sequence[str]]) -> None:
        self._watchlists = dict(watchlists)
        self.engine.set_rules(self.engine.rules, self._watchlists)

    # --- pause -------------------------------------------------------------------------

    def pause(self, seconds: float | None) -> None:
        """Mute notifications for `seconds` (None: until resumed; 0: resume now)."""
        if seconds == 0:
            self._paused = False
        else:
            self._paused = None if seconds is None else self._clock() + float(seconds)
        self.paused_changed.emit(self._paused)

    def resume(self) -> None:
        self.pause(0)

    def paused(self) -> float | bool | None:
        """False when not paused, else the epoch second it ends (None: until resumed)."""
        if self._paused not in (False, None) and self._clock() >= self._paused:
            self._paused = False
            self.paused_changed.emit(False)
        return self._paused

    # --- batches -----------------------------------------------------------------------

    def on_batch(self, batch: Batch, restart: Collection[str] = ()) -> list[Alert]:
        """The controller's applied batch: evaluate, log, notify. Codes whose day the
        batch restarted (a snapshot after a reconnect or a new subscription) are a
        baseline: conditions already true there do not fire."""
        columns = batch.record_columns()
        baseline = set(restart)
        if batch.snapshot:
            baseline.update(columns.codes)
        alerts = self.engine.evaluate(columns, self._clock(), baseline)
        if alerts:
            self._deliver(alerts)
        return alerts

    def _deliver(self, alerts: list[Alert]) -> None:
        self.fired_count += len(alerts)
        self._write([a.to_json() for a in alerts])
        self.fired.emit(alerts)
        if self.notifier is None or self.paused() is not False:
            return
        shown = alerts if len(alerts) <= MAX_NOTIFICATIONS else alerts[:MAX_NOTIFICATIONS - 1]
        for alert in shown:
            try:
                self.notifier.notify(alert, self.units)
                self.notified += 1
            except Exception:  # a broken notifier must not lose the rest
                log.exception("notifying %s", alert.title())
        if len(shown) < len(alerts):
            try:
                self.notifier.notify_more(len(alerts) - len(shown))
            except Exception:
                log.exception("notifying %d more alerts", len(alerts) - len(shown))

    def _write(self, entries: list[dict]) -> None:
        if self.alert_log is None:
            return
        try:
            self.alert_log.append(entries)
        except StorageError as exc:
            log.warning("alert log: %s (%d waiting)", exc, self.alert_log.pending)
            if not self._log_failing:
                self._log_failing = True
                self._retry.start()
                self.log_failed.emit(
                    self.tr("Alerts could not be written to the alert log: {error}. They are "
                            "kept in memory and written as soon as the disk accepts them.")
                    .format(error=exc))
            return
        if self._log_failing:
            self._log_failing = False
            self._retry.stop()
            self.log_recovered.emit()

    def _retry_log(self) -> None:
        self._write([])

    def flush_log(self) -> None:
        """At quit: one more try for entries a full disk held back (they are lost with
        the process otherwise)."""
        if self.alert_log is not None and self.alert_log.pending:
            self._write([])

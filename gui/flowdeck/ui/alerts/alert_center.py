"""Alerts in the window: the live core's AlertPipeline (engine, log first, pause, the
snapshot-is-a-baseline rule) with Qt signals for the window's parts and the one channel
the window shows alerts through (the tray's balloon, or a banner without a tray, with a
beep when sound is on: notifiers.py), at most a few messages a batch (Summarised)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, Signal

from ...core.alert_rules import Rule
from ...core.alerts import Alert
from ...core.batch import Batch
from ...live.alerts import AlertPipeline, Paused, Summarised
from ...storage.alert_log import AlertLog
from .notifiers import Notifier


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
        self.pipeline = AlertPipeline(rules, watchlists, alert_log=alert_log, clock=clock)
        self._channel = Summarised(notifier, units)  # type: ignore[arg-type]
        self.notifier = notifier
        self.pipeline.add_fired(self.fired.emit)
        self.pipeline.add_paused_listener(self.paused_changed.emit)
        self.pipeline.add_log_listener(self._log_state)

    # --- the channel ---------------------------------------------------------------------

    @property
    def notifier(self) -> Notifier | None:
        return self._channel.channel

    @notifier.setter
    def notifier(self, notifier: Notifier | None) -> None:
        self._channel.channel = notifier  # type: ignore[assignment]
        if notifier is None:
            if self._channel in self.pipeline.notifiers:
                self.pipeline.remove_notifier(self._channel)
        elif self._channel not in self.pipeline.notifiers:
            self.pipeline.add_notifier(self._channel)

    @property
    def units(self) -> str:
        return self._channel.units

    @units.setter
    def units(self, units: str) -> None:
        self._channel.units = units

    @property
    def notified(self) -> int:
        """Alerts handed to the channel one by one."""
        return self._channel.notified

    @property
    def fired_count(self) -> int:
        return self.pipeline.fired_count

    # --- rules and pause -----------------------------------------------------------------

    @property
    def rules(self) -> list[Rule]:
        return self.pipeline.rules

    def set_rules(self, rules: Sequence[Rule]) -> None:
        self.pipeline.set_rules(rules)

    def set_watchlists(self, watchlists: Mapping[str, Sequence[str]]) -> None:
        self.pipeline.set_watchlists(watchlists)

    def pause(self, seconds: float | None) -> None:
        """Mute notifications for `seconds` (None: until resumed; 0: resume now)."""
        self.pipeline.pause(seconds)

    def resume(self) -> None:
        self.pipeline.resume()

    def paused(self) -> Paused:
        """False when not paused, else the epoch second it ends (None: until resumed)."""
        return self.pipeline.paused()

    # --- batches and the log -------------------------------------------------------------

    def on_arrival(self, batch: Batch) -> bool:
        """The Follower's urgent hook: batches are evaluated as they arrive; a firing
        makes the Follower write the batch at once."""
        return self.pipeline.on_arrival(batch)

    def on_batch(self, batch: Batch, restart: Sequence[str] = ()) -> list[Alert]:
        return self.pipeline.on_batch(batch, restart)

    def retry_log(self) -> None:
        """What the retry timer does: try held-back entries again."""
        self.pipeline.retry_log()

    def flush_log(self) -> None:
        """At quit: one more try for entries a full disk held back."""
        self.pipeline.flush_log()

    def _log_state(self, error: str | None) -> None:
        if error is None:
            self.log_recovered.emit()
            return
        self.log_failed.emit(
            self.tr("Alerts could not be written to the alert log: {error}. They are "
                    "kept in memory and written as soon as the disk accepts them.")
            .format(error=error))

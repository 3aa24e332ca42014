"""The window's alerts beyond the tray: the Deliveries (live/delivery.py) over the data
folder's outbox, a notifier after the tray's, so a channel never delays the balloon.

MainWindow builds it after WindowAlerts and hands `deliveries` to Settings > Channels
(`WindowChannels.attach`), which builds the channels from the settings and secrets
and gives them to `Deliveries.set_channels` after every save: that is the one call
to make when the channels change. The data-stale alerts (WindowStale) put to it too.

A banner says once that a channel fails (while it keeps failing, a new error only
updates the text of a banner still shown; a dismissed one stays away), and goes when
the channel delivers again. An outbox that cannot be opened (a read-only data folder)
is said in a banner and the window runs without channels."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject

from ...core.alerts import Alert
from ...live.delivery import Deliveries
from ...live.delivery_state import ChannelState
from ...storage.atomic import StorageError
from ...storage.delivery_settings import delivery_expire_s
from ...storage.outbox import Outbox, outbox_path
from ..look.i18n import amount_units
from .window_alerts import WindowAlerts

log = logging.getLogger("flowdeck.delivery")
BANNER_PREFIX = "channel:"
OUTBOX_BANNER = "outbox"


class WindowDelivery(QObject):
    def __init__(self, window, alerts: WindowAlerts, parent: QObject | None = None, *,
                 deliveries: Deliveries | None = None) -> None:
        """`deliveries`: made here over the data folder's outbox unless given."""
        super().__init__(parent)
        self.window, self.alerts = window, alerts
        self.deliveries: Deliveries | None = None
        self._failing: set[str] = set()  # channels whose failure a banner said
        self._problems: list[str] = []   # [delivery]'s, logged once
        if deliveries is None:
            try:
                outbox = Outbox(outbox_path())
            except StorageError as exc:
                log.warning("%s", exc)
                error = str(exc)
                window.banners.show_message(OUTBOX_BANNER, lambda: self.tr(
                    "Alerts cannot go to channels beyond the tray: {error}")
                    .format(error=error))
                return
            deliveries = Deliveries(outbox, alert_log=alerts.alert_log)
        self.deliveries = deliveries
        deliveries.names = self._name_of
        deliveries.add_outbox_listener(self._outbox)
        self.deliveries.add_state_listener(self._state)
        self.deliveries.add_mark_listener(alerts.dock.add_entries)
        # After the tray's: the pipeline tells its notifiers in order.
        alerts.center.pipeline.add_notifier(self)
        alerts.stale.set_deliveries(self.deliveries)

    def notify(self, alerts: Sequence[Alert]) -> None:
        """The pipeline's call: in the units and language the window shows now."""
        if self.deliveries is not None:
            self._follow_settings(self.deliveries)
            self.deliveries.notify(alerts)

    def _follow_settings(self, deliveries: Deliveries) -> None:
        """The units and language shown, and [delivery]'s expiry, as they are now."""
        lang = self.window.model.text.lang
        deliveries.units, deliveries.lang = amount_units(self.window.config.units, lang), lang
        deliveries.expire_s, problems = delivery_expire_s(self.window.config)
        if problems != self._problems:
            self._problems = problems
            for problem in problems:
                log.warning("settings: %s", problem)

    def _name_of(self, code: str) -> str:
        return self.window.store.info(code).name(self.window.model.text.lang)

    def start(self) -> None:
        """Inside the running loop: the senders start with what the outbox kept."""
        if self.deliveries is not None:
            self._follow_settings(self.deliveries)
            self.deliveries.start()

    async def close(self) -> None:
        """At quit: pending firings stay in the outbox for the next start."""
        if self.deliveries is not None:
            self.alerts.center.pipeline.remove_notifier(self)
            await self.deliveries.close()

    def _outbox(self, error: str | None) -> None:
        if error is None:
            banner = self.window.banners.banner(OUTBOX_BANNER)
            if banner is not None:
                banner.dismiss()
            return
        self.window.banners.show_message(OUTBOX_BANNER, lambda: self.tr(
            "Alerts for the channels beyond the tray cannot be written to the outbox: "
            "{error}. They are kept in memory and written as soon as the disk accepts "
            "them.").format(error=error), "error")

    def _state(self, state: ChannelState) -> None:
        key = BANNER_PREFIX + state.name
        if state.ok:
            self._failing.discard(state.name)
            banner = self.window.banners.banner(key)
            if banner is not None:
                banner.dismiss()
            return
        if state.name in self._failing and self.window.banners.banner(key) is None:
            return  # said once and dismissed: not again until it recovers
        self._failing.add(state.name)
        since = dt.datetime.fromtimestamp(state.failing_since or 0).strftime("%H:%M")
        name, error = state.name, state.last_error
        self.window.banners.show_message(key, lambda: self.tr(
            "Alerts cannot be delivered to {name} since {since}: {error}. They are kept "
            "and retried.").format(name=name, since=since, error=error), "warning")

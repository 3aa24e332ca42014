"""The AlertPipeline: the core's AlertEngine run on every batch the LiveStore takes, each
firing written to the alert log first, then handed to every Notifier unless paused.

- A snapshot is a baseline: codes whose day a batch restarted (a reconnect, a new
  subscription, a feed's own snapshot) only set the rules' state; a condition already
  true there does not fire, and their trades (the day so far) fire no trade rule.
- Trade rules (core/trade_alerts.py) read each batch's big trades (a Change's
  `trades`; a batch's as it arrives): each trade fires once, however often it comes.
- Pausing mutes the notifiers only: rules keep being evaluated and firings keep being
  logged (and told to `add_fired` listeners), so resuming neither fires a burst of old
  conditions nor loses what happened.
- The log is written before anyone is told. When the disk refuses (full, no
  permission) the firings stay queued in the AlertLog and are retried on the next
  firing and every `retry_s`; `add_log_listener` hears the failure once (the error
  text) and the recovery (None).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import Protocol, runtime_checkable

from ..core.alert_rules import Rule
from ..core.alerts import Alert, AlertEngine
from ..core.batch import Batch
from ..core.big_trades import BigTrades
from ..core.coalesce import snapshot_codes
from ..core.currency import Rates
from ..core.multiday_columns import MultiDayColumns
from ..core.trade_alerts import TradeAlerts
from ..storage.alert_log import AlertLog
from ..storage.atomic import StorageError
from .store import BATCH, Change

RETRY_S = 30.0
# Notifications per batch for channels that show one alert at a time: when many rules
# fire at once (a market-wide move), a desktop full of them helps nobody; the rest are
# summed up in one, all are logged.
MAX_NOTIFICATIONS = 3

log = logging.getLogger("flowdeck.alerts")
Paused = float | bool | None


@runtime_checkable
class Notifier(Protocol):
    """A channel alerts reach people through (tray, banner, the CLI's printer, later
    webhooks and chat): `notify` gets one batch's firings, already logged."""

    def notify(self, alerts: Sequence[Alert]) -> None: ...


class OneAtATime(Protocol):
    """A channel that shows one alert per message (the tray's balloon, a banner)."""

    def notify(self, alert: Alert, units: str = "kmb") -> None: ...

    def notify_more(self, count: int) -> None: ...


class Summarised:
    """A Notifier over a one-at-a-time channel: up to `limit` messages per batch, the
    last of them "N more" when more fired. `notified` counts alerts shown one by one."""

    def __init__(self, channel: OneAtATime, units: str = "kmb",
                 limit: int = MAX_NOTIFICATIONS) -> None:
        self.channel, self.units, self.limit = channel, units, limit
        self.notified = 0

    def notify(self, alerts: Sequence[Alert]) -> None:
        shown = alerts if len(alerts) <= self.limit else alerts[:self.limit - 1]
        for alert in shown:
            try:
                self.channel.notify(alert, self.units)
                self.notified += 1
            except Exception:  # a broken message must not lose the rest
                log.exception("notifying %s", alert.title())
        if len(shown) < len(alerts):
            try:
                self.channel.notify_more(len(alerts) - len(shown))
            except Exception:
                log.exception("notifying %d more alerts", len(alerts) - len(shown))


class AlertPipeline:
    """`on_change` is a LiveStore listener; `on_batch` evaluates one merged batch."""

    def __init__(self, rules: Sequence[Rule] | AlertEngine = (),
                 watchlists: Mapping[str, Sequence[str]] | None = None, *,
                 alert_log: AlertLog | None = None, notifiers: Sequence[Notifier] = (),
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                 retry_s: float = RETRY_S) -> None:
        self._watchlists = dict(watchlists or {})
        if isinstance(rules, AlertEngine):
            self.engine = rules
            rules = rules.rules
        else:
            self.engine = AlertEngine(rules, self._watchlists)
        self._rules = list(rules)
        self.trade_alerts = TradeAlerts(self._rules, self._watchlists)
        self.alert_log = alert_log
        self.notifiers: list[Notifier] = list(notifiers)
        self.fired_count = 0
        self.multiday: MultiDayColumns | None = None
        self.retry_s = retry_s
        self._clock, self._sleep = clock, sleep
        self._paused: Paused = False
        self._log_error: str | None = None
        self._retry: asyncio.Task | None = None
        self._fired: list[Callable[[list[Alert]], None]] = []
        self._paused_listeners: list[Callable[[Paused], None]] = []
        self._log_listeners: list[Callable[[str | None], None]] = []
        self.recall_today()

    def recall_today(self) -> int:
        """Once-a-day rules remember today's firings (this computer's date) from the
        alert log, so a restart does not fire them again the same day; how many. A log
        that cannot be read is passed over here (the window says so when it reads it)."""
        if self.alert_log is None or not any(r.once_per_day for r in self._rules):
            return 0
        try:
            entries = self.alert_log.read_day(dt.date.fromtimestamp(self._clock()))
        except StorageError as exc:
            log.warning("once-a-day rules cannot recall today's alerts: %s", exc)
            return 0
        return self.engine.recall(entries) + self.trade_alerts.recall(entries)

    # --- rules and listeners -------------------------------------------------------------

    @property
    def rules(self) -> list[Rule]:
        """Every rule, on values and on trades, in the order given."""
        return list(self._rules)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """New rules; a rule made once a day now knows whether it fired today."""
        once = {r.key for r in self._rules if r.once_per_day}
        self._rules = list(rules)
        self.engine.set_rules(self._rules, self._watchlists)
        self.trade_alerts.set_rules(self._rules, self._watchlists)
        if any(r.once_per_day and r.key not in once for r in self._rules):
            self.recall_today()

    def set_watchlists(self, watchlists: Mapping[str, Sequence[str]]) -> None:
        self._watchlists = dict(watchlists)
        self.set_rules(self._rules)

    @property
    def rates(self) -> Rates | None:
        return self.engine.rates

    def set_rates(self, rates: Rates | None) -> None:
        """The base currency's rates: rules with a threshold in one currency compare
        each code with it converted (core.rule_thresholds)."""
        self.engine.set_rates(rates)

    def set_multiday(self, provider: MultiDayColumns | None) -> None:
        """Where rules on multi-day fields (main_net_inflow_5d, main_inflow_streak) get
        their values: the archive's provider (DayHistory); None: those rules stay
        silent."""
        self.multiday = provider
        self.engine.extra = provider

    def add_notifier(self, notifier: Notifier) -> None:
        self.notifiers.append(notifier)

    def remove_notifier(self, notifier: Notifier) -> None:
        self.notifiers.remove(notifier)

    def add_fired(self, listener: Callable[[list[Alert]], None]) -> None:
        """Told every firing once logged, paused or not (the alert log view)."""
        self._fired.append(listener)

    def add_paused_listener(self, listener: Callable[[Paused], None]) -> None:
        self._paused_listeners.append(listener)

    def add_log_listener(self, listener: Callable[[str | None], None]) -> None:
        self._log_listeners.append(listener)

    # --- pause -------------------------------------------------------------------------

    def pause(self, seconds: float | None) -> None:
        """Mute notifications for `seconds` (None: until resumed; 0: resume now)."""
        if seconds == 0:
            self._paused = False
        else:
            self._paused = None if seconds is None else self._clock() + float(seconds)
        self._tell(self._paused_listeners, self._paused)

    def resume(self) -> None:
        self.pause(0)

    def paused(self) -> Paused:
        """False when not paused, else the epoch second it ends (None: until resumed)."""
        if self._paused not in (False, None) and self._clock() >= self._paused:
            self._paused = False
            self._tell(self._paused_listeners, False)
        return self._paused

    # --- batches -----------------------------------------------------------------------

    def on_change(self, change: Change) -> list[Alert]:
        if change.kind != BATCH:
            return []
        return self.on_batch(change.batch, change.restart, change.epoch, change.trades)

    def on_arrival(self, batch: Batch) -> bool:
        """A Follower's urgent hook: evaluate each batch as it arrives (not the merged
        writes: a condition that crosses and crosses back between two writes still
        fires); True when something fired, so the batch is written at once."""
        return bool(self.on_batch(batch))

    def on_batch(self, batch: Batch, restart: Collection[str] = (),
                 wall: float | None = None, trades: BigTrades | None = None) -> list[Alert]:
        """Evaluate, log, notify. `wall` is the time.time() the batch was written (the
        pipeline's clock when not given); `trades` the batch's new ones (default: all
        of the batch's)."""
        columns = batch.record_columns()
        if batch.details and self.multiday is not None:
            self.multiday.note_details(batch.details)  # today's turnover for the ratios
        baseline = set(restart)
        if batch.snapshot:
            baseline.update(columns.codes)
        wall = self._clock() if wall is None else wall
        # Prices only for rules on the day's change (change_pct): a batch's quotes are
        # 5,000 a second on a whole market, and most rule sets never read them.
        quotes = batch.quote_cols() if self.engine.wants_quotes else None
        alerts = self.engine.evaluate(columns, wall, baseline, quotes)
        trades = batch.trades if trades is None else trades
        if len(trades):
            if batch.snapshot:
                baseline.update(snapshot_codes(batch))
            alerts += self.trade_alerts.evaluate(trades, wall, baseline)
        if alerts:
            self._deliver(alerts)
        return alerts

    def _deliver(self, alerts: list[Alert]) -> None:
        self.fired_count += len(alerts)
        self._write([a.to_json() for a in alerts])
        self._tell(self._fired, alerts)
        if self.paused() is not False:
            return
        for notifier in list(self.notifiers):
            try:
                notifier.notify(alerts)
            except Exception:  # a broken channel must not keep the others silent
                log.exception("notifier %r failed", notifier)

    # --- the log -------------------------------------------------------------------------

    @property
    def log_failing(self) -> bool:
        return self._log_error is not None

    def write_log(self, entries: Sequence[dict]) -> None:
        """Entries that are no rule's firing (data-stale alerts, live/stale.py): written
        as firings are, held back and retried the same way when the disk refuses."""
        self._write(list(entries))

    def retry_log(self) -> None:
        """Try the entries a refusing disk held back again."""
        self._write([])

    def flush_log(self) -> None:
        """At quit: one more try for held-back entries (lost with the process else)."""
        if self.alert_log is not None and self.alert_log.pending:
            self._write([])

    async def close(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
            await asyncio.wait({self._retry})
            self._retry = None

    def _write(self, entries: list[dict]) -> None:
        if self.alert_log is None:
            return
        try:
            self.alert_log.append(entries)
        except StorageError as exc:
            log.warning("alert log: %s (%d waiting)", exc, self.alert_log.pending)
            if self._log_error is None:
                self._log_error = str(exc)
                self._start_retries()
                self._tell(self._log_listeners, self._log_error)
            return
        if self._log_error is not None:
            self._log_error = None
            self._tell(self._log_listeners, None)

    def _start_retries(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a script): the next firing retries
            return
        if self._retry is None or self._retry.done():
            self._retry = loop.create_task(self._retries(), name="flowdeck-alert-log-retry")

    async def _retries(self) -> None:
        while self._log_error is not None:
            await self._sleep(self.retry_s)
            self._write([])

    @staticmethod
    def _tell(listeners: list, value: object) -> None:
        for listener in list(listeners):
            try:
                listener(value)
            except Exception:
                log.exception("an alert pipeline listener failed")

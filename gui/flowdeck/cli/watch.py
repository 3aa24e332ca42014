"""`flowdeck watch`: follow codes live; print each batch and each alert as a line.

A snapshot first (evaluated as a baseline: a condition already true does not fire),
then the feed's updates, through the window's alert engine (core.alerts). A feed error
is printed to stderr and retried with backoff (1, 2, 4 ... 30 s), starting again from a
snapshot, which is a baseline again; so is a snapshot the feed sends after reconnecting
by itself (a gateway). A rule whose threshold is in one currency (`> 78M HKD`) converts
it at the settings file's [currency] rates, read only (core.rule_thresholds); big
trades are picked by its [tape] minimum values (trade rules, `flowdeck tape`). Ctrl-C,
SIGTERM and `--duration` end it with exit code 0; a
gateway refusing the client (a missing or wrong token: HTTP 401) ends it with the
gateway's message and exit code 1, since asking again would be refused again.

Text lines:
    12:37:40  snapshot   3 records  HK.00700 main -47.57M  US.AAPL main 10.33M
    ALERT 2025-03-14 10:31:00 HK.00700 Main net inflow > 50.00M: 51.20M  (note)
    ALERT 2025-03-14 10:31:05 HK.00700 Big buy >= 10M: buy 20,000 @ 525 = 10.5M
(a trade rule, `--alert "trade buy >= 10M"`: one line per trade that fires it)
JSON lines (`--json`), one object each:
    {"type": "batch", "snapshot": false, "wall": 1764074260.5, "records": [{...}, ...]}
(a snapshot's line also says whose numbers, `"source": "eastmoney"`, as the gateway's
stream does: feeds/origin.py)
    {"type": "alert", "code": ..., "field": ..., "op": ..., "threshold": ..., ...}
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from ..api.replies import Refused
from ..core.alert_rules import Rule, format_value, parse_expression
from ..core.alerts import Alert, AlertEngine
from ..core.big_trades import SIDE_NAMES
from ..core.channel_spec import ChannelSpec
from ..core.codes import parse_stock_list
from ..core.currency import Rates
from ..core.derived_fields import DERIVED_KEYS
from ..core.envelope import error_item
from ..core.errors import FlowDeckError, invalid_param
from ..core.redact import redact_source
from ..core.rule_thresholds import missing_rates
from ..core.units import format_amount
from ..feeds.base import Feed
from ..feeds.origin import origin_of
from ..feeds.registry import open_feed
from ..live.alerts import AlertPipeline
from ..live.follow import FOLLOW_BACKOFF, LIVE, RECONNECTING, Follower, FollowState
from ..live.store import BATCH, Change, LiveStore
from ..storage.settings_rates import settings_rates
from ..storage.stale_settings import read_stale_settings
from ..storage.tape_settings import read_tape_settings
from .watch_notify import Notifying, notify_specs, open_channels

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
SNAPSHOT_TIMEOUT_S = 30.0
LINE_WIDTH = 160  # a batch line names codes while it stays under this
MAX_LINE_CODES = 4


def build_rules(alerts: Sequence[str], cooldown_s: float | None = None) -> list[Rule]:
    """Each `--alert` text as a rule for every watched code (scope "all")."""
    options = {} if cooldown_s is None else {"cooldown_s": cooldown_s}
    return [parse_expression(text, scope="all", **options) for text in alerts]


class Printer:
    """Writes the lines, flushed one by one (the output is usually piped): a line per
    batch the store takes (a LiveStore listener), a line per alert (a Notifier).
    `closed` turns true when the reader went away (a broken pipe)."""

    def __init__(self, out: TextIO, err: TextIO, as_json: bool, codes: Sequence[str],
                 units: str = "kmb", lang: str = "en") -> None:
        self.out, self.err = out, err
        self.as_json = as_json
        self.codes = list(codes)
        self.units, self.lang = units, lang
        self.closed = False
        self.source: Callable[[], str] | None = None   # whose numbers, asked at a snapshot

    def changed(self, change: Change) -> None:
        if change.kind == BATCH:
            self.batch(change.batch.records, change.batch.snapshot, change.new_errors,
                       change.epoch)

    def batch(self, records: Mapping, snapshot: bool, errors: Mapping[str, tuple[int, str]],
              wall: float) -> None:
        """A batch's records (in the order of `codes`) and its per-code errors not shown
        before; nothing when neither."""
        if not records and not errors:
            return  # nothing changed: no line
        order = {c: i for i, c in enumerate(self.codes)}
        ordered = sorted(records.values(), key=lambda r: order.get(r.code, len(order)))
        if self.as_json:
            obj: dict = {"type": "batch", "snapshot": bool(snapshot), "wall": wall,
                         "records": [r.to_dict() for r in ordered]}
            if snapshot and self.source is not None and self.source():
                obj["source"] = self.source()
            if errors:
                obj["errors"] = [error_item(c, e) for c, e in errors.items()]
            self._line(json.dumps(obj, ensure_ascii=False))
            return
        if ordered:
            self._line(self.batch_line(ordered, snapshot, wall))
        for code, (number, message) in errors.items():
            self.error(f"error {int(number)} {code}: {message}")

    def batch_line(self, records: list, snapshot: bool, wall: float) -> str:
        clock = dt.datetime.fromtimestamp(wall).strftime("%H:%M:%S")
        kind = "snapshot" if snapshot else "update"
        line = f"{clock}  {kind:<8} {len(records):>3} record{'s' if len(records) != 1 else ''}"
        main = "主力" if self.lang == "zh" else "main"
        shown = 0
        for r in records[:MAX_LINE_CODES]:
            part = f"  {r.code} {main} {format_amount(r.main_net_inflow, self.units)}"
            if len(line) + len(part) > LINE_WIDTH - 12:
                break
            line += part
            shown += 1
        if shown < len(records):
            line += f"  +{len(records) - shown} more"
        return line

    def notify(self, alerts: Sequence[Alert]) -> None:
        for alert in alerts:
            self.alert(alert)

    def alert(self, alert: Alert) -> None:
        if self.as_json:
            self._line(json.dumps(alert.to_json(), ensure_ascii=False))
            return
        rule = alert.rule  # with the threshold this code was compared with
        said = f"{rule.meta.label(self.lang)} {rule.op.value} " \
               f"{format_value(rule.field, alert.limit, self.units)}"
        value = format_value(alert.field, alert.value, self.units)
        if alert.trade is not None:
            said, t = rule.describe(self.units, self.lang), alert.trade
            value = f"{SIDE_NAMES[t.side]} {t.quantity:,.0f} @ {t.price:g} = {value}"
        line = f"ALERT {alert.time} {alert.code} {said}: {value}"
        if rule.note:
            line += f"  ({rule.note})"
        self._line(line)

    def line(self, text: str) -> None:
        """A line of its own on stdout (watch --notify's data-stale alerts)."""
        self._line(text)

    def error(self, text: str) -> None:
        try:  # an error may quote the source URL: never with its token
            print(redact_source(text), file=self.err, flush=True)
        except (BrokenPipeError, ValueError):
            pass

    def _line(self, text: str) -> None:
        if self.closed:
            return
        try:
            print(text, file=self.out, flush=True)
        except BrokenPipeError:
            self.closed = True


class Watcher:
    """Follower (every batch written as it comes) + AlertPipeline + Printer; `run()`
    until cancelled, the reader goes away, or the gateway refuses us."""

    def __init__(self, feed: Feed, codes: Sequence[str], engine: AlertEngine,
                 printer: Printer, clock: Callable[[], float] = time.time,
                 delay: Callable[[int], float] = FOLLOW_BACKOFF.delay) -> None:
        self.feed, self.codes = feed, list(codes)
        self.printer = printer
        printer.source = lambda: origin_of(feed)   # a gateway knows its own after a snapshot
        self.refused: Refused | None = None
        self.store = LiveStore()
        self.pipeline = AlertPipeline(engine, notifiers=[printer])
        self.follower = Follower(self.store, epoch=clock, min_interval=0.0, backoff=delay,
                                 snapshot_timeout=SNAPSHOT_TIMEOUT_S, fatal=(Refused,))
        # The batch's line first, then its alerts.
        self.store.add_listener(printer.changed)
        self.store.add_listener(self.pipeline.on_change)
        self.store.add_listener(self._stop_when_unread)
        self.follower.add_state_listener(self._state_changed)
        self._reconnecting = False
        self.follower.attach(feed)  # a gateway reconnects by itself: its states show

    @property
    def alerts(self) -> int:
        return self.pipeline.fired_count

    async def run(self) -> None:
        self.follower.start(self.feed, self.codes)
        try:
            await self.follower.finished()
        finally:
            await self.follower.stop(close_feed=False)  # watch() closes it

    def _stop_when_unread(self, change: Change) -> None:
        if self.printer.closed:
            self.follower.halt()

    def _state_changed(self, state: FollowState) -> None:
        if state.by_feed:
            self._feed_state(state)
        elif isinstance(state.exc, Refused):
            self.refused = state.exc
            self.printer.error(f"error {int(state.exc.code)} {state.exc}; not retrying")
        elif state.state == RECONNECTING and state.exc is not None:
            exc = state.exc
            if isinstance(exc, FlowDeckError):
                message = f"error {int(exc.code)} {exc}"
            else:
                message = f"error {type(exc).__name__}: {exc}"
            self.printer.error(f"{message}; retrying in {state.retry_in:g} s")
            if self.printer.closed:
                self.follower.halt()

    def _feed_state(self, state: FollowState) -> None:
        if state.state == RECONNECTING:
            text = state.state
            if state.retry_in is not None:
                text += f" (retry in {state.retry_in:.1f} s)"
            self.printer.error(f"{self.feed.name}: {text}"
                               + (f": {state.error}" if state.error else ""))
            self._reconnecting = True
        elif state.state == LIVE and self._reconnecting:
            self.printer.error(f"{self.feed.name}: live again")
            self._reconnecting = False


async def watch(codes: Sequence[str], rules: Sequence[Rule], source: str, *,
                as_json: bool = False, duration: float | None = None, units: str = "kmb",
                lang: str = "en", out: TextIO | None = None,
                err: TextIO | None = None, rates: Rates | None = None,
                printer: Printer | None = None, notify: Sequence[ChannelSpec] = (),
                notify_configured: bool = False) -> int:
    """Follow `codes` on `source` until `duration` seconds pass, SIGINT/SIGTERM, or the
    reader of `out` goes away (`printer`: what prints, `flowdeck tape`'s); alerts and
    data-stale alerts to the `notify` channels too (cli/watch_notify.py). Raises
    FlowDeckError for a bad source URL or a channel that lacks a secret."""
    printer = printer or Printer(out or sys.stdout, err or sys.stderr, as_json, codes,
                                 units, lang)
    feed = open_feed(source)
    watcher = Watcher(feed, codes, AlertEngine(rules, rates=rates), printer)
    watcher.pipeline.set_rules(rules)   # the trade rules too (core/trade_alerts.py)
    use_tape_settings(watcher, printer)
    notifying = _notifying(watcher, notify, notify_configured, source, as_json, units,
                           lang) if notify else None
    for rule in rules:
        missing = missing_rates(rule, codes, rates)
        if missing:
            printer.error(f"no rate for {', '.join(missing)} in the settings' [currency]: "
                          f"'{rule.describe(units, lang)}' does not check those codes")
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    handled = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # Windows or not the main thread: Ctrl-C arrives as KeyboardInterrupt
    if any(r.field in DERIVED_KEYS for r in rules):
        await _read_multiday(watcher, source, codes)
    if notifying is not None:
        notifying.start()
    task = asyncio.create_task(watcher.run(), name="flowdeck-watch")
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({task, stopper}, timeout=duration,
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in (task, stopper):
            t.cancel()
        for t in (task, stopper):
            with contextlib.suppress(asyncio.CancelledError):
                await t
        for sig in handled:
            loop.remove_signal_handler(sig)
        with contextlib.suppress(Exception):
            await feed.aclose()
        if notifying is not None:
            await notifying.close()
    if printer.closed:
        _silence_stdout()
    return EXIT_FAILED if watcher.refused is not None else EXIT_OK


def _notifying(watcher: Watcher, specs: Sequence[ChannelSpec], configured: bool,
               source: str, as_json: bool, units: str, lang: str) -> Notifying:
    """--notify: the rules' alerts and the data-stale ones to the channels too."""
    settings, problems = read_stale_settings()
    for problem in problems:
        watcher.printer.error(f"settings [stale]: {problem}")
    notifying = Notifying(specs, open_channels(specs, configured), watcher.store,
                          stale=settings, source=source, error=watcher.printer.error,
                          line=watcher.printer.line, as_json=as_json, units=units,
                          lang=lang)
    watcher.pipeline.add_notifier(notifying.notifier)
    watcher.follower.add_state_listener(notifying.stale.on_state)
    return notifying


async def _read_multiday(watcher: Watcher, source: str, codes: Sequence[str]) -> None:
    """Rules on multi-day fields read the archive `flowdeck backfill` and the window fill
    (for this source's days); without one they stay silent, and the user is told."""
    from ..feeds.history_sources import history_source
    from ..live.day_history import read_multiday
    from ..storage import paths

    path = paths.archive_path("window")
    try:
        identity = history_source(source).identity
    except FlowDeckError:
        watcher.printer.error("multi-day rules need the flow history, which this source "
                              "does not keep here yet: they stay silent")
        return
    if not path.exists():
        watcher.printer.error("no flow history archived yet (`flowdeck backfill CODES "
                              "--days 20`): multi-day rules stay silent")
        return
    try:
        provider = await asyncio.to_thread(read_multiday, path, identity, codes)
    except OSError as exc:
        watcher.printer.error(f"the flow history cannot be read ({exc}): multi-day rules "
                              "stay silent")
        return
    watcher.pipeline.set_multiday(provider)


def use_tape_settings(watcher: Watcher, printer: Printer) -> None:
    """The settings file's [tape], as the window uses it: the source picks its big trades
    by those minimum values, the store keeps those caps (read only; problems on stderr)."""
    settings, problems = read_tape_settings()
    for problem in problems:
        printer.error(f"settings [tape]: {problem}")
    watcher.store.tape.per_code, watcher.store.tape.total = settings.per_code, settings.total
    watcher.follower.set_tape_settings(settings)


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the exit flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def run_watch(stock_list: Sequence[str], alerts: Sequence[str], *, market: str | None = None,
              source: str = "sim", as_json: bool = False, cooldown_s: float | None = None,
              duration: float | None = None, units: str = "kmb", lang: str = "en",
              out: TextIO | None = None, err: TextIO | None = None,
              notify: Sequence[str] = (), notify_urls: Sequence[str] = ()) -> int:
    """The command: 0 when it ends (duration, Ctrl-C, SIGTERM); 2 on bad input (codes,
    alerts, source URL, duration) with the error on stderr."""
    err = err or sys.stderr
    try:
        codes = parse_stock_list(list(stock_list), market)
        rules = build_rules(alerts, cooldown_s)
        if duration is not None and not (math.isfinite(duration) and duration > 0):
            raise invalid_param(f"--duration must be a number of seconds > 0, got {duration!r}")
        rates = settings_rates() if any(r.currency for r in rules) else None
        specs = notify_specs(notify, notify_urls)
        return asyncio.run(watch(codes, rules, source, as_json=as_json, duration=duration,
                                 units=units, lang=lang, out=out, err=err, rates=rates,
                                 notify=specs, notify_configured=bool(notify)))
    except FlowDeckError as exc:
        print(f"error {int(exc.code)} {redact_source(str(exc))}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK

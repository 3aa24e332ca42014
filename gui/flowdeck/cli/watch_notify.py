"""`flowdeck watch --notify NAME --notify-url URL`: watch's alerts sent the way the window
sends them, through a durable outbox and Deliveries (live/delivery.py), at least once.

- `--notify NAME` (repeatable) names a `[[channels]]` table of the settings file (read
  only, as the window wrote it: storage/channel_settings.read_channel_settings), its
  secrets from the OS's credential store (storage/secrets.SecretStore) or typed into
  the file; an unknown or disabled name is an error 1001 that lists the usable names.
- `--notify-url URL` (repeatable) is a generic webhook (channels/webhook.py) with no
  signature: the JSON of each alert, the `--json` alert object and more.
- Every alert of the rules goes to every channel named; so do the data-stale alerts
  (live/stale.py, the settings' [stale] stale time; its channel list is the window's).
- The outbox is `outbox-watch.sqlite` in the data folder, not the window's: a firing is
  sent by the process that wrote it, and the next `watch` resumes what one left. At
  the end watch waits up to DRAIN_S for what is due to go out.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from ..channels.base import Channel
from ..channels.registry import make_channel
from ..core.alert_payload import alert_payload
from ..core.alerts import Alert
from ..core.channel_spec import ChannelSpec, channel_from_table
from ..core.errors import invalid_param
from ..live.delivery import Deliveries
from ..live.delivery_state import ChannelState
from ..live.stale import StaleWatch
from ..live.store import LiveStore
from ..storage import paths
from ..storage.outbox import Outbox

OUTBOX_NAME = "outbox-watch.sqlite"
DRAIN_S = 5.0
DRAIN_STEP_S = 0.05

def url_name(url: str) -> str:
    """A --notify-url channel's name: the same for the same URL in every run, so what an
    earlier run left in the outbox goes to that URL and no other."""
    return "url-" + hashlib.sha256(url.encode()).hexdigest()[:12]


def notify_specs(names: Sequence[str], urls: Sequence[str]) -> list[ChannelSpec]:
    """The channels `--notify` names (from the settings file) and `--notify-url` gives;
    FlowDeckError 1001 for a name that is not configured or is disabled, or a bad URL."""
    specs: list[ChannelSpec] = []
    if names:
        from ..storage.channel_settings import read_channel_specs
        configured, _problems = read_channel_specs()
        by_name = {s.name: s for s in configured}
        usable = [s.name for s in configured if s.enabled]
        for name in dict.fromkeys(names):
            spec = by_name.get(name)
            if spec is None or not spec.enabled:
                said = "is turned off" if spec is not None else "is not configured"
                listed = ", ".join(usable) if usable else "none"
                raise invalid_param(f"--notify {name}: that channel {said} in the settings' "
                                    f"[[channels]] (usable: {listed})")
            specs.append(spec)
    for url in dict.fromkeys(urls):
        if not url.startswith(("http://", "https://")):
            raise invalid_param(f"--notify-url {url!r:.80}: a URL must start with http:// "
                                f"or https://")
        specs.append(channel_from_table({"name": url_name(url), "kind": "webhook",
                                         "url": url}))
    return specs


def open_channels(specs: Sequence[ChannelSpec], configured: bool) -> dict[str, Channel]:
    """Each spec as a Channel, its secrets read now (1001 when one it needs is missing).
    The secret store is opened only for `configured` channels (--notify NAME)."""
    secrets: object = _NoSecrets()
    if configured:
        from ..storage.channel_settings import TypedOverStore, read_channel_settings
        from ..storage.secrets import SecretStore
        _specs, _problems, typed = read_channel_settings()
        secrets = TypedOverStore(typed, SecretStore.open())
    return {s.name: make_channel(s, secrets) for s in specs}  # type: ignore[arg-type]


class _NoSecrets:
    def get(self, channel: str, field: str) -> str | None:
        return None


class ToChannels:
    """A Notifier: every alert to every channel named (watch's rules name none)."""

    def __init__(self, deliveries: Deliveries, names: Sequence[str], units: str = "kmb",
                 lang: str = "en") -> None:
        self.deliveries, self.names = deliveries, list(names)
        self.units, self.lang = units, lang

    def notify(self, alerts: Sequence[Alert]) -> None:
        self.deliveries.put([alert_payload(a, self.units, self.lang) for a in alerts],
                            self.names)


class Notifying:
    """What `--notify` adds to a running watch: Deliveries over watch's outbox, the
    notifier for the rules' alerts, and StaleWatch for the data-stale ones (on the
    Follower's `clock`). `start()` in the loop, `await close()` at the end (after
    draining what is due)."""

    def __init__(self, specs: Sequence[ChannelSpec], channels: dict[str, Channel],
                 store: LiveStore, *, stale, source: str, error: Callable[[str], None],
                 line: Callable[[str], None], as_json: bool, units: str = "kmb",
                 lang: str = "en", clock: Callable[[], float] = time.monotonic,
                 epoch: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.names = names = [s.name for s in specs]
        outbox = Outbox(paths.data_dir() / OUTBOX_NAME)
        for name in names:  # a new run is a user's retry: what an earlier one left goes now
            outbox.due_now(name, time.time())
        self.deliveries = Deliveries(outbox, channels, {s.name: s for s in specs},
                                     units=units, lang=lang)
        self.notifier = ToChannels(self.deliveries, names, units, lang)
        self.stale = StaleWatch(store, replace(stale, channels=tuple(names)), source=source,
                                deliveries=self.deliveries, clock=clock, epoch=epoch,
                                sleep=sleep, units=units, lang=lang)
        self._error, self._line, self._json = error, line, as_json
        self.deliveries.add_state_listener(self._channel_state)
        self.stale.add_listener(self._print_stale)

    def start(self) -> None:
        self.deliveries.start()
        self.stale.start()

    async def close(self, drain_s: float = DRAIN_S) -> None:
        await self.stale.stop()
        end = time.monotonic() + drain_s
        while self.pending() and time.monotonic() < end:
            failing = [s for s in self.deliveries.states() if not s.ok]
            if failing and len(failing) == len(self.deliveries.states()):
                break  # every channel is failing: what is left waits for the next run
            await asyncio.sleep(DRAIN_STEP_S)
        left = self.pending()
        if left:
            self._error(f"{left} alert message(s) not sent yet: kept in "
                        f"{self.deliveries.outbox.path} for the next `flowdeck watch "
                        f"--notify`")
        await self.deliveries.close()

    def pending(self) -> int:
        """Messages not sent yet to this run's channels (the outbox may also keep rows
        of channels an earlier run named: those wait for a run that names them)."""
        return sum(self.deliveries.outbox.pending(name) for name in self.names)

    def _channel_state(self, state: ChannelState) -> None:
        if state.ok:
            self._error(f"channel {state.name}: sending again")
        else:
            self._error(f"channel {state.name}: failing: {state.last_error}")

    def _print_stale(self, payloads: list[dict]) -> None:
        for p in payloads:
            if self._json:
                self._line(json.dumps(p, ensure_ascii=False))
            else:
                word = "STALE" if p["type"] == "stale" else "RECOVERED"
                self._line(f"{word} {p['time']} {p['rule_text']}: {p['note']}")

"""The window's alert channels as Settings > Channels edits them: the [[channels]] of
the window's config (its truth: nothing here keeps a copy), their secrets in the
SecretStore (opened when first needed), and the window's Deliveries (live/delivery.py),
attached by the alerts' wiring and given new channel objects after every save.

Secrets typed into the settings file by hand are moved to the store at the first save
or attach that finds them, and a banner says so once; a store that falls back to the
0600 file says that once too (the page says it as long as it is shown)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from ...channels.base import Channel, ChannelError, Sent
from ...core.channel_spec import ChannelSpec
from ...core.errors import FlowDeckError
from ...live.delivery import Deliveries
from ...live.delivery_marks import trial_payload
from ...live.delivery_state import ChannelState
from ...storage.atomic import StorageError
from ...storage.channel_settings import (
    ChannelProblem,
    TypedOverStore,
    channel_specs,
    move_typed_secrets,
    set_channel_specs,
    typed_secrets,
)
from ...storage.config import Config
from ...storage.secrets import SecretStore, SecretStoreError


class ChannelsWindow(Protocol):
    """What of the main window this needs."""
    config: Config
    banners: Any

    def save_config(self) -> bool: ...


class WindowChannels(QObject):
    state_changed = Signal(object)  # a ChannelState, from the Deliveries' senders
    changed = Signal()              # the channels were saved (added, edited, removed)

    def __init__(self, window: ChannelsWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.deliveries: Deliveries | None = None
        self.unusable: dict[str, str] = {}  # channel -> why it could not be built
        self._store: SecretStore | None = None

    def specs(self) -> tuple[list[ChannelSpec], list[ChannelProblem]]:
        return channel_specs(self.window.config)

    def store(self) -> SecretStore:
        if self._store is None:
            self._store = SecretStore.open()
            if self._store.fallback and self.specs()[0]:
                path = str(self._store.path)
                self.window.banners.show_message("secrets", lambda: self.tr(
                    "No keyring is available: the alert channels' secrets are kept in "
                    "{path}, readable only by you but not encrypted.").format(path=path))
        return self._store

    def has_secret(self, channel: str, field: str) -> bool:
        """Whether `channel` has this secret, stored or typed into the file."""
        secrets = TypedOverStore(typed_secrets(self.window.config), self.store())
        try:
            return secrets.get(channel, field) is not None
        except SecretStoreError:  # a locked keyring, a broken file: the list says why
            return False

    def attach(self, deliveries: Deliveries) -> None:
        """The window's Deliveries: built channels now and after every save, and their
        states told through state_changed."""
        self.deliveries = deliveries
        deliveries.add_state_listener(self.state_changed.emit)
        if self.specs()[0]:
            try:
                self._move_typed()
            except (SecretStoreError, StorageError) as exc:  # left in the file, still read
                error = str(exc)
                self.window.banners.show_message("secrets-moved", lambda: self.tr(
                    "The secrets typed into the settings file could not be moved out of "
                    "it: {error}").format(error=error))
        self.rebuild()

    def state(self, name: str) -> ChannelState | None:
        if self.deliveries is None or name in self.unusable:
            return None
        return self.deliveries.state(name)

    def rebuild(self) -> None:
        specs = {s.name: s for s in self.specs()[0]}
        channels = self.build(specs.values())
        if self.deliveries is not None:
            self.deliveries.set_channels(specs, channels)

    def build(self, specs: Iterable[ChannelSpec]) -> dict[str, Channel]:
        """The channels of the enabled `specs` that can be built; why the others
        cannot is kept in `unusable`."""
        self.unusable.clear()
        specs = [spec for spec in specs if spec.enabled]
        if not specs:  # no store opened, no keyring asked, no aiohttp imported
            return {}
        from ...channels.registry import make_channel

        secrets = TypedOverStore(typed_secrets(self.window.config), self.store())
        built: dict[str, Channel] = {}
        for spec in specs:
            try:
                built[spec.name] = make_channel(spec, secrets)
            except (FlowDeckError, SecretStoreError) as exc:  # a missing or unreadable secret
                self.unusable[spec.name] = exc.message
        return built

    def save_channel(self, old: str | None, spec: ChannelSpec,
                     secrets: Mapping[str, str], forget: Iterable[str] = ()) -> None:
        """Add `spec` (old None) or replace channel `old` by it, with the secrets typed
        (field -> value) and those to forget; raises SecretStoreError or StorageError,
        leaving the settings as they were."""
        store = self.store()
        self._move_typed()
        before = next((s for s in self.specs()[0] if s.name == old), None)
        if before is not None:
            for field in set(before.secret_fields) - set(spec.secret_fields):
                store.delete(old, field)  # the kind changed: its secrets go
            if old != spec.name:
                store.rename(old, spec.name, spec.secret_fields)
        for field, value in secrets.items():
            store.set(spec.name, field, value)
        for field in forget:
            store.delete(spec.name, field)
        specs = [spec if s.name == old else s for s in self.specs()[0]]
        if old is None:
            specs.append(spec)
        self._save(specs)

    def remove_channel(self, name: str) -> None:
        specs = self.specs()[0]
        gone = [s for s in specs if s.name == name]
        self._move_typed()
        for spec in gone:
            for field in spec.secret_fields:
                self.store().delete(name, field)
        self._save([s for s in specs if s.name != name])

    async def send_test(self, name: str) -> Sent:
        """A test message to channel `name` as saved: through the Deliveries when they
        run, else through a channel built for it. Raises ChannelError or FlowDeckError."""
        if self.deliveries is not None and name not in self.unusable:
            return await self.deliveries.send_test(name)
        from ...channels.registry import make_channel

        spec = next((s for s in self.specs()[0] if s.name == name), None)
        if spec is None:  # removed since it was picked
            raise ChannelError(f"no channel named {name!r} is configured", permanent=True)
        secrets = TypedOverStore(typed_secrets(self.window.config), self.store())
        channel = make_channel(spec, secrets)
        try:
            return await channel.send([trial_payload(time.time())])
        finally:
            await channel.close()

    def _save(self, specs: list[ChannelSpec]) -> None:
        set_channel_specs(self.window.config, specs)
        self.window.save_config()
        self.rebuild()
        self.changed.emit()

    def _move_typed(self) -> None:
        moved = move_typed_secrets(self.window.config, self.store())
        if not moved:
            return
        self.window.save_config()
        names, where = ", ".join(moved), self.store().backend
        self.window.banners.show_message("secrets-moved", lambda: self.tr(
            "The secrets typed into the settings file for {names} were moved to {where} "
            "and taken out of the file.").format(names=names, where=where), "info")

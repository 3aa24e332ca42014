"""Firings the outbox refused (a full disk, a read-only data folder): kept in memory, in
order, and written first at the next put or sweep, so a disk that fills up and is freed
loses nothing it was given meanwhile. Bounded: beyond `max_batches` the oldest go (a
log line counts them). No asyncio."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from ..storage.atomic import StorageError
from ..storage.outbox import Outbox

log = logging.getLogger("flowdeck.delivery")
HELD_MAX = 10_000  # batches


class HeldFirings:
    def __init__(self, outbox: Outbox, wake: Callable[[str], None],
                 max_batches: int = HELD_MAX) -> None:
        self.outbox, self.max_batches = outbox, max_batches
        self.error: str | None = None  # why the outbox refuses them now
        self._wake = wake
        self._batches: list[tuple[list[dict], tuple[str, ...]]] = []
        self._listeners: list[Callable[[str | None], None]] = []

    @property
    def count(self) -> int:
        """Firings waiting in memory."""
        return sum(len(p) for p, _ in self._batches)

    def add(self, payloads: Sequence[dict], channels: tuple[str, ...]) -> None:
        self._batches.append((list(payloads), channels))

    def write(self) -> None:
        """Into the outbox, oldest first, waking their channels; stops at a refusal."""
        while self._batches:
            payloads, names = self._batches[0]
            try:
                self.outbox.add(payloads, names)
            except StorageError as exc:
                self._refused(str(exc))
                return
            self._batches.pop(0)
            for name in names:
                self._wake(name)
        if self.error is not None:
            self.error = None
            log.info("the outbox takes firings again")
            self._tell()

    def add_listener(self, cb: Callable[[str | None], None]) -> None:
        self._listeners.append(cb)

    def _refused(self, error: str) -> None:
        excess = len(self._batches) - self.max_batches
        dropped = sum(len(p) for p, _ in self._batches[:excess]) if excess > 0 else 0
        if excess > 0:
            del self._batches[:excess]
        log.warning("%s (%d firing(s) held in memory%s)", error, self.count,
                    f"; {dropped} older firing(s) dropped" if dropped else "")
        if self.error != error:
            self.error = error
            self._tell()

    def _tell(self) -> None:
        for cb in list(self._listeners):
            try:
                cb(self.error)
            except Exception:
                log.exception("an outbox listener failed")

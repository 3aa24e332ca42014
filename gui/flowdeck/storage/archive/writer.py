"""ArchiveWriter: saves code-days in a worker thread, so the thread that hands them
over (the window's) never waits on SQLite, a full disk or a lock.

`submit(days)` queues and returns. The worker merges what arrives (per code-day the
version DayFlow's rule keeps: day_rows.kept) into its pending days and saves them, at
most 500 codes per transaction. When a save fails (disk full, no permission, "database
is locked" past the busy timeout) the days stay pending in memory, `on_error` is told
(the window shows a banner; the live view does not depend on the archive), and the
worker tries again after `retry_after_s` or at the next submit; `on_recovered` is told
when a save succeeds again. Nothing submitted is dropped while the process lives.

The callbacks run in the worker thread: a Qt window hands them to its own thread
(e.g. loop.call_soon_threadsafe).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ...core.day_flow import DayFlow
from .archive import Archive
from .day_rows import kept
from .ops import BUSY_TIMEOUT_S, ArchiveOps
from .problems import ArchiveError

RETRY_AFTER_S = 60.0
log = logging.getLogger("flowdeck.storage.archive")


class _Flush:
    def __init__(self, prune: int | None = None) -> None:
        self.done = threading.Event()
        self.ok = False
        self.prune = prune


_STOP = object()


class ArchiveWriter:
    def __init__(self, path: str | Path, identity: str, *,
                 on_error: Callable[[ArchiveError], None] | None = None,
                 on_recovered: Callable[[], None] | None = None,
                 ops: ArchiveOps | None = None, retry_after_s: float = RETRY_AFTER_S,
                 busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path, self.identity = Path(path), identity
        self.on_error, self.on_recovered = on_error, on_recovered
        self.ops, self.retry_after_s = ops, retry_after_s
        self.busy_timeout_s = busy_timeout_s
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._pending: dict[tuple[str, dt.date], DayFlow] = {}
        self._count = 0            # pending code-days, readable from any thread
        self._failing = False
        self._archive: Archive | None = None
        self._thread = threading.Thread(target=self._run, name="archive-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Code-days submitted and not saved yet (as of the worker's last pass)."""
        return self._count

    @property
    def failing(self) -> bool:
        """Whether the last save failed (the days wait in memory)."""
        return self._failing

    def submit(self, days: Sequence[DayFlow] | Callable[[], Sequence[DayFlow]]) -> None:
        """Queue these code-days for saving; returns at once. A callable is called in the
        worker for the days (what building them costs is then not the caller's: the
        window's thread hands over arrays, the worker makes 5,000 DayFlows of them)."""
        if callable(days):
            self._queue.put(days)
        elif days:
            self._queue.put(list(days))

    def flush(self, timeout: float | None = None) -> bool:
        """Save what was submitted so far now (a retry too) and wait for it: True when
        nothing is pending afterwards, False when a save failed or `timeout` passed."""
        return self._ask(_Flush(), timeout)

    def prune_minutes(self, keep_days: int | None, timeout: float | None = None) -> bool:
        """Prune the minute series in the worker (Archive.prune_minutes) after saving
        what is pending; True when it was done."""
        return self._ask(_Flush(prune=keep_days), timeout)

    def close(self, timeout: float | None = None) -> bool:
        """A last save of everything pending, then the worker ends; True when all was
        saved. Days that could not be saved are lost with the process."""
        ok = self.flush(timeout)
        self._queue.put(_STOP)
        self._thread.join(timeout)
        return ok

    def _ask(self, flush: _Flush, timeout: float | None) -> bool:
        if not self._thread.is_alive():
            return False
        self._queue.put(flush)
        return flush.done.wait(timeout) and flush.ok

    # --- the worker ----------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                wait = self.retry_after_s if self._pending else None
                try:
                    item = self._queue.get(timeout=wait)
                except queue.Empty:
                    item = None                   # time to retry
                flushes, stop = [], False
                while True:                       # take everything queued, then save once
                    if item is _STOP:
                        stop = True
                    elif isinstance(item, _Flush):
                        flushes.append(item)
                    elif callable(item):
                        self._take(self._built(item))
                    elif item is not None:
                        self._take(item)
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                ok = self._save()
                for f in flushes:
                    f.ok = ok and self._prune(f.prune)
                    f.done.set()
                if stop:
                    return
        finally:
            if self._archive is not None:
                self._archive.close()

    def _built(self, build: Callable[[], Sequence[DayFlow]]) -> list[DayFlow]:
        try:
            return list(build())
        except Exception:  # a bug in a builder must not end the worker
            log.exception("building the days to save failed")
            return []

    def _take(self, days: list[DayFlow]) -> None:
        pending = self._pending
        for flow in days:
            key = (flow.code, flow.day)
            pending[key] = kept(pending.get(key), flow)
        self._count = len(pending)

    def _save(self) -> bool:
        if not self._pending:
            return not self._failing
        try:
            archive = self._open()
            flows = list(self._pending.values())
            archive.save(flows)
        except ArchiveError as e:
            self._fail(e)
            return False
        except Exception as e:  # a bug must not end the worker and lose the days
            log.exception("saving the archive failed")
            self._fail(ArchiveError("save the archive", self.path, e))
            return False
        for flow in flows:  # `save` commits chunk by chunk; on success all went in
            del self._pending[(flow.code, flow.day)]
        self._count = len(self._pending)
        if self._failing:
            self._failing = False
            if self.on_recovered:
                try:
                    self.on_recovered()
                except Exception:
                    log.exception("the archive's recovery callback failed")
        return True

    def _open(self) -> Archive:
        if self._archive is None:
            self._archive = Archive.open(self.path, self.identity, ops=self.ops,
                                         busy_timeout_s=self.busy_timeout_s, repair=False)
        return self._archive

    def _prune(self, keep_days: int | None) -> bool:
        if keep_days is None:
            return True
        try:
            self._open().prune_minutes(keep_days)
        except ArchiveError as e:
            self._fail(e)
            return False
        return True

    def _fail(self, error: ArchiveError) -> None:
        self._failing = True
        log.warning("%s", error)
        if self.on_error:
            try:
                self.on_error(error)
            except Exception:
                log.exception("the archive's error callback failed")


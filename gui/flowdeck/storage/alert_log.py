"""The alert log on disk: every fired alert, one JSON object a line, in `alerts.jsonl` in
the user data folder, so none is lost across restarts. No Qt.

Writing: `append(entries)` encodes the entries as JSON lines and writes them, after any
left pending by an earlier failure, with ONE `write` on a file opened with O_APPEND,
then fsyncs. One write per batch means two writers (two windows, the window and
`flowdeck watch`) never interleave inside a line. When the write fails (a full disk, no
permission) the entries stay pending in memory, in order, and the next `append` or
`flush` writes them first: nothing is lost while the disk is full, and nothing is
written twice. A short write that leaves part of a line in the file (the disk filled up
mid-write) is finished as a torn line: the retry starts with a newline, so the torn
fragment is one bad line and the entry follows whole.

Reading: `read_day(day)` gives the entries whose `wall` (epoch seconds) falls on that
local day, skipping lines that are not JSON objects (a half line after a crash or a
power cut) and counting them in `bad_lines`. A line whose start is such a fragment and
whose end is a whole entry (the entry written after a torn line) gives the entry.

The os calls go through storage.atomic.FileOps so tests can fail any step.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import math
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core import json_text
from .atomic import FileOps, StorageError
from .paths import data_dir
from .private_files import tighten_fd

ALERT_LOG_NAME = "alerts.jsonl"
_APPEND_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
_FILE_MODE = 0o600


def alert_log_path(home: str | os.PathLike[str] | None = None) -> Path:
    """`alerts.jsonl` in the data folder (FLOWDECK_HOME or `home` overrides it)."""
    return data_dir(home) / ALERT_LOG_NAME


def encode_entry(entry: Mapping[str, Any]) -> bytes:
    """One entry as one JSON line (UTF-8, ends in a newline, none inside)."""
    if not isinstance(entry, Mapping):
        raise TypeError(f"an alert log entry must be a dict, not {type(entry).__name__}")
    return json.dumps(dict(entry), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class AlertLog:
    """Append-only JSON-lines log; see the module docstring. Thread-safe."""

    def __init__(self, path: str | os.PathLike[str], ops: FileOps | None = None) -> None:
        self.path = Path(path)
        self.ops = ops or FileOps()
        self.bad_lines = 0        # lines the last read_day skipped
        self._pending: list[bytes] = []
        self._torn = False        # our last write left part of a line in the file
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        """Entries waiting to be written (after a failed append)."""
        return len(self._pending)

    def append(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Write the pending entries, then `entries`; raises StorageError (and keeps all
        of them pending) when the file cannot be written."""
        lines = [encode_entry(e) for e in entries]  # a bad entry fails before anything
        with self._lock:
            self._pending.extend(lines)
            self._write_pending()

    def flush(self) -> None:
        """Retry the pending entries; raises StorageError if it still fails."""
        with self._lock:
            self._write_pending()

    def _write_pending(self) -> None:
        if not self._pending:
            return
        data = (b"\n" if self._torn else b"") + b"".join(self._pending)
        lead = 1 if self._torn else 0
        ops, path = self.ops, str(self.path)
        written = 0
        try:
            ops.mkdir(str(self.path.parent))
            fd = ops.open(path, _APPEND_FLAGS, _FILE_MODE)
        except OSError as exc:
            raise StorageError("append alerts to", path, exc) from exc
        tighten_fd(fd)  # a log made 0644 by an older version
        try:
            view = memoryview(data)
            while written < len(data):
                # One write normally; only a short write (a disk filling up) needs more.
                n = ops.write(fd, view[written:])
                if n <= 0:
                    raise OSError(errno.EIO, os.strerror(errno.EIO), path)
                written += n
        except OSError as exc:
            self._close_quietly(fd)
            self._drop_written(written, lead)
            raise StorageError("append alerts to", path, exc) from exc
        # Every byte is in the file: the entries are no longer pending whatever follows
        # (writing them again would duplicate them).
        self._pending.clear()
        self._torn = False
        try:
            ops.fsync(fd)
        except OSError as exc:
            self._close_quietly(fd)
            raise StorageError("append alerts to", path, exc) from exc
        self._close_quietly(fd)

    def _drop_written(self, written: int, lead: int) -> None:
        """After a failed write of `written` bytes: forget the lines that are wholly in
        the file; note a torn one (it stays pending and is written again in full)."""
        if written == 0:
            return  # nothing reached the file: a torn line before stays torn
        written -= lead
        self._torn = False
        done = 0
        for line in self._pending:
            if written >= len(line):
                written -= len(line)
                done += 1
            else:
                self._torn = written > 0
                break
        del self._pending[:done]

    def _close_quietly(self, fd: int) -> None:
        try:
            self.ops.close(fd)
        except OSError:
            pass  # the data was written (and fsynced, or the error was raised already)

    # --- reading -----------------------------------------------------------------------

    def read_day(self, day: dt.date) -> list[dict]:
        """The entries whose `wall` falls on `day` (local time), in file order. A missing
        file gives []; other read errors raise StorageError."""
        try:
            data = self.ops.read(str(self.path))
        except FileNotFoundError:
            self.bad_lines = 0
            return []
        except OSError as exc:
            raise StorageError("read alerts from", self.path, exc) from exc
        out: list[dict] = []
        bad = 0
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            entry, torn = _decode_line(raw)
            bad += torn
            if entry is not None and _on_day(entry, day):
                out.append(entry)
        self.bad_lines = bad
        return out


def _decode_line(raw: bytes) -> tuple[dict | None, bool]:
    """A line's entry, and whether the line is (or starts with) a torn fragment: a line
    that is no JSON object gives its end when that is a whole object (the entry written
    after a torn line), else None."""
    try:
        value = json_text.loads(raw)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return value, False
    start = raw.find(b"{", 1)
    while start != -1:
        try:
            value = json_text.loads(raw[start:])
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value, True
        start = raw.find(b"{", start + 1)
    return None, True


def _on_day(entry: dict, day: dt.date) -> bool:
    wall = entry.get("wall")
    if isinstance(wall, bool) or not isinstance(wall, int | float):
        return False
    if not math.isfinite(wall):
        return False
    try:
        return dt.datetime.fromtimestamp(wall).date() == day
    except (OverflowError, OSError, ValueError):
        return False

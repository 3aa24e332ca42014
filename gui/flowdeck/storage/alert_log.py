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

Rotation: the file holds one day. The first append on a new day (by the file's last
change) first renames it to `alerts-YYYY-MM-DD.jsonl` (`alerts-YYYY-MM-DD.1.jsonl`, ...
when that exists) of the day it was last written, under a lock on the folder so two
writers rotate it once. The archives are kept; nothing deletes them.

Reading: `read_day(day)` gives the entries whose `wall` (epoch seconds) falls on that
local day, reading the file from its end and stopping at an entry from well before that
day (or after `limit` entries), so a start costs what today's alerts cost, not what the
file holds. Lines that are not JSON objects (a half line after a crash or a power cut)
are skipped and counted in `bad_lines`, as are lines longer than MAX_LINE (never parsed).
A line whose start is such a fragment and whose end is a whole entry (the entry written
after a torn line) gives the entry.

The os calls go through storage.atomic.FileOps so tests can fail any step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import math
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core import json_text
from .atomic import FileOps, StorageError
from .lines_backwards import lines_backwards
from .paths import data_dir
from .private_files import tighten_fd

try:
    import fcntl
except ImportError:  # Windows: rotation goes without the folder lock
    fcntl = None  # type: ignore[assignment]

ALERT_LOG_NAME = "alerts.jsonl"
# No link is followed: one planted in place of the log would take the alerts elsewhere.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_APPEND_FLAGS = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW
                 | getattr(os, "O_BINARY", 0))
_FILE_MODE = 0o600
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0)
#: A longer line is skipped unparsed (an entry is well under 1 KB; a long note, a few KB).
MAX_LINE = 1 << 16
#: Reading back, an entry this long before the day's start ends the search (two writers
#: may append a little out of order around midnight).
_STOP_BEFORE_S = 3600
#: At most this many starts are tried when repairing a torn line (see _decode_line).
_REPAIR_TRIES = 8


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
            self._rotate_if_old()
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

    def _rotate_if_old(self) -> None:
        """Move a file last written on another day to its archive name (see the module
        docstring). Best effort: a failure leaves the entries going to the old file."""
        if self._last_day() in (None, dt.date.today()):
            return
        try:
            with _folder_lock(self.path.parent):
                day = self._last_day()  # again: another writer may have rotated it
                if day is not None and day != dt.date.today():
                    self.ops.replace(str(self.path), str(archive_path(self.path, day, self.ops)))
        except OSError:
            pass

    def _last_day(self) -> dt.date | None:
        try:
            return dt.date.fromtimestamp(self.ops.stat(str(self.path)).st_mtime)
        except (OSError, OverflowError, ValueError):
            return None

    def _close_quietly(self, fd: int) -> None:
        try:
            self.ops.close(fd)
        except OSError:
            pass  # the data was written (and fsynced, or the error was raised already)

    # --- reading -----------------------------------------------------------------------

    def read_day(self, day: dt.date, limit: int | None = None) -> list[dict]:
        """The entries whose `wall` falls on `day` (local time), in file order; with
        `limit`, the last `limit` of them. A missing file gives []; other read errors
        raise StorageError."""
        path = str(self.path)
        try:
            fd = self.ops.open(path, _READ_FLAGS)
        except FileNotFoundError:
            self.bad_lines = 0
            return []
        except OSError as exc:
            raise StorageError("read alerts from", self.path, exc) from exc
        try:
            size = self.ops.stat(fd).st_size
            return self._read_back(fd, size, day, limit)
        except OSError as exc:
            raise StorageError("read alerts from", self.path, exc) from exc
        finally:
            self._close_quietly(fd)

    def _read_back(self, fd: int, size: int, day: dt.date, limit: int | None) -> list[dict]:
        stop = dt.datetime.combine(day, dt.time()).timestamp() - _STOP_BEFORE_S
        out: list[dict] = []
        bad = 0
        for raw in _entries_lines(self.ops, fd, size):
            if raw is None:
                bad += 1
                continue
            entry, torn = _decode_line(raw)
            bad += torn
            if entry is None:
                continue
            if _on_day(entry, day):
                out.append(entry)
                if limit is not None and len(out) >= limit:
                    break
            elif _before(entry, stop):
                break
        self.bad_lines = bad
        out.reverse()
        return out


def archive_path(path: Path, day: dt.date, ops: FileOps | None = None) -> Path:
    """`alerts-YYYY-MM-DD.jsonl`, or `alerts-YYYY-MM-DD.1.jsonl`, ... the first free one."""
    ops = ops or FileOps()
    candidate = path.with_name(f"{path.stem}-{day.isoformat()}{path.suffix}")
    n = 0
    while ops.exists(str(candidate)):
        n += 1
        candidate = path.with_name(f"{path.stem}-{day.isoformat()}.{n}{path.suffix}")
    return candidate


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive flock on a folder (no lock file to leave behind); none on Windows."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _entries_lines(ops: FileOps, fd: int, size: int) -> Iterator[bytes | None]:
    """Non-blank lines, last first; None for a line too long to be an entry."""
    for raw in lines_backwards(ops, fd, size, MAX_LINE):
        if raw is None or raw.strip():
            yield raw


def _decode_line(raw: bytes) -> tuple[dict | None, bool]:
    """A line's entry, and whether the line is (or starts with) a torn fragment: a line
    that is no JSON object gives its end when that is a whole object (the entry written
    after a torn line), else None.

    The entry at a line's end starts with `{"` (encode_entry writes nothing else; inside
    a JSON string a quote is escaped) and ends with `}`. Starts are tried from the right,
    a few at most, and only when the line ends with `}`: each try parses to the line's
    end, so trying every `{` of a long line was quadratic (300 KB of `{`: 16 s)."""
    try:
        value = json_text.loads(raw)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return value, False
    if not raw.rstrip().endswith(b"}"):
        return None, True
    end = len(raw)
    for _ in range(_REPAIR_TRIES):
        start = raw.rfind(b'{"', 1, end)
        if start == -1:
            break
        try:
            value = json_text.loads(raw[start:])
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value, True
        end = start
    return None, True


def _before(entry: dict, stop: float) -> bool:
    wall = entry.get("wall")
    if isinstance(wall, bool) or not isinstance(wall, int | float):
        return False
    return wall < stop


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

"""What can go wrong with the archive, said for people: an error (a save or an open
that failed; the caller keeps what it had and retries) and a notice (the archive was
replaced at open; the window shows it as a banner). No Qt: the window translates the
notice from its fields."""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..atomic import StorageError

# SQLite's result codes (the primary ones) that say the same as an errno.
_ERRNO_OF = {
    13: errno.ENOSPC,   # SQLITE_FULL
    8: errno.EACCES,    # SQLITE_READONLY
    3: errno.EACCES,    # SQLITE_PERM
    23: errno.EACCES,   # SQLITE_AUTH
    14: errno.EACCES,   # SQLITE_CANTOPEN
    5: errno.EBUSY,     # SQLITE_BUSY: "database is locked"
    6: errno.EBUSY,     # SQLITE_LOCKED
}


class ArchiveError(StorageError):
    """An archive operation that failed: "Could not save the archive PATH: database or
    disk is full". `errno` is ENOSPC, EACCES or EBUSY (locked) when SQLite's result
    code says one of those, else the OS error's own."""

    def __init__(self, doing: str, path: str | os.PathLike[str],
                 cause: BaseException) -> None:
        super().__init__(doing, path, cause)
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", None)
            self.errno = _ERRNO_OF.get(code & 0xFF) if isinstance(code, int) else None


class ArchiveTooNew(ArchiveError):
    """The file was written by a newer FlowDeck: not opened, so not written over."""

    def __init__(self, path: str | os.PathLike[str], version: int, known: int) -> None:
        cause = ValueError(f"it was written by a newer FlowDeck (archive version "
                           f"{version}; this one knows up to {known}); it is left as it is")
        super().__init__("open the archive", path, cause)
        self.version, self.known = version, known


@dataclass(frozen=True, slots=True)
class ArchiveNotice:
    """An unreadable archive was moved aside and a new one started. `reason` is
    "corrupt" (not a readable SQLite file) or "foreign" (SQLite, not FlowDeck's
    archive); `detail` is what SQLite or the check said."""
    path: Path
    moved_to: Path
    reason: str
    detail: str

    @property
    def text(self) -> str:
        what = ("could not be read" if self.reason == "corrupt"
                else "is not a FlowDeck archive")
        return (f"The flow history {self.path} {what} ({self.detail}); it was moved to "
                f"{self.moved_to.name} and a new history started.")

"""Folders and files only their owner may read or change.

FlowDeck's files (settings, log, alert log, window layout) hold what a trader watches and
may hold a gateway's token in a source URL: they are created 0600 and an existing one
is tightened to 0600 (a folder left 0755 by another program no longer exposes them).
"""

from __future__ import annotations

import logging.handlers
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def tighten_fd(fd: int) -> None:
    """Make the open file `fd` 0600 if others may read or write it; best effort (a file
    of another user's, or a file system without modes, stays as it is)."""
    if os.name == "nt":
        return
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, FILE_MODE)
    except OSError:
        pass


def tighten_file(path: str | os.PathLike[str]) -> None:
    """`tighten_fd` for a file by name; a missing file is left missing."""
    if os.name == "nt":
        return
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
            os.chmod(path, FILE_MODE)
    except OSError:
        pass


def private_file(path: str | os.PathLike[str]) -> Path:
    """Create `path` empty and 0600 if missing (its folder 0700), else tighten it: a
    writer that keeps a file's mode (QSettings' QSaveFile) then writes it private."""
    path = Path(path)
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    except OSError:
        return path  # its writer reports what is wrong
    try:
        tighten_fd(fd)
    finally:
        os.close(fd)
    return path


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are 0600: the log is created so, an older one
    (and its rotated copies, which rotation renames) is tightened when opened."""

    def _open(self):  # logging.FileHandler calls it for each (re)open
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            tighten_fd(fd)
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def tighten_backups(self) -> None:
        for n in range(1, self.backupCount + 1):
            tighten_file(self.rotation_filename(f"{self.baseFilename}.{n}"))


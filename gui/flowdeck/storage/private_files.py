"""Folders and files only their owner may read or change.

FlowDeck's files (settings, log, alert log, window layout) hold what a trader watches and
may hold a gateway's token in a source URL: they are created 0600 and an existing one
is tightened to 0600 (a folder left 0755 by another program no longer exposes them).

The run folder holds the single-instance lock and socket. Its usual place may be
`/tmp/runtime-<uid>/flowdeck` (no XDG_RUNTIME_DIR), which another user could create
first and fill with a lock of theirs: `ensure_private_dir` accepts a folder only when it
is a real folder (no link) owned by this user that no one else can write, in a folder
no one else can swap it out of; `run_dir` falls back to the state folder otherwise.

The os calls go through FileOps (`lstat`, `getuid`), so tests can fake an owner.
"""

from __future__ import annotations

import errno
import logging.handlers
import os
import stat
from pathlib import Path

from .atomic import FileOps, StorageError
from .paths import home_dir, runtime_dir, state_dir

FILE_MODE = 0o600
DIR_MODE = 0o700
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


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


def private_dir_problem(folder: Path, ops: FileOps | None = None) -> str | None:
    """Why `folder` is not private to this user, or None when it is."""
    if os.name == "nt":
        return None
    ops = ops or FileOps()
    uid = ops.getuid()
    info = ops.lstat(str(folder))
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link (another user may have made it)"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if info.st_uid != uid:
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & _OTHERS_WRITE:
        return f"other users can write to it (mode {stat.S_IMODE(info.st_mode):o})"
    parent = Path(os.path.realpath(folder.parent))
    up = ops.lstat(str(parent))
    if up.st_uid not in (uid, 0):
        return f"its folder {parent} belongs to another user (uid {up.st_uid})"
    # Group write is let pass on the folder above: a umask of 002 (a group per user, as
    # Ubuntu gives) makes the parents os.makedirs creates 0775.
    if up.st_mode & stat.S_IWOTH and not up.st_mode & stat.S_ISVTX:
        return (f"other users can write to its folder {parent} "
                f"(mode {stat.S_IMODE(up.st_mode):o}) and replace it")
    return None


def ensure_private_dir(folder: str | os.PathLike[str], ops: FileOps | None = None) -> Path:
    """Create `folder` (0700) if missing; StorageError saying why when it is not private
    to this user (see `private_dir_problem`)."""
    folder = Path(folder)
    ops = ops or FileOps()
    try:
        ops.mkdir(str(folder))
        problem = private_dir_problem(folder, ops)
    except OSError as exc:
        raise StorageError("use the folder", folder, exc) from exc
    if problem:
        raise StorageError("use the folder", folder, PermissionError(errno.EPERM, problem))
    return folder


def run_dir(home: str | os.PathLike[str] | None = None,
            ops: FileOps | None = None) -> tuple[Path, str]:
    """The run folder (lock, socket), checked private, and a note for the user when the
    usual one was refused and the state folder's `run` is used instead. Under
    FLOWDECK_HOME (or `home`) its `run` folder or StorageError: no fallback there."""
    if home_dir(home) is not None:
        return ensure_private_dir(runtime_dir(home), ops), ""
    try:
        return ensure_private_dir(runtime_dir(home), ops), ""
    except OSError as exc:  # StorageError, or platformdirs refusing its /tmp fallback
        refused = str(exc)
    fallback = ensure_private_dir(state_dir(home) / "run", ops)
    return fallback, f"{refused}; using {fallback} instead"

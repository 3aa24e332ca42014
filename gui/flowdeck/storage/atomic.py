"""Atomic file writes: a temp file in the same folder, write, fsync, rename over the
target, fsync the folder. A crash or a full disk leaves the old file or the new one,
never half of one. A failed write removes its temp file; one left by a writer that was
killed mid-write (kill -9, a power cut) is removed by the next successful write of the
same file, once that writer's process is gone.

Files are created 0600 (settings, exports: only their owner reads them). A target that is
a symbolic link is written through the link (a user's symlinked config keeps its link)
only when the link sits in a folder no other user can write: in /tmp or a folder of
someone else's, a planted link would point our write at a file of the planter's choice.

The os calls go through a FileOps object so tests can make any step fail
(ENOSPC, EACCES) or fake a folder's owner without root-proof permission tricks.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path


class StorageError(OSError):
    """A file operation that failed, with a message for people:
    "Could not save settings to PATH: No space left on device". `errno` and
    `filename` are those of the cause."""

    def __init__(self, doing: str, path: str | os.PathLike[str], cause: BaseException) -> None:
        reason = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
        code = getattr(cause, "errno", None)
        if code == errno.ELOOP:  # what O_NOFOLLOW gives for a link: say what it means
            reason = ("it is a symbolic link, which FlowDeck does not follow there "
                      "(another user could have planted it); remove the link")
        super().__init__(code, reason, os.fspath(path))
        self.doing = doing
        self.human = f"Could not {doing} {os.fspath(path)}: {reason}"

    def __str__(self) -> str:
        return self.human


class FileOps:
    """The os calls the storage layer uses; override one to inject a failure."""

    def open(self, path: str, flags: int, mode: int = 0o666) -> int:
        return os.open(path, flags, mode)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def close(self, fd: int) -> None:
        os.close(fd)

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def unlink(self, path: str) -> None:
        os.unlink(path)

    def mkdir(self, path: str) -> None:
        os.makedirs(path, mode=0o700, exist_ok=True)

    def read(self, path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()

    def exists(self, path: str) -> bool:
        return os.path.lexists(path)

    def lstat(self, path: str) -> os.stat_result:
        return os.lstat(path)

    def getuid(self) -> int:
        return os.getuid() if hasattr(os, "getuid") else 0

    def listdir(self, path: str) -> list[str]:
        return os.listdir(path)

    def stat(self, path: str | int) -> os.stat_result:
        return os.stat(path)

    def read_at(self, fd: int, offset: int, size: int) -> bytes:
        """At most `size` bytes from `offset` (fewer only at the end of the file): a
        bounded read, where `read` takes a whole file."""
        os.lseek(fd, offset, os.SEEK_SET)
        parts: list[bytes] = []
        while size > 0:
            part = os.read(fd, size)
            if not part:
                break
            parts.append(part)
            size -= len(part)
        return b"".join(parts)


def temp_name(path: Path) -> Path:
    """The temp file beside `path` (hidden, unique, ends in .tmp); `temp_writer` reads
    the writer's pid back."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def temp_writer(target: Path, name: str) -> int | None:
    """The pid of the process that made `name`, when it is one of `target`'s temp files."""
    match = re.fullmatch(rf"\.{re.escape(target.name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp", name)
    return int(match.group(1)) if match else None


def atomic_write(path: str | os.PathLike[str], data: bytes, ops: FileOps | None = None,
                 mode: int = 0o600) -> None:
    """Replace `path` with `data` atomically; creates the folder if needed. Raises the
    OSError of the failed step after removing the temp file (the old file is untouched);
    StorageError when `path` is a link in a folder other users can write."""
    ops = ops or FileOps()
    target = Path(os.path.realpath(path))  # a symlinked config keeps its link
    if os.name != "nt":
        check_links(Path(os.path.abspath(path)), ops)
    ops.mkdir(str(target.parent))
    tmp = str(temp_name(target))
    fd = ops.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = ops.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, os.strerror(errno.EIO), tmp)
                view = view[written:]
            ops.fsync(fd)
        except BaseException:
            try:
                ops.close(fd)
            except OSError:
                pass
            raise
        ops.close(fd)
        ops.replace(tmp, str(target))
    except BaseException:
        try:
            ops.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(target.parent, ops)
    remove_stale_temps(target, ops)


def check_links(path: Path, ops: FileOps, hops: int = 40) -> None:
    """Raise StorageError unless each symbolic link on the way from `path` to the file
    it names sits in a folder only this user (or root) can write."""
    for _ in range(hops):
        try:
            info = ops.lstat(str(path))
        except FileNotFoundError:
            return
        except OSError:
            return  # the write itself reports what is wrong
        if not stat.S_ISLNK(info.st_mode):
            return
        problem = shared_folder_problem(path.parent, ops)
        if problem:
            raise StorageError("write", path, PermissionError(
                errno.EPERM, f"it is a symbolic link in {problem}; FlowDeck does not "
                             f"write through it (that user could point it anywhere)"))
        path = Path(os.path.join(os.path.realpath(path.parent), os.readlink(path)))
    raise StorageError("write", path, OSError(errno.ELOOP, os.strerror(errno.ELOOP)))


def shared_folder_problem(folder: Path, ops: FileOps) -> str | None:
    """Whom else `folder` lets in ("a folder other users can write to: /tmp"), or None
    when only this user or root can change what it holds."""
    try:
        info = ops.lstat(os.path.realpath(folder))
    except OSError:
        return None
    if info.st_uid not in (ops.getuid(), 0):
        return f"a folder of another user (uid {info.st_uid}): {folder}"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"a folder other users can write to: {folder}"
    return None


def remove_stale_temps(target: Path, ops: FileOps | None = None) -> int:
    """Remove the temp files of `target` (see temp_name) whose writer process no longer
    exists: what a writer killed mid-write left. Best effort; returns how many went."""
    ops = ops or FileOps()
    if os.name == "nt":  # os.kill(pid, 0) is no liveness probe there
        return 0
    try:
        names = ops.listdir(str(target.parent))
    except OSError:
        return 0
    removed = 0
    for name in names:
        pid = temp_writer(target, name)
        if pid is None or pid == os.getpid() or _process_exists(pid):
            continue  # not a temp file of ours, or a writer still at work
        try:
            ops.unlink(str(target.parent / name))
            removed += 1
        except OSError:
            pass
    return removed


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, as another user
        return True
    return True


def fsync_dir(folder: Path, ops: FileOps | None = None) -> None:
    """Make a rename in `folder` durable; best effort (Windows cannot open folders)."""
    ops = ops or FileOps()
    if os.name == "nt":
        return
    try:
        fd = ops.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        ops.fsync(fd)
    except OSError:
        pass
    finally:
        try:
            ops.close(fd)
        except OSError:
            pass

"""The gateway's token file: one per port, mode 0600, in a folder only this user owns.

A gateway writes the token it requires to `gateway-<port>.token` when it starts and
removes the file when it stops; a client of a gateway on this machine (loopback) that
was given no token reads it, so a local script needs no token typed in. The folder is
the user's runtime dir ($XDG_RUNTIME_DIR/flowdeck), else the state dir
(~/.local/state/flowdeck), never a folder in /tmp that another user could have made
first; with FLOWDECK_HOME, its `run` subfolder. A gateway run by another user is not
found here: its owner passes the token on (FLOWDECK_TOKEN or `token=`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import stat
import sys
import warnings
from pathlib import Path

import platformdirs

APP_NAME = "flowdeck"
HOME_ENV = "FLOWDECK_HOME"
MAX_TOKEN_BYTES = 1024
_POSIX = os.name == "posix"


def token_dir() -> Path:
    """Where gateways on this machine leave their token files (not created here)."""
    home = os.environ.get(HOME_ENV, "")
    if home:
        return Path(home).expanduser() / "run"
    if _POSIX and sys.platform != "darwin" and not os.environ.get("XDG_RUNTIME_DIR"):
        # platformdirs would fall back to /tmp/runtime-<uid>, which anyone may create.
        return platformdirs.user_state_path(APP_NAME)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return platformdirs.user_runtime_path(APP_NAME)


def token_path(port: int) -> Path:
    return token_dir() / f"gateway-{int(port)}.token"


def is_local_host(host: str) -> bool:
    """Whether a client's `host` is this machine for sure: `localhost` or a loopback IP.
    Other names (`x.localhost` included) may resolve anywhere: the token stays home."""
    bare = host.strip().strip("[]").lower()
    if bare == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


def private_folder_problem(folder: Path) -> str | None:
    """Why `folder` is not safe for a secret (owned by another user, or open to
    others), or None when it is. Always None where POSIX modes do not apply."""
    if not _POSIX:
        return None
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if info.st_uid != os.geteuid():
        return f"{folder} belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o077:
        return f"{folder} is open to other users (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def read_token(port: int) -> str | None:
    """The token of the gateway on this machine's `port`, or None when there is no
    readable token file of this user's there."""
    path = token_path(port)
    try:
        if private_folder_problem(path.parent):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if _POSIX and os.fstat(fd).st_uid != os.geteuid():
            return None
        data = os.read(fd, MAX_TOKEN_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > MAX_TOKEN_BYTES:
        return None
    token = data.decode("utf-8", "replace").strip()
    return token or None


class FileToken:
    """The token file of one port, re-read when the file changes: a gateway restarted
    on the same port writes a new token, and a reconnecting client must follow it."""

    def __init__(self, port: int) -> None:
        self.path = token_path(port)
        self.port = port
        self._seen: tuple[int, int, int] | None = None
        self._token: str | None = None

    def current(self) -> str | None:
        try:
            info = os.stat(self.path)
            key = (info.st_ino, info.st_mtime_ns, info.st_size)
        except OSError:
            key = None
        if key != self._seen or self._token is None:   # none yet: look again each time
            self._seen = key
            self._token = read_token(self.port) if key is not None else None
        return self._token


def write_token(port: int, token: str) -> Path:
    """Leave `token` for local clients (the gateway, at start); OSError saying why not.
    Written to a temporary name and renamed, so that a reader never sees half of it."""
    folder = token_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if _POSIX:
        info = folder.lstat()
        if info.st_uid == os.geteuid() and stat.S_ISDIR(info.st_mode) \
                and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, 0o700)   # made by an older version, or by hand
    problem = private_folder_problem(folder)
    if problem:
        raise OSError(f"cannot keep the token in {folder}: {problem}")
    path = token_path(port)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, token.encode("utf-8") + b"\n")
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path


def remove_token(port: int, token: str) -> None:
    """Remove the token file at exit, unless another gateway has put its own there."""
    if read_token(port) == token:
        with contextlib.suppress(OSError):
            os.unlink(token_path(port))

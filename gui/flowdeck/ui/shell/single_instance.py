"""One FlowDeck per user: a QLockFile in the runtime directory, and a QLocalServer the
running instance listens on. A second start finds the lock taken, asks the first one to
raise its window over the local socket, and exits; so two copies never write the same
config or alert log.

The server name is derived from the runtime directory, so FLOWDECK_HOME (tests, the
self-test) gives a separate instance space. The directory must be private to the user
(storage.private_files): a lock another user planted there is never trusted.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ...storage.atomic import FileOps
from ...storage.private_files import ensure_private_dir
from ...storage.private_files import run_dir as private_run_dir

LOCK_FILE_NAME = "flowdeck.lock"
RAISE_MESSAGE = b"raise\n"
_TIMEOUT_MS = 2000


def server_name(run_dir: Path) -> str:
    """A short local-socket name unique to the user and the runtime directory."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment: the directory still tells
        user = "user"
    digest = hashlib.sha1(str(run_dir.resolve()).encode()).hexdigest()[:12]
    return f"flowdeck-{user}-{digest}"


class SingleInstance(QObject):
    """`acquire()` -> True for the first instance (it then emits `raise_requested` when
    another start knocks); False for a later one, after it has knocked."""

    raise_requested = Signal()

    def __init__(self, run_dir: Path | None = None, parent: QObject | None = None,
                 ops: FileOps | None = None) -> None:
        """Without `run_dir`, the user's run folder (StorageError when neither it nor
        the fallback is private); `note` then says when the fallback is used."""
        super().__init__(parent)
        self.note = ""
        if run_dir is None:
            run_dir, self.note = private_run_dir(ops=ops)
        self.run_dir = run_dir
        self._ops = ops
        self.name = server_name(self.run_dir)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    @property
    def primary(self) -> bool:
        return self._server is not None

    def acquire(self) -> bool:
        """StorageError when the run folder is not private to this user."""
        ensure_private_dir(self.run_dir, self._ops)
        lock = QLockFile(str(self.run_dir / LOCK_FILE_NAME))
        # Never stale by age (the window runs for days); a dead owner's lock is
        # still taken over: QLockFile checks whether its process is alive.
        lock.setStaleLockTime(0)
        if not lock.tryLock(100):
            notify_running(self.name)
            return False
        self._lock = lock
        QLocalServer.removeServer(self.name)  # we hold the lock: any old socket is stale
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Still the only instance (we hold the lock); we just cannot be raised.
            server.deleteLater()
            return True
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @Slot()
    def _on_connection(self) -> None:
        assert self._server is not None
        while (sock := self._server.nextPendingConnection()) is not None:
            sock.setParent(self)  # Qt owns it (and deletes it), not a Python reference
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                self._read(sock)

    @Slot()
    def _on_ready_read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        data = bytes(sock.readAll().data())
        if RAISE_MESSAGE.strip() in data:
            self.raise_requested.emit()


def notify_running(name: str) -> bool:
    """Ask the instance listening on `name` to raise its window; False if none answers."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(_TIMEOUT_MS):
        return False
    sock.write(RAISE_MESSAGE)
    ok = sock.waitForBytesWritten(_TIMEOUT_MS)
    sock.disconnectFromServer()
    if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        sock.waitForDisconnected(_TIMEOUT_MS)
    return ok
